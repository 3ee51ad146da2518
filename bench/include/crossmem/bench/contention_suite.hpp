// Registration of the workloads that sweep process counts (ProcessCounts::sweep in the workload
// table: many-to-one, one-to-many, all-to-all, reduce) with Google Benchmark, beside the
// two-process cases of suite.hpp.
//
// One case = workload x strategy x tunables x process count x cache state x page backing x
// freshness x size, named `<workload>/<strategy>/size:<bytes>/procs:<n>/placement:<class>/
// cache:<hot|cold>/pages:<4k|thp|hugetlb>/fresh:<0|1>[/oversubscribed:1][/<tunable>:<value>...]`.
// Each process count is planned from the run's --placement (plan_pus): by default distinct cores,
// closest first; with a class, rank 0 and partners of that class; the name carries the class of
// ranks 0 and 1. A placement this machine cannot give for a count is recorded as skipped with the
// reason; explicit locations (or --cores) only give their own number of processes. Ranks share
// PUs only with `allow_oversubscribe`; such cases wait with WaitMode::futex whatever the suite's
// wait mode (spinning processes sharing a core make no progress) and say so in their name and
// counters. Buffers are bound as the suite's buffer_node says.
//
// Counters: size_bytes; aggregate_bytes_per_second (bytes moved by all ranks per round / round
// time, as the workload row counts them: for reduce, the bytes combined into the root) and
// bytes_per_second (the same); sender_min_bytes_per_second and sender_max_bytes_per_second (each
// counted rank's own bytes / its own time over the batch: the senders of many-to-one, all-to-all
// and reduce, the receivers of one-to-many; absent with an in-process strategy);
// round_ns and latency_ns (batch time / rounds); handoff_before_ns, handoff_after_ns, handoff_ns
// and doorbell_ns (Team::probe between ranks 0 and 1); involuntary and preempt_excess; layout;
// validated; buffer_slots; procs; oversubscribed; futex_wait; buffer_node (with --buffer-node).
// The batch time is the longest of the ranks' own clocks (rank 0's starts first, when it rings GO).
#pragma once

#include <string>
#include <vector>

#include "crossmem/bench/suite.hpp"

namespace crossmem::bench {

struct ContentionOptions {
  // Workload names to register, from contention_workload_names().
  std::vector<std::string> workloads;
  // Largest process count (ranks, receiver or sender included); 0: the number of cores here.
  int max_procs = 0;
  // Allow more processes than cores (registered cases are marked oversubscribed and use futex
  // waits).
  bool allow_oversubscribe = false;
};

// The sweep rows of the workload table, in table order: "many-to-one", "one-to-many",
// "all-to-all", "reduce".
std::vector<std::string> contention_workload_names();

// Registers every case of `opts` with the strategies, sweeps, sizes, cache states, pages,
// freshness, validation, timeout, probe rounds, placement, buffer node and (for cases on distinct
// PUs) wait mode of `config`; process counts run from 2 to max_procs (capped at the number of
// cores unless allow_oversubscribe).
// Returns how many. Throws InvalidInput for an unknown workload or max_procs other than 0 or
// 2..kMaxProcs.
int register_contention_cases(const SuiteConfig& config, const ContentionOptions& opts);

// Stops the contention team still running, if any. Call after RunSpecifiedBenchmarks.
void end_contention_suite();

}  // namespace crossmem::bench
