// Paired rounds and the regime policy: which repetitions a comparison group measures, in which
// order, and which attempts it keeps. Pure logic: the measuring is behind RoundSource, so the
// policy can be driven by injected probe values.
//
// A comparison group is the set of cases a comparison puts side by side (same workload,
// placement, cache, pages, freshness, size and process count); its alternatives are the
// strategies and tunable values. Round r measures one repetition of every alternative, back to
// back, in the order round_order(base, r): a cyclic Latin square over a shuffled base order, so
// every alternative takes every position once in any `alternatives` consecutive rounds. Each
// repetition is bracketed by two handoff probes and lies in a regime when both fall into it
// (stats::classify over the round's probes, with the budget's gap); a round is mixed when its
// repetitions' probes fall into more than one regime.
//
// Completing a round: while no regime holds a repetition of every alternative, the controller
// measures again, one repetition at a time, the first alternative (in round order) that lacks
// one in the regime of the latest probe (the host's current placement). Every repetition of the
// attempt is remembered, so a round that the host split between two regimes is completed in
// whichever regime comes back first, and only the missing alternatives are measured again. The
// round keeps, per alternative, its latest repetition in the completed regime.
//
// Policies:
// - retry (default): a mixed round is completed as above, as long as the group has measured
//   fewer than `extra_rounds` x alternatives repetitions again and the run's repeated
//   repetitions have taken less than `seconds` (both checked before every repetition measured
//   again); otherwise it is kept, tagged mixed, with per alternative its repetition in the regime
//   that holds the most alternatives, or its latest one.
// - any: every round is kept as first measured; mixed ones are tagged.
// - each: as retry, and after `rounds` rounds the group goes on until every regime in which some
//   round of the run was homogeneous has `rounds` homogeneous rounds in this group, within the
//   same two bounds (every repetition of such a round counts as repeated; one that cannot be
//   completed is dropped).
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
  std::size_t extra_rounds = 1;  // per group: most repetitions measured again, in rounds' worth
  double seconds = 60;           // per run: most time spent on repetitions measured again
  double gap = 2.0;              // regimes are clusters of probes at least this ratio apart
};

// The budget of `policy` with `rounds` rounds: extra_rounds = rounds (retry, any) or 3 x rounds
// (each), and `seconds`.
RoundBudget make_budget(RegimePolicy policy, std::size_t rounds, double seconds);

// The budget in words, for --help and the run context.
std::string describe(const RoundBudget& budget);

// One repetition measured: its alternative and its two probes (a value that is not finite and
// positive, e.g. NaN, when the probe gave nothing: such a repetition fits every regime).
struct Repetition {
  std::size_t alternative = 0;
  double before_ns = 0;
  double after_ns = 0;
};

// What measuring one attempt gave.
struct RoundMeasure {
  std::vector<Repetition> repetitions;  // in the order measured; failed alternatives absent
  double seconds = 0;                   // how long the attempt took
};

class RoundSource {
 public:
  virtual ~RoundSource() = default;
  // Measures one repetition of each alternative in `order` that is still measurable, and holds
  // them until keep() or discard(). The repetitions held since the last keep() or discard() are
  // numbered from 0 in the order measured. Nothing measured: every alternative in `order` failed.
  virtual RoundMeasure measure(std::span<const std::size_t> order) = 0;
  // The held repetitions numbered `chosen` are round `round` of the group, the others are thrown
  // away; `mixed`: their probes saw more than one regime.
  virtual void keep(std::size_t round, bool mixed, std::span<const std::size_t> chosen) = 0;
  // Every held repetition is thrown away.
  virtual void discard() = 0;
};

struct GroupOutcome {
  std::size_t kept = 0;        // rounds kept
  std::size_t mixed_kept = 0;  // of which mixed
  std::size_t repeated = 0;    // repetitions measured again (or beyond `rounds`)
  double repeated_seconds = 0;
};

class RoundController {
 public:
  explicit RoundController(RoundBudget budget, std::uint64_t seed = 0x726f756e6473ull);

  // Runs one group of `alternatives` on `source`.
  GroupOutcome run_group(RoundSource& source, std::size_t alternatives);

  const RoundBudget& budget() const { return budget_; }
  // Over every group so far: repetitions measured again, and their seconds.
  std::size_t repeated() const { return repeated_; }
  double repeated_seconds() const { return repeated_seconds_; }
  const std::vector<std::size_t>& kept_per_group() const { return kept_per_group_; }

 private:
  bool homogeneous(std::span<const double> probes) const;
  // each: whether some regime seen homogeneous in the run lacks rounds in this group.
  bool regimes_missing(std::span<const double> group_round_medians) const;
  bool budget_left(std::size_t group_repeated, std::size_t alternatives) const;
  struct Completed {
    bool measured = false;            // false: nothing in the round could be measured
    std::vector<std::size_t> chosen;  // held repetitions kept, one per alternative; empty: drop
    bool homogeneous = false;
    double median_ns = 0;  // median probe of the chosen repetitions
  };
  // Measures the round in `order` and completes it as the policy says (see the top of the file).
  Completed complete_round(RoundSource& source, std::span<const std::size_t> order, bool base_round,
                           GroupOutcome& out);

  RoundBudget budget_;
  std::mt19937_64 rng_;
  std::size_t repeated_ = 0;
  double repeated_seconds_ = 0;
  std::vector<std::size_t> kept_per_group_;
  std::vector<double> all_probes_;           // every probe of the run
  std::vector<double> homogeneous_medians_;  // median probe of each homogeneous round of the run
};

}  // namespace crossmem::bench
