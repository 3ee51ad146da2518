// Synthetic ping-pong results from cost models, for crossover tests.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "crossmem/results/results.hpp"

namespace crossmem::results::testing {

// One-way time in ns for a message of `size` bytes.
using CostModel = std::function<double(std::uint64_t size)>;

// fixed ns + size / rate (bytes per ns); above `knee` bytes the rate becomes `rate2`.
CostModel linear_cost(double fixed_ns, double rate, std::uint64_t knee = 0, double rate2 = 0);

// Powers of two from `from` to `to` inclusive.
std::vector<std::uint64_t> pow2_sizes(std::uint64_t from, std::uint64_t to);

// The crossmem.strategies entry of `name` with the traits crossmem-bench gives it (memcpy,
// shared-map, pipe, shm-copy); any other name is listed as a single-copy strategy.
StrategyInfo listed(const std::string& name);

// `reps` repetitions per strategy and size, each time multiplied by exp(N(0, noise)), drawn from
// a generator seeded with `seed`. Counters: the required ones, bytes_per_second = size / time.
// The source lists every strategy (listed()), in name order.
Results synthetic_results(const std::map<std::string, CostModel>& strategies,
                          const std::vector<std::uint64_t>& sizes, int reps, double noise,
                          unsigned seed);

// Results with regime fields, as crossmem-bench writes them with paired rounds: per regime
// (regime_ns -> strategy -> cost model), `rounds` rounds of every strategy at every size, each
// with its own `round` and `layout` (rounds of different regimes are numbered apart), counters
// regime_ns, unstable 0, preempt_excess 0 and involuntary instead of preempted. Each round's
// layout multiplies every strategy's time by exp(N(0, layout_noise)), as one physical page
// layout of the buffers would. The source lists every strategy named (listed()), in name order.
Results synthetic_regime_results(
    const std::map<double, std::map<std::string, CostModel>>& by_regime,
    const std::vector<std::uint64_t>& sizes, int rounds, double noise, unsigned seed,
    double layout_noise = 0);

}  // namespace crossmem::results::testing
