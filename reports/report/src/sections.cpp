#include "sections.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "crossmem/schema/context.hpp"
#include "format.hpp"
#include "tables.hpp"
#include "verdict.hpp"

namespace crossmem::report {
namespace {

using nlohmann::json;

std::string esc(const std::string& s) {
  return html_escape(s);
}

std::string scalar_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "-";
  return v.dump();
}

bool all_scalars(const json& array) {
  for (const json& v : array)
    if (v.is_structured()) return false;
  return true;
}

bool all_objects(const json& array) {
  for (const json& v : array)
    if (!v.is_object()) return false;
  return !array.empty();
}

void render_json(std::string& out, const json& v);

// A list of objects as a table: one row per object, one column per key (in first-seen order).
void render_rows(std::string& out, const json& array) {
  std::vector<std::string> keys;
  for (const json& row : array) {
    for (const auto& [k, unused] : row.items()) {
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  }
  out += "<table><tr>";
  for (const auto& k : keys) out += "<th>" + esc(k) + "</th>";
  out += "</tr>\n";
  for (const json& row : array) {
    out += "<tr>";
    for (const auto& k : keys) {
      out += "<td>";
      if (row.contains(k)) render_json(out, row.at(k));
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</table>";
}

void render_json(std::string& out, const json& v) {
  if (v.is_object()) {
    if (v.empty()) {
      out += "-";
      return;
    }
    out += "<table class=\"kv\">";
    for (const auto& [k, value] : v.items()) {
      out += "<tr><th>" + esc(k) + "</th><td>";
      render_json(out, value);
      out += "</td></tr>";
    }
    out += "</table>";
  } else if (v.is_array()) {
    if (all_scalars(v)) {
      std::string text;
      for (const json& item : v) text += (text.empty() ? "" : ", ") + scalar_text(item);
      out += esc(text.empty() ? "-" : text);
    } else if (all_objects(v)) {
      render_rows(out, v);
    } else {
      out += "<pre>" + esc(v.dump(2)) + "</pre>";
    }
  } else {
    out += esc(scalar_text(v));
  }
}

// A context value: JSON objects and lists as tables, anything else as text.
void render_value(std::string& out, const std::string& text) {
  if (!text.empty() && (text.front() == '{' || text.front() == '[')) {
    json v = json::parse(text, nullptr, false);
    if (!v.is_discarded()) {
      render_json(out, v);
      return;
    }
  }
  out += text.empty() ? "<span class=\"note\">not recorded</span>" : esc(text);
}

}  // namespace

void section_verdict(std::string& out, const Model& model) {
  out += "<section id=\"verdict\"><h2>Verdict</h2>\n<pre class=\"verdict\">";
  for (const std::string& line : verdict_lines(model)) out += esc(line) + "\n";
  out +=
      "</pre>\n<p class=\"note\">Fastest: highest median bandwidth per size among the ways of "
      "moving a message between processes (memcpy, shared-map and pipe are references); "
      "&ldquo;~&rdquo;: the runner-up's spread overlaps at some size of the band.</p>\n"
      "</section>\n";
}

void section_context(std::string& out, const Model& model) {
  out += "<section id=\"machines\"><h2>Machines and runs</h2>\n";
  for (const SourceView& view : model.sources) {
    const results::Source& source = model.source(view.index);
    out += "<h3>" + esc(source.label) + "</h3>\n<table class=\"kv\">";
    for (const auto& [label, value] : context_rows(source)) {
      if (label.starts_with(schema::kPrefix)) continue;  // folded below
      out += "<tr><th>" + esc(label) + "</th><td>";
      render_value(out, value);
      out += "</td></tr>\n";
    }
    out += "</table>\n";
    std::string doctor = source.get(schema::key::doctor);
    if (!doctor.empty()) {
      out += "<h4>Doctor summary (crossmem doctor)</h4>\n";
      render_value(out, doctor);
      out += "\n";
    }
    std::string strategies = source.get(schema::key::strategies);
    if (!strategies.empty()) {
      out += "<details><summary>Strategies as this run saw them</summary>\n";
      render_value(out, strategies);
      out += "\n</details>\n";
    }
    out += "<details><summary>More context (every key as recorded)</summary>\n<table class=\"kv\">";
    std::set<std::string> skip = {schema::key::doctor, schema::key::strategies};
    for (const auto& [label, value] : context_rows(source)) {
      if (!label.starts_with(schema::kPrefix) || skip.contains(label)) continue;
      out += "<tr><th>" + esc(label) + "</th><td>";
      render_value(out, value);
      out += "</td></tr>\n";
    }
    for (const auto& [key, value] : source.context) {
      if (key.starts_with(schema::kPrefix)) continue;
      out += "<tr><th>" + esc(key) + "</th><td>";
      render_value(out, value);
      out += "</td></tr>\n";
    }
    out += "</table>\n</details>\n";
  }
  out += "</section>\n";
}

}  // namespace crossmem::report
