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

Results synthetic_results(const std::map<std::string, CostModel>& strategies,
                          const std::vector<std::uint64_t>& sizes, int reps, double noise,
                          unsigned seed) {
  Results results;
  Source source;
  source.path = "synthetic.json";
  source.label = "synthetic";
  source.host = "synthetic";
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

Results synthetic_regime_results(
    const std::map<double, std::map<std::string, CostModel>>& by_regime,
    const std::vector<std::uint64_t>& sizes, int rounds, double noise, unsigned seed,
    double layout_noise) {
  Results results;
  Source source;
  source.path = "synthetic-regimes.json";
  source.label = "synthetic";
  source.host = "synthetic";
  results.sources.push_back(source);
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, noise);
  std::normal_distribution<double> layout_normal(0.0, layout_noise);
  int first_round = 0;
  for (const auto& [regime, strategies] : by_regime) {
    for (int round = first_round; round < first_round + rounds; ++round) {
      for (std::uint64_t size : sizes) {
        // One layout per round and size: every strategy of the round runs on fresh buffers that
        // happen to be laid out alike (layout_noise 0: no layout effect).
        double layout = layout_noise > 0 ? std::exp(layout_normal(rng)) : 1.0;
        for (const auto& [strategy, cost] : strategies) {
          Measurement m;
          m.axes = Axes{"pingpong", strategy, size, 2, "cross-core", "hot", "4k", false, {}};
          m.repetition = static_cast<std::uint64_t>(round);
          double t = cost(size) * layout * std::exp(normal(rng));
          m.counters = {{"size_bytes", static_cast<double>(size)},
                        {"latency_ns", t},
                        {"bytes_per_second", static_cast<double>(size) / t * 1e9},
                        {"handoff_ns", regime},
                        {"doorbell_ns", 70},
                        {"preempt_excess", 0},
                        {"involuntary", 24},
                        {"validated", 1},
                        {"round", round},
                        {"layout", round},
                        {"regime_ns", regime},
                        {"unstable", 0}};
          results.measurements.push_back(m);
        }
      }
    }
    first_round += rounds;
  }
  return results;
}

}  // namespace crossmem::results::testing
