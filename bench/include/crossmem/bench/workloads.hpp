// The workload table: one row per workload, like the strategy table. A row says what the workload
// is, how many processes it takes, how its bytes and messages are counted, and how to make one.
// `crossmem-bench --list-workloads` prints the table; `--workloads` and `--help` take their names
// from it.
//
// Adding a workload: one file in bench/workloads/ implementing Workload (team.hpp) and defining
// `extern const WorkloadRow <name>_workload{...}`, and one row in bench/workloads/registry.cpp
// (plus the file in bench/CMakeLists.txt). No strategy changes.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "crossmem/bench/team.hpp"
#include "crossmem/kernel/reduce.hpp"

namespace crossmem::bench {

// Run-wide options some workloads read (from the command line).
struct WorkloadOptions {
  kernel::ReduceType reduce_type = kernel::ReduceType::f64;  // reduce: --reduce-type
};

// How the process counts of a workload are chosen.
enum class ProcessCounts {
  pair,   // exactly 2 processes, on the run's two PUs (--placement or --cores); rank 0's clock
  sweep,  // every count from min_procs to --max-procs, each placed; the slowest rank's clock
};

struct WorkloadRow {
  std::string_view name;
  std::string_view summary;
  int min_procs;
  int max_procs;
  ProcessCounts counts;
  // Registered only through its own option (the sync-free loop: --loops), not by --workloads.
  bool on_request;
  // Runs strategies' combining receive (Receiver::recv_reduce); strategies that only combine
  // (Traits::reduce_only) run in these workloads alone.
  bool combines;
  // How bytes and messages are counted, in words (for --list-workloads and the docs).
  std::string_view counting;
  // pair: messages per iteration; latency_ns = batch time / iterations / this (ping-pong: 2, the
  // one-way time), bytes_per_second = size / latency.
  int messages_per_iteration;
  // sweep: the bytes one counted rank moves per round, for ranks first_counted_rank..procs-1;
  // aggregate bytes per round = counted ranks x rank_bytes.
  std::uint64_t (*rank_bytes)(std::uint64_t size, int procs);
  int first_counted_rank;
  std::unique_ptr<Workload> (*make)(const WorkloadOptions& options);
};

// Every workload, in table order.
std::span<const WorkloadRow* const> all_workloads();
// The workload called `name`, or nullptr.
const WorkloadRow* find_workload(std::string_view name);
// The names --workloads accepts (rows not on_request), comma-separated: "pingpong, many-to-one...".
std::string selectable_workload_names();
// The table as --list-workloads prints it.
std::string workload_table();

// The message size of rank `rank_bytes` functions that count one message per rank.
std::uint64_t one_message(std::uint64_t size, int procs);

}  // namespace crossmem::bench
