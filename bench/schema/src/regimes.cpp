#include "crossmem/schema/regimes.hpp"

#include <nlohmann/json.hpp>

#include "crossmem/schema/error.hpp"
#include "crossmem/schema/fields.hpp"
#include "crossmem/schema/json_text.hpp"

namespace crossmem::schema {

using nlohmann::json;

nlohmann::json to_json(const std::vector<RegimeEntry>& entries) {
  json out = json::array();
  for (const RegimeEntry& e : entries) {
    out.push_back(
        {{field::regime_ns, e.regime_ns}, {"share", e.share}, {"repetitions", e.repetitions}});
  }
  return out;
}

std::vector<RegimeEntry> regimes_from_json(const nlohmann::json& listing) {
  if (!listing.is_array()) throw ParseError("is not a JSON array");
  std::vector<RegimeEntry> out;
  for (const json& item : listing) {
    if (!item.is_object() || !item.contains(field::regime_ns) ||
        !item[field::regime_ns].is_number()) {
      throw ParseError("has an entry without a numeric \"regime_ns\"");
    }
    RegimeEntry e;
    e.regime_ns = item[field::regime_ns].get<double>();
    if (item.contains("share")) {
      if (!item["share"].is_number()) throw ParseError("entry: \"share\" is not a number");
      e.share = item["share"].get<double>();
    }
    if (item.contains("repetitions")) {
      if (!item["repetitions"].is_number())
        throw ParseError("entry: \"repetitions\" is not a number");
      double n = item["repetitions"].get<double>();
      e.repetitions = n > 0 ? static_cast<std::uint64_t>(n) : 0;
    }
    out.push_back(e);
  }
  return out;
}

std::vector<RegimeEntry> parse_regimes(const std::string& text) {
  return regimes_from_json(parse_json(text));
}

}  // namespace crossmem::schema
