// The adapter from the strategy table to what crossmem-doctor judges.
#include "crossmem/strategy.hpp"

namespace crossmem {

std::vector<doctor::StrategyInput> doctor_inputs() {
  std::vector<doctor::StrategyInput> out;
  for (const Strategy* s : all_strategies()) {
    Availability a = s->probe();
    out.push_back({std::string(s->name), s->traits.mechanism, {a.ok, a.reason, a.remedy}});
  }
  return out;
}

}  // namespace crossmem
