// Paired rounds and the regime policy: which repetitions a comparison group measures, in which
// order, and which attempts it keeps. Pure logic: the measuring is behind RoundSource, so the
// policy can be driven by injected probe values.
//
// A comparison group is the set of cases a comparison puts side by side (same workload,
// placement, cache, pages, freshness, size and process count); its alternatives are the
// strategies and tunable values. Round r measures one repetition of every alternative, back to
// back, in the order round_order(base, r): a cyclic Latin square over a shuffled base order, so
// every alternative takes every position once in any `alternatives` consecutive rounds. Each
// repetition is bracketed by two handoff probes; a round whose probes fall into more than one
// regime (stats::classify with the budget's gap) is mixed.
//
// Policies:
// - retry (default): a mixed round is measured again, as long as the group has repeated fewer
//   than `extra_rounds` rounds and the run's repeated rounds have taken less than `seconds`;
//   otherwise it is kept, tagged mixed.
// - any: every round is kept; mixed ones are tagged.
// - each: as retry, and after `rounds` rounds the group goes on until every regime in which some
//   round of the run was homogeneous has `rounds` homogeneous rounds in this group, within the
//   same two bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace crossmem::bench {

enum class RegimePolicy { retry, any, each };

// "retry", "any", "each".
std::string_view to_string(RegimePolicy policy);
// Throws InvalidInput for another name.
RegimePolicy parse_regime_policy(const std::string& text);

// Position i of round r: base[(i + r) % n].
std::vector<std::size_t> round_order(std::span<const std::size_t> base, std::size_t round);

struct RoundBudget {
  RegimePolicy policy = RegimePolicy::retry;
  std::size_t rounds = 1;        // rounds kept per group
  std::size_t extra_rounds = 1;  // per group: most rounds measured beyond `rounds`
  double seconds = 60;           // per run: most time spent on rounds beyond `rounds`
  double gap = 2.0;              // regimes are clusters of probes at least this ratio apart
};

// The budget of `policy` with `rounds` rounds: extra_rounds = rounds (retry, any) or 3 x rounds
// (each), and `seconds`.
RoundBudget make_budget(RegimePolicy policy, std::size_t rounds, double seconds);

// The budget in words, for --help and the run context.
std::string describe(const RoundBudget& budget);

// What measuring one attempt of a round gave.
struct RoundMeasure {
  std::vector<double> probes_ns;  // every handoff probe of the round's repetitions
  double seconds = 0;             // how long the attempt took
};

class RoundSource {
 public:
  virtual ~RoundSource() = default;
  // Measures one repetition of each alternative still measurable, in `order`. No probes: nothing
  // could be measured (every alternative failed), and the group ends.
  virtual RoundMeasure measure(std::span<const std::size_t> order) = 0;
  // The attempt just measured is kept as round `round` of the group; `mixed`: its probes saw more
  // than one regime.
  virtual void keep(std::size_t round, bool mixed) = 0;
  // The attempt just measured is thrown away (it will be measured again).
  virtual void discard() = 0;
};

struct GroupOutcome {
  std::size_t kept = 0;        // rounds kept
  std::size_t mixed_kept = 0;  // of which mixed
  std::size_t repeated = 0;    // attempts thrown away or measured beyond `rounds`
  double repeated_seconds = 0;
};

class RoundController {
 public:
  explicit RoundController(RoundBudget budget, std::uint64_t seed = 0x726f756e6473ull);

  // Runs one group of `alternatives` on `source`.
  GroupOutcome run_group(RoundSource& source, std::size_t alternatives);

  const RoundBudget& budget() const { return budget_; }
  // Over every group so far.
  std::size_t repeated() const { return repeated_; }
  double repeated_seconds() const { return repeated_seconds_; }
  const std::vector<std::size_t>& kept_per_group() const { return kept_per_group_; }

 private:
  bool homogeneous(std::span<const double> probes) const;
  // each: whether some regime seen homogeneous in the run lacks rounds in this group.
  bool regimes_missing(std::span<const double> group_round_medians) const;
  bool budget_left(std::size_t group_repeated) const;

  RoundBudget budget_;
  std::mt19937_64 rng_;
  std::size_t repeated_ = 0;
  double repeated_seconds_ = 0;
  std::vector<std::size_t> kept_per_group_;
  std::vector<double> all_probes_;           // every probe of the run
  std::vector<double> homogeneous_medians_;  // median probe of each homogeneous round of the run
};

}  // namespace crossmem::bench
