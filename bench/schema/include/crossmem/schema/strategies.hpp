// The crossmem.strategies context key: the strategy table as the run saw it, one JSON object per
// row, in table order. Readers take strategy order and traits from here, never from a list of
// their own, so a new row in the table reaches every report unchanged.
//
//   {"name": "cma-read", "available": true, "reason": "", "remedy": "", "selected": true,
//    "reference": false, "in_process": false, "copies": 1, "copier": "receiver (kernel)",
//    "default_tunables": {"<name>": <value>, ...}}
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace crossmem::schema {

struct StrategyEntry {
  std::string name;
  bool available = true;
  std::string reason;  // why not available
  std::string remedy;  // what would make it available
  bool selected = true;
  bool reference = false;   // a reference point (memcpy, shared mapping, pipe), not a candidate
  bool in_process = false;  // both endpoints in one process: the copy ceiling
  int copies = 1;           // copies of the payload per message
  std::string copier;       // who copies: "receiver (kernel)", ...
  std::map<std::string, std::string> tunables;  // default value of each tunable, as text
};

nlohmann::json to_json(const std::vector<StrategyEntry>& entries);

// Reads the listing. Absent optional fields keep their defaults. Throws ParseError ("is not a JSON
// array", "has an entry without a string \"name\"", "entry X: \"available\" is not a boolean",
// ...).
std::vector<StrategyEntry> strategies_from_json(const nlohmann::json& listing);

// strategies_from_json of the key's text; ParseError also when the text is not JSON.
std::vector<StrategyEntry> parse_strategies(const std::string& text);

}  // namespace crossmem::schema
