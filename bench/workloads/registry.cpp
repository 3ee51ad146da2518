// The workload table: one row per workload. `crossmem-bench --list-workloads` prints it in this
// order; `--workloads` accepts every row that is not on_request.
#include <array>
#include <cstdio>

#include "crossmem/bench/workloads.hpp"

namespace crossmem::bench {

extern const WorkloadRow pingpong_workload;
extern const WorkloadRow loop_workload;
extern const WorkloadRow many_to_one_workload;
extern const WorkloadRow one_to_many_workload;
extern const WorkloadRow all_to_all_workload;
extern const WorkloadRow reduce_workload;

namespace {

const std::array<const WorkloadRow*, 6> kTable = {
    &pingpong_workload,     // 2 processes: one-way latency of a round trip
    &loop_workload,         // 2 processes: back-to-back stream, no notes (--loops)
    &many_to_one_workload,  // N senders into one receiver
    &one_to_many_workload,  // one sender to N receivers
    &all_to_all_workload,   // every ordered pair
    &reduce_workload,       // MPI_Reduce to rank 0
};

}  // namespace

std::span<const WorkloadRow* const> all_workloads() {
  return kTable;
}

const WorkloadRow* find_workload(std::string_view name) {
  for (const WorkloadRow* w : kTable) {
    if (w->name == name) return w;
  }
  return nullptr;
}

std::string selectable_workload_names() {
  std::string out;
  for (const WorkloadRow* w : kTable) {
    if (w->on_request) continue;
    if (!out.empty()) out += ", ";
    out += w->name;
  }
  return out;
}

std::string workload_table() {
  std::string out = "workload        processes  summary\n";
  for (const WorkloadRow* w : kTable) {
    std::string procs = std::to_string(w->min_procs);
    if (w->max_procs != w->min_procs) procs += ".." + std::to_string(w->max_procs);
    char line[256];
    std::snprintf(line, sizeof line, "%-15s %-10s %s\n", std::string(w->name).c_str(),
                  procs.c_str(), std::string(w->summary).c_str());
    out += line;
    out += "    counted: ";
    out += w->counting;
    out += "\n";
  }
  return out;
}

std::uint64_t one_message(std::uint64_t size, int /*procs*/) {
  return size;
}

}  // namespace crossmem::bench
