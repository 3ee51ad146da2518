// Where a single-copy strategy overtakes the double-copy baseline (shm-copy), and where it falls
// behind again, with an interval the repetitions support.
//
// Who is compared comes from the traits in each source's crossmem.strategies, unless the options
// name them: the baseline is the first strategy listed that is no reference point and makes two or
// more copies (shm-copy); the candidates are every strategy listed that makes one copy between two
// processes (not in_process), in table order.
//
// Method, within each group (GroupKey) and for each candidate series (strategy + tunables) against
// each baseline series:
// 1. At every size both measured, compare the repetitions of the counter (bytes_per_second by
//    default). A size counts for one side only when
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
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crossmem/results/results.hpp"
#include "crossmem/results/stats.hpp"
#include "crossmem/results/summary.hpp"

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
  std::string counter = "bytes_per_second";
  bool higher_is_better = true;
  double alpha = 0.05;
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
  double p_value = 1;  // Mann-Whitney, two-sided
  std::string note;    // why undecided, "" otherwise
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
// then size. Groups without the baseline, and candidates absent from a group, produce no record.
std::vector<Crossover> find_crossovers(const Results& results,
                                       const CrossoverOptions& options = {});

}  // namespace crossmem::results
