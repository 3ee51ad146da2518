#include "crossmem/results/extras.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "crossmem/error.hpp"

namespace crossmem::results {

namespace {

using nlohmann::json;

json parse_object(const std::string& text, const std::string& what, const char* list_key) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string message = e.what();
    if (std::size_t close = message.find("] "); close != std::string::npos) {
      message = message.substr(close + 2);
    }
    throw InvalidInput(what + ": not JSON: " + message);
  }
  if (!doc.is_object() || !doc.contains(list_key) || !doc[list_key].is_array()) {
    throw InvalidInput(what + ": expected an object with a \"" + list_key + "\" array");
  }
  return doc;
}

std::string text_field(const json& item, const char* key, const std::string& where, bool required) {
  if (!item.contains(key) || item[key].is_null()) {
    if (required) throw InvalidInput(where + ": missing \"" + key + "\"");
    return {};
  }
  const json& v = item[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  throw InvalidInput(where + ": \"" + key + "\" is not a string or number");
}

double number_field(const json& item, const char* key, const std::string& where) {
  if (!item.contains(key) || !item[key].is_number()) {
    throw InvalidInput(where + ": \"" + key + "\" is missing or not a number");
  }
  return item[key].get<double>();
}

std::uint64_t size_field(const json& item, const std::string& where) {
  double v = number_field(item, "size", where);
  if (v < 0 || v != static_cast<double>(static_cast<std::uint64_t>(v))) {
    throw InvalidInput(where + ": \"size\" is not a non-negative integer");
  }
  return static_cast<std::uint64_t>(v);
}

double optional_number(const json& item, const char* key, const std::string& where) {
  if (!item.contains(key) || item[key].is_null()) return 0;
  if (!item[key].is_number()) throw InvalidInput(where + ": \"" + key + "\" is not a number");
  return item[key].get<double>();
}

void require_object(const json& item, const std::string& where) {
  if (!item.is_object()) throw InvalidInput(where + ": not an object");
}

}  // namespace

std::string read_text_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    throw InvalidInput("cannot read " + file.string() + ": is a directory");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidInput("cannot read " + file.string() + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InvalidInput("cannot read " + file.string() + ": read error");
  return text.str();
}

Tuned parse_tuned(const std::string& text, const std::string& what) {
  json doc = parse_object(text, what, "settings");
  Tuned tuned;
  std::size_t i = 0;
  for (const json& item : doc["settings"]) {
    std::string where = what + ": settings[" + std::to_string(i++) + "]";
    require_object(item, where);
    tuned.settings.push_back(TunedSetting{
        text_field(item, "stack", where, false), text_field(item, "name", where, true),
        text_field(item, "value", where, true), text_field(item, "reason", where, false)});
  }
  return tuned;
}

Verify parse_verify(const std::string& text, const std::string& what) {
  json doc = parse_object(text, what, "rows");
  Verify verify;
  std::size_t i = 0;
  for (const json& item : doc["rows"]) {
    std::string where = what + ": rows[" + std::to_string(i++) + "]";
    require_object(item, where);
    verify.rows.push_back(VerifyRow{
        size_field(item, where), text_field(item, "config", where, true),
        number_field(item, "bandwidth_Bps", where), number_field(item, "latency_us", where),
        optional_number(item, "regime_ns", where)});
  }
  if (doc.contains("efficiency") && !doc["efficiency"].is_null()) {
    if (!doc["efficiency"].is_array())
      throw InvalidInput(what + ": \"efficiency\" is not an array");
    i = 0;
    for (const json& item : doc["efficiency"]) {
      std::string where = what + ": efficiency[" + std::to_string(i++) + "]";
      require_object(item, where);
      verify.efficiency.push_back(VerifyEfficiency{size_field(item, where),
                                                   number_field(item, "efficiency", where),
                                                   optional_number(item, "regime_ns", where)});
    }
  }
  if (doc.contains("regimes") && !doc["regimes"].is_null()) {
    if (!doc["regimes"].is_array()) throw InvalidInput(what + ": \"regimes\" is not an array");
    i = 0;
    for (const json& item : doc["regimes"]) {
      std::string where = what + ": regimes[" + std::to_string(i++) + "]";
      require_object(item, where);
      double runs = optional_number(item, "runs", where);
      verify.regimes.push_back(VerifyRegime{number_field(item, "regime_ns", where),
                                            runs > 0 ? static_cast<std::uint64_t>(runs) : 0});
    }
  }
  if (double n = optional_number(doc, "unstable_runs", what); n > 0) {
    verify.unstable_runs = static_cast<std::uint64_t>(n);
  }
  return verify;
}

ReduceAnchor parse_reduce_anchor(const std::string& text, const std::string& what) {
  json doc = parse_object(text, what, "rows");
  ReduceAnchor anchor;
  anchor.mpi = text_field(doc, "mpi", what, false);
  std::size_t i = 0;
  for (const json& item : doc["rows"]) {
    std::string where = what + ": rows[" + std::to_string(i++) + "]";
    require_object(item, where);
    double procs = number_field(item, "procs", where);
    if (procs < 2 || procs != static_cast<double>(static_cast<int>(procs))) {
      throw InvalidInput(where + ": \"procs\" is not an integer of at least 2");
    }
    anchor.rows.push_back(ReduceAnchorRow{
        size_field(item, where), static_cast<int>(procs), text_field(item, "config", where, true),
        number_field(item, "reduce_ns", where), number_field(item, "bytes_per_second", where)});
  }
  return anchor;
}

Tuned load_tuned(const std::filesystem::path& file) {
  return parse_tuned(read_text_file(file), file.string());
}

Verify load_verify(const std::filesystem::path& file) {
  return parse_verify(read_text_file(file), file.string());
}

ReduceAnchor load_reduce_anchor(const std::filesystem::path& file) {
  return parse_reduce_anchor(read_text_file(file), file.string());
}

std::string to_json_text(const Tuned& tuned) {
  json doc = {{"settings", json::array()}};
  for (const auto& s : tuned.settings) {
    doc["settings"].push_back(
        {{"stack", s.stack}, {"name", s.name}, {"value", s.value}, {"reason", s.reason}});
  }
  return doc.dump(2) + "\n";
}

std::string to_json_text(const Verify& verify) {
  json doc = {{"rows", json::array()}, {"efficiency", json::array()}};
  for (const auto& r : verify.rows) {
    json row = {{"size", r.size},
                {"config", r.config},
                {"bandwidth_Bps", r.bandwidth_Bps},
                {"latency_us", r.latency_us}};
    if (r.regime_ns > 0) row["regime_ns"] = r.regime_ns;
    doc["rows"].push_back(row);
  }
  for (const auto& e : verify.efficiency) {
    json row = {{"size", e.size}, {"efficiency", e.efficiency}};
    if (e.regime_ns > 0) row["regime_ns"] = e.regime_ns;
    doc["efficiency"].push_back(row);
  }
  if (!verify.regimes.empty()) {
    doc["regimes"] = json::array();
    for (const auto& r : verify.regimes) {
      doc["regimes"].push_back({{"regime_ns", r.regime_ns}, {"runs", r.runs}});
    }
  }
  // Also when every run was unstable (no regime kept): a reader must not take "no rows" for "no
  // runs".
  if (!verify.regimes.empty() || verify.unstable_runs > 0) {
    doc["unstable_runs"] = verify.unstable_runs;
  }
  return doc.dump(2) + "\n";
}

std::string to_json_text(const ReduceAnchor& anchor) {
  json doc = {{"mpi", anchor.mpi}, {"rows", json::array()}};
  for (const auto& r : anchor.rows) {
    doc["rows"].push_back({{"size", r.size},
                           {"procs", r.procs},
                           {"config", r.config},
                           {"reduce_ns", r.reduce_ns},
                           {"bytes_per_second", r.bytes_per_second}});
  }
  return doc.dump(2) + "\n";
}

}  // namespace crossmem::results
