#include "synthetic.hpp"

#include <cmath>
#include <random>
#include <set>

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

namespace {

Results one_source(const std::string& path) {
  Results results;
  Source source;
  source.path = path;
  source.label = "synthetic";
  source.host = "synthetic";
  results.sources.push_back(source);
  return results;
}

// A ping-pong repetition of `strategy` at `size` taking `t` ns one way, with the counters every
// version of the results carries and the handoff probe `handoff_ns`.
Measurement repetition(const std::string& strategy, std::uint64_t size, int rep, double t,
                       double handoff_ns) {
  Measurement m;
  m.axes = Axes{"pingpong", strategy, size, 2, "cross-core", "hot", "4k", false, {}};
  m.repetition = static_cast<std::uint64_t>(rep);
  m.counters = {{"size_bytes", static_cast<double>(size)},
                {"latency_ns", t},
                {"bytes_per_second", static_cast<double>(size) / t * 1e9},
                {"handoff_ns", handoff_ns},
                {"doorbell_ns", 70},
                {"validated", 1}};
  return m;
}

}  // namespace

Results synthetic_results(const std::map<std::string, CostModel>& strategies,
                          const std::vector<std::uint64_t>& sizes, int reps, double noise,
                          unsigned seed) {
  Results results = one_source("synthetic.json");
  for (const auto& [strategy, cost] : strategies) {
    results.sources.front().strategies.push_back(listed(strategy));
  }
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, noise);
  for (const auto& [strategy, cost] : strategies) {
    for (std::uint64_t size : sizes) {
      for (int rep = 0; rep < reps; ++rep) {
        Measurement m = repetition(strategy, size, rep, cost(size) * std::exp(normal(rng)), 47);
        m.counters["preempted"] = 0;
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
  Results results = one_source("synthetic-regimes.json");
  std::set<std::string> names;
  for (const auto& [regime, strategies] : by_regime) {
    for (const auto& [strategy, cost] : strategies) names.insert(strategy);
  }
  for (const std::string& name : names) results.sources.front().strategies.push_back(listed(name));
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
          Measurement m = repetition(strategy, size, round,
                                     cost(size) * layout * std::exp(normal(rng)), regime);
          m.counters.insert({{"preempt_excess", 0},
                             {"involuntary", 24},
                             {"round", round},
                             {"layout", round},
                             {"regime_ns", regime},
                             {"unstable", 0}});
          results.measurements.push_back(m);
        }
      }
    }
    first_round += rounds;
  }
  return results;
}

}  // namespace crossmem::results::testing
