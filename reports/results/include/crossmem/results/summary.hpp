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

// Results are only compared within a group: the same run, workload, process count and conditions.
struct GroupKey {
  std::size_t source = 0;
  std::string workload;
  std::uint64_t procs = 0;
  std::string placement;
  std::string cache;
  std::string pages;
  bool fresh = false;

  auto operator<=>(const GroupKey&) const = default;
};

GroupKey group_of(std::size_t source, const Axes& axes);

// "pingpong procs:2 placement:cross-core cache:hot pages:4k fresh:0" (without the source).
std::string format_group(const GroupKey& group);

// One benchmark instance: every repetition of one (source, axes).
struct Summary {
  std::size_t source = 0;
  Axes axes;
  std::size_t repetitions = 0;
  std::map<std::string, std::vector<double>> samples;  // counter -> values, one per repetition
  std::map<std::string, Spread> counters;              // counter -> spread of samples[counter]

  // counters[name], or an empty Spread (n == 0) when absent.
  Spread spread(const std::string& name) const;
};

// One Summary per distinct (source, axes), ordered by source, then axes.
std::vector<Summary> summarize(const Results& results);

}  // namespace crossmem::results
