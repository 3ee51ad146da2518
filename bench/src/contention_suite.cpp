#include "crossmem/bench/contention_suite.hpp"

#include <hwloc.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

#include "cases.hpp"
#include "crossmem/bench/pinning.hpp"
#include "crossmem/error.hpp"
#include "crossmem/placement/plan.hpp"
#include "crossmem/placement/topology.hpp"
#include "crossmem/schema/fields.hpp"

namespace crossmem::bench {
namespace {

using detail::Case;

int core_count() {
  placement::Topology topo = placement::Topology::this_system();
  int cores = hwloc_get_nbobjs_by_type(topo.get(), HWLOC_OBJ_CORE);
  if (cores <= 0) cores = hwloc_get_nbobjs_by_type(topo.get(), HWLOC_OBJ_PU);
  return std::max(cores, 1);
}

// Bytes one rank's part moves per round, and which ranks are the "senders" of the fairness
// counters: the workload row's counting.
std::uint64_t rank_bytes_per_round(const Case& c) {
  return c.workload->rank_bytes(c.size, c.procs);
}
int first_fair_rank(const Case& c) {
  return c.workload->first_counted_rank;
}
std::uint64_t bytes_per_round(const Case& c) {
  const auto ranks = static_cast<std::uint64_t>(c.procs - first_fair_rank(c));
  return ranks * rank_bytes_per_round(c);
}

// A round ends when the slowest rank is done.
double slowest_rank_seconds(const BatchResult& batch) {
  return *std::max_element(batch.rank_seconds.begin(), batch.rank_seconds.end());
}

void contention_counters(benchmark::State& state, const Case& c, const Team& team,
                         const BatchResult& batch, double seconds, std::uint64_t iterations) {
  const double rounds = static_cast<double>(iterations);
  const double round = seconds / rounds;
  const double aggregate = static_cast<double>(bytes_per_round(c)) / round;
  state.counters[schema::field::aggregate_bytes_per_second] = aggregate;
  state.counters[schema::field::bytes_per_second] = aggregate;
  if (!c.strategy->traits.in_process) {
    double lo = 0, hi = 0;
    for (int r = first_fair_rank(c); r < c.procs; ++r) {
      double own = batch.rank_seconds[static_cast<std::size_t>(r)];
      double bw = own > 0 ? static_cast<double>(rank_bytes_per_round(c)) * rounds / own : 0;
      lo = r == first_fair_rank(c) ? bw : std::min(lo, bw);
      hi = std::max(hi, bw);
    }
    state.counters[schema::field::sender_min_bytes_per_second] = lo;
    state.counters[schema::field::sender_max_bytes_per_second] = hi;
  }
  state.counters[schema::field::round_ns] = round * 1e9;
  state.counters[schema::field::latency_ns] = round * 1e9;
  state.counters[schema::field::procs] = c.procs;
  state.counters[schema::field::oversubscribed] = c.oversubscribed ? 1 : 0;
  state.counters[schema::field::futex_wait] = team.spec().wait_mode == WaitMode::futex ? 1 : 0;
}

// Where `procs` ranks go under the run's placement request. nullopt: this count cannot be had
// from the request at all (explicit cores or locations name another number of processes).
std::optional<Case> placed(const SuiteConfig& config, int procs, bool allow_shared) {
  Case c;
  c.procs = procs;
  if (config.cores_given) {
    if (procs != 2) return std::nullopt;
    c.pus = config.pus;
    c.placement = config.placement;
  } else {
    auto request = placement::parse_placement(config.placement_request);
    if (request.kind == placement::PlacementRequest::Kind::explicit_locations &&
        request.locations.size() != static_cast<std::size_t>(procs)) {
      return std::nullopt;
    }
    try {
      PuPlan plan = plan_pus(config.placement_request, procs, allow_shared);
      c.pus = plan.pus;
      c.placement = plan.placement;
    } catch (const Unsupported& e) {
      // Recorded as skipped with the reason, like an absent two-process placement.
      c.pus = default_pus(procs, true);
      c.placement = config.placement_request.empty() ? "default" : config.placement_request;
      c.placement_unsupported = e.reason();
    }
  }
  c.oversubscribed = std::set<unsigned>(c.pus.begin(), c.pus.end()).size() < c.pus.size();
  return c;
}

}  // namespace

std::vector<std::string> contention_workload_names() {
  std::vector<std::string> out;
  for (const WorkloadRow* w : all_workloads()) {
    if (w->counts == ProcessCounts::sweep) out.emplace_back(w->name);
  }
  return out;
}

namespace detail {

std::vector<Planned> plan_contention_cases(const SuiteConfig& config,
                                           const ContentionOptions& opts) {
  if (opts.max_procs != 0 && (opts.max_procs < 2 || opts.max_procs > kMaxProcs)) {
    throw InvalidInput("the largest process count must be 2 to " + std::to_string(kMaxProcs) +
                       " (0: the number of cores)");
  }
  std::vector<const WorkloadRow*> workloads;
  for (const std::string& name : opts.workloads) {
    const WorkloadRow* w = find_workload(name);
    if (!w || w->counts != ProcessCounts::sweep) {
      throw InvalidInput("unknown contention workload '" + name + "'");
    }
    workloads.push_back(w);
  }
  auto shared = std::make_shared<const SuiteConfig>(config);
  const int cores = core_count();
  int max_procs = opts.max_procs == 0 ? cores : opts.max_procs;
  if (!opts.allow_oversubscribe) max_procs = std::min(max_procs, cores);
  std::vector<Case> placements;
  for (int procs = 2; procs <= max_procs; ++procs) {
    if (auto c = placed(config, procs, opts.allow_oversubscribe)) placements.push_back(*c);
  }
  std::vector<Planned> out;
  for (const WorkloadRow* w : workloads) {
    for (const Strategy* s : config.strategies) {
      if (!detail::runs_in(config, *w, *s)) continue;
      for (const auto& tunables : detail::tunable_sweep(config, *s)) {
        for (Case c : placements) {
          if (c.procs < w->min_procs || c.procs > w->max_procs) continue;
          c.workload = w;
          c.strategy = s;
          c.tunables = tunables;
          plan_axes(c, shared, {slowest_rank_seconds, contention_counters}, out);
        }
      }
    }
  }
  return out;
}

}  // namespace detail

int register_contention_cases(const SuiteConfig& config, const ContentionOptions& opts) {
  auto planned = detail::plan_contention_cases(config, opts);
  for (const auto& p : planned) detail::register_planned(p);
  return static_cast<int>(planned.size());
}

void end_contention_suite() {
  detail::end_cases();
}

}  // namespace crossmem::bench
