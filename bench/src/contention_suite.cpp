#include "crossmem/bench/contention_suite.hpp"

#include <benchmark/benchmark.h>
#include <hwloc.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <random>

#include "../workloads/all_to_all.hpp"
#include "../workloads/many_to_one.hpp"
#include "../workloads/one_to_many.hpp"
#include "crossmem/bench/pinning.hpp"
#include "crossmem/bench/team.hpp"
#include "crossmem/error.hpp"

namespace crossmem::bench {
namespace {

constexpr int kMaxProcs = 64;

struct Case {
  Workload* workload;
  const Strategy* strategy;
  std::map<std::string, std::uint64_t> tunables;
  int procs;
  bool oversubscribed;
  std::uint64_t size;
  Pages pages;
  bool fresh;
};

struct Session {
  std::string key;
  std::unique_ptr<Team> team;
  std::optional<std::pair<std::uint64_t, Pages>> prepared;
};

SuiteConfig g_config;
ManyToOne g_many_to_one;
OneToMany g_one_to_many;
AllToAll g_all_to_all;
Session g_session;
std::mt19937_64 g_seeds{0x636f6e74656e64ull};

Workload* workload_named(const std::string& name) {
  for (Workload* w : std::initializer_list<Workload*>{&g_many_to_one, &g_one_to_many, &g_all_to_all}) {
    if (w->name() == name) return w;
  }
  return nullptr;
}

int core_count() {
  hwloc_topology_t topo;
  if (hwloc_topology_init(&topo) != 0) throw_errno("hwloc_topology_init");
  if (hwloc_topology_load(topo) != 0) {
    hwloc_topology_destroy(topo);
    throw_errno("hwloc_topology_load");
  }
  int cores = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
  if (cores <= 0) cores = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);
  hwloc_topology_destroy(topo);
  return std::max(cores, 1);
}

// Bytes one rank's part moves per round, and which ranks are the "senders" of the fairness counters.
std::uint64_t rank_bytes_per_round(const Case& c) {
  return c.workload == &g_all_to_all ? c.size * static_cast<std::uint64_t>(c.procs - 1) : c.size;
}
int first_fair_rank(const Case& c) { return c.workload == &g_all_to_all ? 0 : 1; }
std::uint64_t bytes_per_round(const Case& c) {
  const auto ranks = static_cast<std::uint64_t>(c.workload == &g_all_to_all ? c.procs : c.procs - 1);
  return ranks * rank_bytes_per_round(c);
}

Team& team_for(const Case& c) {
  std::string key = c.workload->name() + "/" + std::string(c.strategy->name) + "/" + std::to_string(c.procs) +
                    (c.oversubscribed ? "/oversubscribed" : "");
  for (const auto& [k, v] : c.tunables) key += "/" + k + "=" + std::to_string(v);
  if (!g_session.team || g_session.key != key) {
    g_session.team.reset();
    g_session.prepared.reset();
    TeamSpec spec;
    spec.strategy = c.strategy;
    spec.params = Params(c.tunables);
    spec.procs = c.procs;
    spec.pus = default_pus(c.procs, c.oversubscribed);
    spec.wait_mode = c.oversubscribed ? WaitMode::futex : g_config.wait_mode;
    spec.timeout = g_config.timeout;
    g_session.team = std::make_unique<Team>(spec, *c.workload);
    g_session.key = key;
  }
  return *g_session.team;
}

void run_case(benchmark::State& state, const Case& c) {
  if (interrupted()) {
    end_contention_suite();
    state.SkipWithError("interrupted");
    return;
  }
  try {
    Availability a = c.strategy->probe();
    if (!a.ok) throw Unsupported(a.reason, a.remedy);
    Team& team = team_for(c);
    if (!g_session.prepared || *g_session.prepared != std::make_pair(c.size, c.pages)) {
      g_session.prepared.reset();
      team.prepare(c.size, c.pages, g_seeds());
      g_session.prepared = std::make_pair(c.size, c.pages);
    }
    ProbeResult probe = team.probe(g_config.probe_rounds);
    const auto n = static_cast<std::uint64_t>(state.max_iterations);
    BatchResult batch;
    double seconds = 0;
    while (state.KeepRunningBatch(state.max_iterations)) {
      batch = team.run(n, c.fresh, g_config.validate, g_seeds());
      seconds = *std::max_element(batch.rank_seconds.begin(), batch.rank_seconds.end());
      state.SetIterationTime(seconds);
    }
    const double rounds = static_cast<double>(n);
    const double round = seconds / rounds;
    const double aggregate = static_cast<double>(bytes_per_round(c)) / round;
    state.counters["size_bytes"] = static_cast<double>(c.size);
    state.counters["aggregate_bytes_per_second"] = aggregate;
    state.counters["bytes_per_second"] = aggregate;
    if (!c.strategy->traits.in_process) {
      double lo = 0, hi = 0;
      for (int r = first_fair_rank(c); r < c.procs; ++r) {
        double own = batch.rank_seconds[static_cast<std::size_t>(r)];
        double bw = own > 0 ? static_cast<double>(rank_bytes_per_round(c)) * rounds / own : 0;
        lo = r == first_fair_rank(c) ? bw : std::min(lo, bw);
        hi = std::max(hi, bw);
      }
      state.counters["sender_min_bytes_per_second"] = lo;
      state.counters["sender_max_bytes_per_second"] = hi;
    }
    state.counters["round_ns"] = round * 1e9;
    state.counters["latency_ns"] = round * 1e9;
    state.counters["handoff_ns"] = probe.handoff_ns;
    state.counters["doorbell_ns"] = probe.doorbell_ns;
    state.counters["preempted"] = static_cast<double>(batch.involuntary);
    state.counters["validated"] = g_config.validate ? 1 : 0;
    state.counters["procs"] = c.procs;
    state.counters["oversubscribed"] = c.oversubscribed ? 1 : 0;
    state.counters["futex_wait"] = team.spec().wait_mode == WaitMode::futex ? 1 : 0;
  } catch (const Unsupported& e) {
    g_session.team.reset();
    std::string msg = "unsupported: " + e.reason();
    if (!e.remedy().empty()) msg += " [remedy: " + e.remedy() + "]";
    state.SkipWithError(msg.c_str());
  } catch (const std::exception& e) {
    g_session.team.reset();
    state.SkipWithError(e.what());
  }
}

std::string contention_case_name(const Case& c) {
  std::string name = c.workload->name() + "/" + std::string(c.strategy->name) +
                     "/size:" + std::to_string(c.size) + "/procs:" + std::to_string(c.procs) +
                     "/placement:default/cache:hot/pages:" + std::string(to_string(c.pages)) +
                     "/fresh:" + (c.fresh ? "1" : "0");
  if (c.oversubscribed) name += "/oversubscribed:1";
  for (const auto& [k, v] : c.tunables) name += "/" + k + ":" + std::to_string(v);
  return name;
}

}  // namespace

std::vector<std::string> contention_workload_names() {
  return {g_many_to_one.name(), g_one_to_many.name(), g_all_to_all.name()};
}

int register_contention_cases(const SuiteConfig& config, const ContentionOptions& opts) {
  if (opts.max_procs != 0 && (opts.max_procs < 2 || opts.max_procs > kMaxProcs)) {
    throw InvalidInput("the largest process count must be 2 to " + std::to_string(kMaxProcs) +
                       " (0: the number of cores)");
  }
  std::vector<Workload*> workloads;
  for (const std::string& name : opts.workloads) {
    Workload* w = workload_named(name);
    if (!w) throw InvalidInput("unknown contention workload '" + name + "'");
    workloads.push_back(w);
  }
  g_config = config;
  const int cores = core_count();
  int max_procs = opts.max_procs == 0 ? cores : opts.max_procs;
  if (!opts.allow_oversubscribe) max_procs = std::min(max_procs, cores);
  int count = 0;
  for (Workload* w : workloads) {
    for (const Strategy* s : config.strategies) {
      std::vector<std::map<std::string, std::uint64_t>> sweep{{}};
      if (auto it = config.sweeps.find(std::string(s->name)); it != config.sweeps.end())
        sweep = it->second;
      for (const auto& tunables : sweep) {
        for (int procs = 2; procs <= max_procs; ++procs) {
          for (Pages pages : config.pages) {
            for (bool fresh : config.fresh) {
              for (std::uint64_t size : config.sizes) {
                Case c{w, s, tunables, procs, procs > cores, size, pages, fresh};
                benchmark::RegisterBenchmark(contention_case_name(c).c_str(),
                                             [c](benchmark::State& state) { run_case(state, c); })
                    ->UseManualTime()
                    ->Unit(benchmark::kMicrosecond);
                ++count;
              }
            }
          }
        }
      }
    }
  }
  return count;
}

void end_contention_suite() {
  g_session.team.reset();
  g_session.prepared.reset();
}

}  // namespace crossmem::bench
