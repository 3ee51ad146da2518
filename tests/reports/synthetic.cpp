#include "synthetic.hpp"

#include <cmath>
#include <random>

namespace crossmem::results::testing {

CostModel linear_cost(double fixed_ns, double rate, std::uint64_t knee, double rate2) {
  return [=](std::uint64_t size) {
    auto s = static_cast<double>(size);
    if (knee != 0 && size > knee) {
      auto k = static_cast<double>(knee);
      return fixed_ns + k / rate + (s - k) / rate2;
    }
    return fixed_ns + s / rate;
  };
}

std::vector<std::uint64_t> pow2_sizes(std::uint64_t from, std::uint64_t to) {
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t s = from; s <= to; s *= 2) sizes.push_back(s);
  return sizes;
}

StrategyInfo listed(const std::string& name) {
  StrategyInfo info;
  info.name = name;
  // The traits crossmem-bench lists for the strategies these tests name; any other name is a
  // single-copy candidate between two processes.
  if (name == "memcpy") {
    info.reference = info.in_process = true;
  } else if (name == "shared-map") {
    info.reference = true;
  } else if (name == "pipe") {
    info.reference = true;
    info.copies = 2;
  } else if (name == "shm-copy") {
    info.copies = 2;
  }
  return info;
}

Results synthetic_results(const std::map<std::string, CostModel>& strategies,
                          const std::vector<std::uint64_t>& sizes, int reps, double noise,
                          unsigned seed) {
  Results results;
  Source source;
  source.path = "synthetic.json";
  source.label = "synthetic";
  source.host = "synthetic";
  for (const auto& [strategy, cost] : strategies) source.strategies.push_back(listed(strategy));
  results.sources.push_back(source);
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, noise);
  for (const auto& [strategy, cost] : strategies) {
    for (std::uint64_t size : sizes) {
      for (int rep = 0; rep < reps; ++rep) {
        Measurement m;
        m.axes = Axes{"pingpong", strategy, size, 2, "cross-core", "hot", "4k", false, {}};
        m.repetition = static_cast<std::uint64_t>(rep);
        double t = cost(size) * std::exp(normal(rng));
        m.counters = {{"size_bytes", static_cast<double>(size)},
                      {"latency_ns", t},
                      {"bytes_per_second", static_cast<double>(size) / t * 1e9},
                      {"handoff_ns", 47},
                      {"doorbell_ns", 70},
                      {"preempted", 0},
                      {"validated", 1}};
        results.measurements.push_back(m);
      }
    }
  }
  return results;
}

}  // namespace crossmem::results::testing
