// The crossmem.regimes context key: the host regimes the run's handoff probes fell into, one JSON
// object per regime that holds at least one whole repetition.
//
//   {"regime_ns": 58.1, "share": 0.75, "repetitions": 96}
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace crossmem::schema {

struct RegimeEntry {
  double regime_ns = 0;  // median handoff of the regime's repetitions (field::regime_ns)
  double share = 0;      // fraction of the run's probed repetitions
  std::uint64_t repetitions = 0;
};

nlohmann::json to_json(const std::vector<RegimeEntry>& entries);

// Reads the listing. Absent share and repetitions stay 0. Throws ParseError ("is not a JSON
// array", "has an entry without a numeric \"regime_ns\"", "entry: \"share\" is not a number", ...).
std::vector<RegimeEntry> regimes_from_json(const nlohmann::json& listing);

// regimes_from_json of the key's text; ParseError also when the text is not JSON.
std::vector<RegimeEntry> parse_regimes(const std::string& text);

}  // namespace crossmem::schema
