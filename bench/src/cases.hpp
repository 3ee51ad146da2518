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

#include "crossmem/bench/contention_suite.hpp"
#include "crossmem/bench/suite.hpp"
#include "crossmem/bench/team.hpp"
#include "crossmem/bench/workloads.hpp"
#include "crossmem/schema/case_name.hpp"

namespace crossmem::bench::detail {

struct Case {
  const WorkloadRow* workload = nullptr;
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

// The comparison group of `c`: its name without the strategy and the tunables (cases of one group
// are measured in paired rounds; schema::group_name).
std::string group_name(const Case& c);

// What the console shows of a case name: "pingpong/cma-read/size:4096/procs:2/placement:p/
// cache:hot/pages:thp/fresh:0/manual_time" -> group "cma-read pages:thp", size 4096, set
// "4KiB pages:thp". Axes at their defaults and the placement (one per run) are left out; workloads
// other than ping-pong lead the group ("loop cma-read"). A name not in the schema's form is its own
// group and set, size 0.
struct CaseLabel {
  std::string group;
  std::uint64_t size = 0;
  std::string set;  // the comparison group (measured together in paired rounds): "64B", "1MiB thp"
};
CaseLabel case_label(const std::string& name);

// The names of every case planned so far (plan_axes), in order.
const std::vector<std::string>& registered_case_names();

// A case ready to run: what it measures, with which settings, under which name.
struct Planned {
  Case c;
  std::shared_ptr<const SuiteConfig> config;
  Measure measure;
  std::string name;   // full_case_name
  std::string group;  // group_name
};

// `base` (workload, strategy, tunables, placement as given) once for every cache state, page
// backing, freshness and size of `config`, in that nesting, appended to `out`.
void plan_axes(Case base, const std::shared_ptr<const SuiteConfig>& config, Measure measure,
               std::vector<Planned>& out);

// Registers `p` with Google Benchmark (manual time, microseconds), run with its config's wait
// mode, timeout, buffer node, validation and probe rounds; `iterations` > 0 fixes the iteration
// count (the name then carries it: see Planned::name for the case's own).
benchmark::internal::Benchmark* register_planned(const Planned& p, std::uint64_t iterations = 0);

// The next case run allocates its buffers afresh (new physical pages, a new layout id), even on
// the team and layout of the previous one.
void fresh_layout();

// Every case of register_cases / register_contention_cases, in registration order (the latter
// throws as register_contention_cases does).
std::vector<Planned> plan_cases(const SuiteConfig& config);
std::vector<Planned> plan_contention_cases(const SuiteConfig& config,
                                           const ContentionOptions& opts);

// Whether `workload` runs `strategy` in this run: strategies that only combine
// (Traits::reduce_only) run in combining workloads, and in others only when the run names them
// (then as a skipped case with the reason).
bool runs_in(const SuiteConfig& config, const WorkloadRow& workload, const Strategy& strategy);

// Every tunable set to sweep for `strategy` ({{}}: its defaults only).
std::vector<std::map<std::string, std::uint64_t>> tunable_sweep(const SuiteConfig& config,
                                                                const Strategy& strategy);

// Stops the live team, if any.
void end_cases();

}  // namespace crossmem::bench::detail
