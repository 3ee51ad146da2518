// What every registered case shares, whatever its workload: the team it runs on (kept alive
// between cases that can share it), buffer preparation, the strategy's availability, the timed
// batches and the common counters, and turning failures into skipped cases with their reason.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "crossmem/bench/suite.hpp"
#include "crossmem/bench/team.hpp"
#include "crossmem/schema/case_name.hpp"

namespace crossmem::bench::detail {

struct Case {
  Workload* workload = nullptr;
  const Strategy* strategy = nullptr;
  std::map<std::string, std::uint64_t> tunables;
  int procs = 2;
  bool oversubscribed = false;
  std::vector<unsigned> pus;          // OS PU of each rank
  std::string placement;              // the name's placement: class, "pus-A-B", or as requested
  std::string placement_unsupported;  // non-empty: this placement cannot be had here (why)
  std::uint64_t size = 0;
  Pages pages = Pages::small;
  Cache cache = Cache::hot;
  bool fresh = false;
};

// How a workload turns batches into numbers.
struct Measure {
  // The time a batch took (from BatchResult; e.g. rank 0's clock or the slowest rank's).
  double (*batch_seconds)(const BatchResult& batch);
  // Workload-specific counters, after the batches; `seconds` is batch_seconds of the last one.
  void (*counters)(benchmark::State& state, const Case& c, const Team& team,
                   const BatchResult& batch, double seconds, std::uint64_t iterations);
};

// The case's name in the schema's form (crossmem/schema/case_name.hpp).
schema::CaseName case_name(const Case& c);
std::string full_case_name(const Case& c);

// What the console shows of a case name: "pingpong/cma-read/size:4096/procs:2/placement:p/
// cache:hot/pages:thp/fresh:0/manual_time" -> group "cma-read pages:thp", size 4096. Axes at their
// defaults and the placement (one per run) are left out; workloads other than ping-pong lead the
// group ("loop cma-read"). A name not in the schema's form is its own group, size 0.
struct CaseLabel {
  std::string group;
  std::uint64_t size = 0;
};
CaseLabel case_label(const std::string& name);

// Registers `c` with Google Benchmark (manual time, microseconds), run with `config`'s wait mode,
// timeout, buffer node, validation and probe rounds.
void register_case(const Case& c, std::shared_ptr<const SuiteConfig> config, Measure measure);

// The names of every case registered so far, in registration order (Google Benchmark's run order
// without random interleaving).
const std::vector<std::string>& registered_case_names();

// Registers `base` (workload, strategy, tunables, placement as given) once for every cache state,
// page backing, freshness and size of `config`, in that nesting; returns how many.
int register_axes(Case base, const std::shared_ptr<const SuiteConfig>& config, Measure measure);

// Every tunable set to sweep for `strategy` ({{}}: its defaults only).
std::vector<std::map<std::string, std::uint64_t>> tunable_sweep(const SuiteConfig& config,
                                                                const Strategy& strategy);

// Stops the live team, if any.
void end_cases();

}  // namespace crossmem::bench::detail
