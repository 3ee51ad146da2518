// Registration of benchmark cases with Google Benchmark, and the team each case runs on.
//
// One case = workload x strategy x tunables x cache state x page backing x freshness x size, named
// `<workload>/<strategy>/size:<bytes>/procs:2/placement:<class>/cache:<hot|cold>/
// pages:<4k|thp|hugetlb>/fresh:<0|1>[/<tunable>:<value>...]`. Consecutive runs that share a team
// (same workload, strategy, tunables, cores) reuse it; buffers are reallocated when the size,
// backing or cache state changes or when detail::fresh_layout() asks (crossmem-bench: before every
// repetition), and every (re)allocation is followed by a validated exchange.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "crossmem/bench/buffers.hpp"
#include "crossmem/bench/workloads.hpp"
#include "crossmem/strategy.hpp"

namespace crossmem::bench {

struct SuiteConfig {
  std::vector<const Strategy*> strategies;
  // The strategies were named by the run (--strategies), not the default list: a strategy that
  // only combines is then registered in every workload, as a skipped case outside the reduce.
  bool strategies_named = false;
  WorkloadOptions workload_options;
  // Per strategy name: the tunable settings to sweep (each entry one set of explicit values).
  std::map<std::string, std::vector<std::map<std::string, std::uint64_t>>> sweeps;
  std::vector<std::uint64_t> sizes;
  std::vector<Pages> pages{Pages::small};
  std::vector<Cache> caches{Cache::hot};
  std::uint64_t llc_bytes = 32u << 20;  // cold buffers span twice this (slots_for)
  std::vector<bool> fresh{false};
  bool validate = false;
  WaitMode wait_mode = WaitMode::spin;
  // Two-process cases: the PUs of ranks 0 and 1, the placement's name (class, or "pus-A-B" for
  // explicit cores) and, when non-empty, why the requested placement is absent here.
  std::vector<unsigned> pus;
  std::string placement = "default";
  std::string placement_unsupported;
  // Contention cases plan every process count from this --placement text ("" closest first); when
  // `cores_given`, they run only with 2 processes, on `pus`.
  std::string placement_request;
  bool cores_given = false;
  std::string buffer_node;  // --buffer-node: "", "sender", "receiver" or a node's logical index
  std::chrono::milliseconds timeout{10'000};
  int probe_rounds = 2000;
  // Involuntary context switches per second that a process spinning alone on a rank's core takes
  // (measure_preempt_baseline); preempt_excess counts the switches of a timed window above it.
  double preempt_baseline_hz = 0;
  bool loops = false;  // also register the sync-free loop baseline of each case (loop/...)
  // The two-process workloads register_cases registers (empty: every pair row not on request).
  std::vector<const WorkloadRow*> pair_workloads;
};

// Registers every case of the two-process workloads (ProcessCounts::pair) of
// `config.pair_workloads`, and the sync-free loops when asked, with Google Benchmark as one
// benchmark each; returns how many. (crossmem-bench runs them in paired rounds instead:
// sweep.hpp.)
int register_cases(const SuiteConfig& config);

// After install_interrupt_handler(), the first SIGINT or SIGTERM lets the case in flight finish and
// every remaining case is recorded as "interrupted", so the output stays valid JSON; a second one
// ends the process. interrupted() tells whether it happened.
void install_interrupt_handler();
bool interrupted();

// Stops the team still running, if any. Call after RunSpecifiedBenchmarks.
void end_suite();

}  // namespace crossmem::bench
