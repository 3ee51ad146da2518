// Registration of benchmark cases with Google Benchmark, and the team each case runs on.
//
// One case = workload x strategy x tunables x size x page backing x freshness. Cases that share a
// team (same strategy, tunables, cores, wait mode) reuse it; buffers are reallocated only when the
// size or backing changes, and every (re)allocation is followed by a validated exchange.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "crossmem/bench/buffers.hpp"
#include "crossmem/strategy.hpp"

namespace crossmem::bench {

struct SuiteConfig {
  std::vector<const Strategy*> strategies;
  // Per strategy name: the tunable settings to sweep (each entry one set of explicit values).
  std::map<std::string, std::vector<std::map<std::string, std::uint64_t>>> sweeps;
  std::vector<std::uint64_t> sizes;
  std::vector<Pages> pages{Pages::small};
  std::vector<bool> fresh{false};
  bool validate = false;
  WaitMode wait_mode = WaitMode::spin;
  std::vector<unsigned> pus;
  std::string placement = "default";
  std::string placement_unsupported;
  std::string buffer_node;  // --buffer-node: "", "sender", "receiver" or a node's logical index  // non-empty: the requested placement is absent here (why)
  std::chrono::milliseconds timeout{10'000};
  int probe_rounds = 2000;
  bool loops = false;  // also register the sync-free loop baseline of each case (loop/...)
};

// Registers every case (ping-pong, and the sync-free loops when asked); returns how many.
int register_cases(const SuiteConfig& config);

// After install_interrupt_handler(), the first SIGINT or SIGTERM lets the case in flight finish and
// every remaining case is recorded as "interrupted", so the output stays valid JSON; a second one
// ends the process. interrupted() tells whether it happened.
void install_interrupt_handler();
bool interrupted();

// Stops the team still running, if any. Call after RunSpecifiedBenchmarks.
void end_suite();

// The name of a case, as registered.
std::string case_name(const std::string& workload, const Strategy& strategy, std::uint64_t size,
                      const std::string& placement, Pages pages, bool fresh,
                      const std::map<std::string, std::uint64_t>& tunables);

}  // namespace crossmem::bench
