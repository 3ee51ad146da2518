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

}  // namespace crossmem::results::testing
