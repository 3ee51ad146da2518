#include "crossmem/doctor/diagnosis.hpp"

namespace crossmem::doctor {

const Check* Diagnosis::find(std::string_view id) const {
  for (const Check& c : checks) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const StrategyVerdict* Diagnosis::verdict(std::string_view strategy) const {
  for (const StrategyVerdict& v : strategies) {
    if (v.strategy == strategy) return &v;
  }
  return nullptr;
}

Diagnosis judge(const HostFacts& facts, const std::vector<StrategyInput>& strategies) {
  Diagnosis d;
  d.host = facts.hostname;
  d.kernel = facts.kernel;
  d.machine = facts.machine;
  d.uid = static_cast<long>(facts.uid);
  d.checks = judge_checks(facts);
  for (const StrategyInput& s : strategies) d.strategies.push_back(judge_strategy(facts, s));
  d.mpi = predict_mpi(facts);
  return d;
}

Diagnosis diagnose(const std::vector<StrategyInput>& strategies) {
  return judge(gather_host_facts(), strategies);
}

}  // namespace crossmem::doctor
