// Helpers for tests that run real teams.
#pragma once

#include <gtest/gtest.h>

#include "../bench/workloads/pingpong.hpp"
#include "crossmem/bench/pinning.hpp"
#include "crossmem/bench/team.hpp"

namespace crossmem::test {

inline bench::TeamSpec spec_for(const Strategy* s,
                                std::map<std::string, std::uint64_t> tunables = {},
                                WaitMode mode = WaitMode::spin) {
  bench::TeamSpec spec;
  spec.strategy = s;
  spec.params = Params(std::move(tunables));
  spec.procs = 2;
  spec.pus = bench::default_pus(2, false);
  spec.wait_mode = mode;
  spec.timeout = std::chrono::milliseconds(5000);
  return spec;
}

// Test-name generator for suites parameterised by strategy: "cma_read".
inline std::string strategy_test_name(const ::testing::TestParamInfo<const Strategy*>& i) {
  std::string n(i.param->name);
  for (char& c : n) c = c == '-' ? '_' : c;
  return n;
}

}  // namespace crossmem::test
