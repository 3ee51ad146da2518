// Repetitions summarized per benchmark instance, and the groups results are compared within.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "crossmem/results/results.hpp"
#include "crossmem/results/stats.hpp"

namespace crossmem::results {

// Results are only compared within a group: the same run, workload, process count and conditions,
// and the same host regime (Measurement::regime: a regime's median handoff, kUnknownRegime for
// files without regime fields, kUnstableRegime for repetitions whose probes disagreed).
struct GroupKey {
  std::size_t source = 0;
  std::string workload;
  std::uint64_t procs = 0;
  std::string placement;
  std::string cache;
  std::string pages;
  bool fresh = false;
  double regime_ns = kUnknownRegime;

  bool operator==(const GroupKey&) const = default;
  auto operator<=>(const GroupKey&) const = default;
};

GroupKey group_of(std::size_t source, const Axes& axes, double regime_ns = kUnknownRegime);

// The group without its regime: what two regimes of one run are compared across.
GroupKey without_regime(GroupKey group);

// "pingpong procs:2 placement:cross-core cache:hot pages:4k fresh:0" (without the source), then
// " regime:58ns" or " regime:unstable" when the regime is known.
std::string format_group(const GroupKey& group);

// "58 ns handoff", "unstable (probes disagree)" or "unknown (no regime fields)".
std::string format_regime(double regime_ns);

// One benchmark instance in one regime: every repetition of one (source, axes, regime).
struct Summary {
  std::size_t source = 0;
  Axes axes;
  double regime_ns = kUnknownRegime;
  std::size_t repetitions = 0;
  std::map<std::string, std::vector<double>> samples;  // counter -> values, one per repetition
  std::map<std::string, Spread> counters;              // counter -> spread of samples[counter]

  // counters[name], or an empty Spread (n == 0) when absent.
  Spread spread(const std::string& name) const;
};

// One Summary per distinct (source, axes, regime), ordered by source, then axes, then regime.
std::vector<Summary> summarize(const Results& results);

}  // namespace crossmem::results
