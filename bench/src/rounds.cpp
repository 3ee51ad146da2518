#include "crossmem/bench/rounds.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <set>

#include "crossmem/error.hpp"
#include "crossmem/stats/regime.hpp"
#include "crossmem/stats/summary.hpp"

namespace crossmem::bench {

std::string_view to_string(RegimePolicy policy) {
  switch (policy) {
    case RegimePolicy::retry:
      return "retry";
    case RegimePolicy::any:
      return "any";
    case RegimePolicy::each:
      return "each";
  }
  return "retry";
}

RegimePolicy parse_regime_policy(const std::string& text) {
  for (RegimePolicy p : {RegimePolicy::retry, RegimePolicy::any, RegimePolicy::each}) {
    if (text == to_string(p)) return p;
  }
  throw InvalidInput("--regime takes retry, any or each, not '" + text + "'");
}

std::vector<std::size_t> round_order(std::span<const std::size_t> base, std::size_t round) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < base.size(); ++i) order.push_back(base[(i + round) % base.size()]);
  return order;
}

RoundBudget make_budget(RegimePolicy policy, std::size_t rounds, double seconds) {
  RoundBudget b;
  b.policy = policy;
  b.rounds = rounds;
  b.extra_rounds = policy == RegimePolicy::each ? 3 * rounds : rounds;
  b.seconds = seconds;
  return b;
}

std::string describe(const RoundBudget& b) {
  char text[320];
  switch (b.policy) {
    case RegimePolicy::any:
      std::snprintf(text, sizeof text,
                    "%zu rounds per group, none repeated; rounds whose probes saw more than one "
                    "regime are kept and tagged mixed_round",
                    b.rounds);
      break;
    case RegimePolicy::retry:
      std::snprintf(text, sizeof text,
                    "%zu rounds per group; a round whose probes saw more than one regime is "
                    "measured again, at most %zu times per group and until repeated rounds have "
                    "taken %g s in the run; then it is kept and tagged mixed_round",
                    b.rounds, b.extra_rounds, b.seconds);
      break;
    case RegimePolicy::each:
      std::snprintf(text, sizeof text,
                    "%zu rounds per group and as many in every regime seen homogeneous in the "
                    "run; mixed rounds measured again; at most %zu rounds beyond %zu per group "
                    "and %g s of them in the run",
                    b.rounds, b.extra_rounds, b.rounds, b.seconds);
      break;
  }
  return text;
}

RoundController::RoundController(RoundBudget budget, std::uint64_t seed)
    : budget_(budget), rng_(seed) {}

bool RoundController::homogeneous(std::span<const double> probes) const {
  return stats::classify(probes, budget_.gap).size() <= 1;
}

bool RoundController::budget_left(std::size_t group_repeated) const {
  return group_repeated < budget_.extra_rounds && repeated_seconds_ < budget_.seconds;
}

bool RoundController::regimes_missing(std::span<const double> group_round_medians) const {
  auto regimes = stats::classify(all_probes_, budget_.gap);
  if (regimes.empty()) return false;
  std::set<std::size_t> seen;
  for (double m : homogeneous_medians_) seen.insert(stats::regime_of(regimes, m));
  std::vector<std::size_t> have(regimes.size(), 0);
  for (double m : group_round_medians) ++have[stats::regime_of(regimes, m)];
  for (std::size_t r : seen) {
    if (have[r] < budget_.rounds) return true;
  }
  return false;
}

GroupOutcome RoundController::run_group(RoundSource& source, std::size_t alternatives) {
  std::vector<std::size_t> base(alternatives);
  std::iota(base.begin(), base.end(), 0);
  std::shuffle(base.begin(), base.end(), rng_);
  GroupOutcome out;
  std::vector<double> group_medians;  // median probe of each homogeneous round kept here
  while (alternatives > 0) {
    const bool base_round = out.kept < budget_.rounds;
    if (!base_round) {
      if (budget_.policy != RegimePolicy::each || !regimes_missing(group_medians) ||
          !budget_left(out.repeated)) {
        break;
      }
    }
    const auto order = round_order(base, out.kept);
    RoundMeasure m = source.measure(order);
    if (m.probes_ns.empty()) {
      source.discard();
      break;
    }
    all_probes_.insert(all_probes_.end(), m.probes_ns.begin(), m.probes_ns.end());
    const bool same = homogeneous(m.probes_ns);
    if (same) {
      const double med = stats::median(m.probes_ns);
      homogeneous_medians_.push_back(med);
      group_medians.push_back(med);
    }
    if (!base_round) {  // each: a round beyond `rounds`, kept or not
      ++out.repeated;
      out.repeated_seconds += m.seconds;
      repeated_seconds_ += m.seconds;
    }
    if (same || budget_.policy == RegimePolicy::any || (base_round && !budget_left(out.repeated))) {
      source.keep(out.kept++, !same);
      if (!same) ++out.mixed_kept;
      continue;
    }
    source.discard();
    if (base_round) {
      ++out.repeated;
      out.repeated_seconds += m.seconds;
      repeated_seconds_ += m.seconds;
    }
  }
  repeated_ += out.repeated;
  kept_per_group_.push_back(out.kept);
  return out;
}

}  // namespace crossmem::bench
