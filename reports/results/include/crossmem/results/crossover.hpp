// Where a single-copy strategy overtakes the double-copy baseline (shm-copy), and where it falls
// behind again, with an interval the repetitions support.
//
// Who is compared comes from the traits in each source's crossmem.strategies, unless the options
// name them: the baseline is the first strategy listed that is no reference point and makes two or
// more copies (shm-copy); the candidates are every strategy listed that makes one copy between two
// processes (not in_process), in table order.
//
// Method, within each group (GroupKey, which includes the host regime; repetitions whose probes
// disagreed are never compared) and for each candidate series (strategy + tunables) against each
// baseline series:
// 1. At every size both measured, compare the repetitions of the counter (bytes_per_second by
//    default). When both sides carry the `round` field (paired rounds), the comparison is paired:
//    the per-round ratios candidate/baseline of repetitions taken in the same round give a median
//    and a sign-test interval (crossmem::stats::paired_ratio). A size then counts for one side
//    only when
//      - at least `min_repetitions` rounds pair up,
//      - the interval excludes 1 (at `confidence`),
//      - the median ratio is at least `min_effect` away from 1, and
//      - the spread across buffer layouts (`layout` field: max/min of the per-layout medians of
//        either side, with 2 or more layouts) is smaller than the difference: near cache
//        capacities the layout decides and the size is undecided.
//    Without `round` fields (older results), a size counts for one side only when
//      - both sides have at least `min_repetitions` values,
//      - their spreads (p10..p90 with 5 or more values, min..max otherwise) do not overlap,
//      - the medians differ by at least `min_effect` (relative to the slower one), and
//      - when both sides have 5 or more values, the Mann-Whitney p-value is below `alpha`.
//    Otherwise the size is undecided.
// 2. Decided sizes form runs (baseline faster / candidate faster); undecided sizes belong to no
// run.
//    Each change of run is a boundary: baseline -> candidate is "overtakes", candidate -> baseline
//    is "falls_behind". Its interval is [last size of the run before, first size of the run after]
//    (undecided sizes in between widen it), and its estimate is the geometric midpoint.
// 3. A boundary is `found` when the runs on both sides span at least `min_run` sizes; otherwise it
//    is `inconclusive`, with the interval still filled in and the reason saying why.
// 4. With no boundary, one record says `no_crossover` (one side faster at every decided size, and
//    at least `min_run` of them) or `inconclusive` (fewer decided sizes), with the reason.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crossmem/results/results.hpp"
#include "crossmem/results/stats.hpp"
#include "crossmem/results/summary.hpp"
#include "crossmem/schema/fields.hpp"

namespace crossmem::results {

enum class Direction { overtakes, falls_behind, none };
enum class CrossoverStatus { found, no_crossover, inconclusive };
enum class Verdict { candidate_faster, baseline_faster, undecided };

std::string_view to_string(Direction d);        // "overtakes", "falls_behind", "none"
std::string_view to_string(CrossoverStatus s);  // "found", "no_crossover", "inconclusive"
std::string_view to_string(Verdict v);  // "candidate_faster", "baseline_faster", "undecided"

struct CrossoverOptions {
  std::string baseline;                 // "": from the source's traits (see above)
  std::vector<std::string> candidates;  // empty: from the source's traits (see above)
  std::string workload = "pingpong";    // only groups of this workload; "" for every workload
  std::string counter = schema::field::bytes_per_second;
  bool higher_is_better = true;
  double alpha = 0.05;
  double confidence = 0.95;  // of the paired sign-test interval
  double min_effect = 0.03;
  std::size_t min_repetitions = 3;
  std::size_t min_run = 2;
};

// The outcome of comparing one size.
struct SizeComparison {
  std::uint64_t size_bytes = 0;
  Verdict verdict = Verdict::undecided;
  Spread candidate;
  Spread baseline;
  double p_value = 1;  // Mann-Whitney, two-sided (unpaired comparisons)
  std::string note;    // why undecided, "" otherwise
  // Paired comparisons only: median per-round ratio candidate/baseline of the counter and its
  // interval; rounds paired; layouts seen and the larger per-layout spread of the two sides
  // (max/min of per-layout medians, 1 with fewer than 2 layouts).
  bool paired = false;
  double ratio = std::numeric_limits<double>::quiet_NaN();
  double ratio_low = std::numeric_limits<double>::quiet_NaN();
  double ratio_high = std::numeric_limits<double>::quiet_NaN();
  std::size_t rounds = 0;
  std::size_t layouts = 0;
  double layout_spread = 1;
};

// One repetition's value with the round and buffer layout it was taken in (NaN when absent).
struct RoundValue {
  double value = std::numeric_limits<double>::quiet_NaN();
  double round = std::numeric_limits<double>::quiet_NaN();
  double layout = std::numeric_limits<double>::quiet_NaN();
};

struct Crossover {
  GroupKey group;
  std::string strategy;
  std::map<std::string, std::string> tunables;
  std::string baseline;
  std::map<std::string, std::string> baseline_tunables;
  Direction direction = Direction::none;
  CrossoverStatus status = CrossoverStatus::inconclusive;
  std::uint64_t lower_bytes = 0;     // 0 when direction == none
  std::uint64_t upper_bytes = 0;     // 0 when direction == none
  std::uint64_t estimate_bytes = 0;  // geometric midpoint of [lower, upper]; 0 when none
  std::string reason;
  std::vector<SizeComparison> sizes;  // every size both series measured, ascending
};

// Compares two samples of the counter at one size under `options`' rules.
SizeComparison compare_at_size(std::uint64_t size_bytes, const std::vector<double>& candidate,
                               const std::vector<double>& baseline,
                               const CrossoverOptions& options);

// Compares at one size by paired rounds (see the method above); falls back to compare_at_size on
// the values when either side lacks `round`.
SizeComparison compare_paired_at_size(std::uint64_t size_bytes,
                                      const std::vector<RoundValue>& candidate,
                                      const std::vector<RoundValue>& baseline,
                                      const CrossoverOptions& options);

// Turns per-size comparisons (ascending sizes) into crossover records for one pair of series.
// The returned records have only direction, status, bounds, estimate, reason and sizes set.
std::vector<Crossover> crossovers_from_comparisons(std::vector<SizeComparison> sizes,
                                                   const std::string& candidate_name,
                                                   const std::string& baseline_name,
                                                   const CrossoverOptions& options);

// The baseline and candidates of source `source`: those of `options` where set, otherwise taken
// from the source's crossmem.strategies traits ("" and none when nothing fits).
std::pair<std::string, std::vector<std::string>> comparison_for(const Results& results,
                                                                std::size_t source,
                                                                const CrossoverOptions& options);

// Every crossover record for every group, candidate series and baseline series present in
// `results`, ordered by group, then candidate in candidate order, tunables, baseline tunables,
// then size. Groups without the baseline, candidates absent from a group, and the unstable
// pseudo-regime produce no record.
std::vector<Crossover> find_crossovers(const Results& results,
                                       const CrossoverOptions& options = {});

// Two regimes of one run that order a pair of series oppositely at some size.
struct RegimeDisagreement {
  GroupKey group;  // without the regime
  std::string strategy;
  std::map<std::string, std::string> tunables;
  std::string baseline;
  std::map<std::string, std::string> baseline_tunables;
  double candidate_wins_ns = 0;      // the regime in which the candidate is faster
  double baseline_wins_ns = 0;       // the regime in which the baseline is faster
  std::vector<std::uint64_t> sizes;  // sizes decided both ways, ascending
};

// Every pair of known regimes of one run in which the same (group, candidate, baseline) comparison
// has a size decided for the candidate in one and for the baseline in the other, in the order of
// `crossovers`.
std::vector<RegimeDisagreement> regime_disagreements(const std::vector<Crossover>& crossovers);

// One sentence: "In pingpong ... (node-a), cma-read beats shm-copy at 1 MiB..64 MiB in the
// 260 ns handoff regime but loses to it in the 58 ns handoff regime." `run` names the run.
std::string describe_disagreement(const RegimeDisagreement& d, const std::string& run);

}  // namespace crossmem::results
