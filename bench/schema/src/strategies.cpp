#include "crossmem/schema/strategies.hpp"

#include <nlohmann/json.hpp>

#include "crossmem/schema/error.hpp"
#include "crossmem/schema/json_text.hpp"

namespace crossmem::schema {
namespace {

using nlohmann::json;

void read_flag(const json& item, const char* key, const std::string& name, bool& out) {
  if (!item.contains(key)) return;
  if (!item[key].is_boolean()) {
    throw ParseError("entry " + name + ": \"" + key + "\" is not a boolean");
  }
  out = item[key].get<bool>();
}

}  // namespace

std::string as_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string plain_message(const std::exception& e) {
  std::string what = e.what();
  if (!what.empty() && what[0] == '[') {
    std::size_t close = what.find("] ");
    if (close != std::string::npos) return what.substr(close + 2);
  }
  return what;
}

nlohmann::json parse_json(const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw ParseError("is not JSON: " + plain_message(e));
  }
}

nlohmann::json to_json(const std::vector<StrategyEntry>& entries) {
  json out = json::array();
  for (const StrategyEntry& e : entries) {
    json tunables = json::object();
    for (const auto& [k, v] : e.tunables) {
      json parsed = json::parse(v, nullptr, false);
      tunables[k] = parsed.is_number() ? parsed : json(v);
    }
    out.push_back({{"name", e.name},
                   {"available", e.available},
                   {"reason", e.reason},
                   {"remedy", e.remedy},
                   {"selected", e.selected},
                   {"reference", e.reference},
                   {"in_process", e.in_process},
                   {"copies", e.copies},
                   {"copier", e.copier},
                   {"default_tunables", tunables}});
  }
  return out;
}

std::vector<StrategyEntry> strategies_from_json(const nlohmann::json& listing) {
  if (!listing.is_array()) throw ParseError("is not a JSON array");
  std::vector<StrategyEntry> out;
  for (const json& item : listing) {
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string()) {
      throw ParseError("has an entry without a string \"name\"");
    }
    StrategyEntry e;
    e.name = item["name"].get<std::string>();
    read_flag(item, "available", e.name, e.available);
    read_flag(item, "selected", e.name, e.selected);
    read_flag(item, "reference", e.name, e.reference);
    read_flag(item, "in_process", e.name, e.in_process);
    if (item.contains("reason") && !item["reason"].is_null()) e.reason = as_text(item["reason"]);
    if (item.contains("remedy") && !item["remedy"].is_null()) e.remedy = as_text(item["remedy"]);
    if (item.contains("copier") && !item["copier"].is_null()) e.copier = as_text(item["copier"]);
    if (item.contains("copies")) {
      if (!item["copies"].is_number_integer())
        throw ParseError("entry " + e.name + ": \"copies\" is not an integer");
      e.copies = item["copies"].get<int>();
    }
    if (item.contains("default_tunables") && !item["default_tunables"].is_null()) {
      if (!item["default_tunables"].is_object())
        throw ParseError("entry " + e.name + ": \"default_tunables\" is not an object");
      for (const auto& [k, v] : item["default_tunables"].items()) e.tunables[k] = as_text(v);
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<StrategyEntry> parse_strategies(const std::string& text) {
  return strategies_from_json(parse_json(text));
}

}  // namespace crossmem::schema
