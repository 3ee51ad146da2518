#include "crossmem/bench/suite.hpp"

#include <benchmark/benchmark.h>
#include <signal.h>

#include <memory>
#include <optional>
#include <random>

#include "../workloads/loop.hpp"
#include "../workloads/pingpong.hpp"
#include "crossmem/bench/team.hpp"
#include "crossmem/error.hpp"

namespace crossmem::bench {
namespace {

struct Case {
  Workload* workload;
  const Strategy* strategy;
  std::map<std::string, std::uint64_t> tunables;
  std::uint64_t size;
  Pages pages;
  bool fresh;
};

// The team currently alive, and what it was built for.
struct Session {
  std::string key;
  std::unique_ptr<Team> team;
  std::optional<std::pair<std::uint64_t, Pages>> prepared;
};

SuiteConfig g_config;
PingPong g_pingpong;
SyncFreeLoop g_loop;
Session g_session;
std::mt19937_64 g_seeds{0x63726f73736d656dull};
volatile sig_atomic_t g_interrupted = 0;

// First SIGINT/SIGTERM: finish the batch in flight, record every remaining case as interrupted, and
// let Google Benchmark close its JSON. A second one ends the process at once.
void on_interrupt(int sig) {
  g_interrupted = 1;
  ::signal(sig, SIG_DFL);
}

std::string team_key(const Case& c) {
  std::string key = c.workload->name() + "/" + std::string(c.strategy->name);
  for (const auto& [k, v] : c.tunables) key += "/" + k + "=" + std::to_string(v);
  return key;
}

Team& team_for(const Case& c) {
  std::string key = team_key(c);
  if (!g_session.team || g_session.key != key) {
    g_session.team.reset();
    g_session.prepared.reset();
    TeamSpec spec;
    spec.strategy = c.strategy;
    spec.params = Params(c.tunables);
    spec.procs = 2;
    spec.pus = g_config.pus;
    spec.wait_mode = g_config.wait_mode;
    spec.timeout = g_config.timeout;
    spec.buffer_node = g_config.buffer_node;
    g_session.team = std::make_unique<Team>(spec, *c.workload);
    g_session.key = key;
  }
  return *g_session.team;
}

void run_case(benchmark::State& state, const Case& c) {
  if (g_interrupted) {
    g_session.team.reset();
    state.SkipWithError("interrupted");
    return;
  }
  try {
    if (!g_config.placement_unsupported.empty()) throw Unsupported(g_config.placement_unsupported);
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
    while (state.KeepRunningBatch(state.max_iterations)) {
      batch = team.run(n, c.fresh, g_config.validate, g_seeds());
      state.SetIterationTime(batch.seconds);
    }
    // Ping-pong: one-way time is half the round trip. Loop: time per message of the stream.
    const double per_message =
        batch.seconds / static_cast<double>(n) / (c.workload == &g_pingpong ? 2.0 : 1.0);
    state.counters["size_bytes"] = static_cast<double>(c.size);
    state.counters["latency_ns"] = per_message * 1e9;
    state.counters["bytes_per_second"] = static_cast<double>(c.size) / per_message;
    state.counters["handoff_ns"] = probe.handoff_ns;
    state.counters["doorbell_ns"] = probe.doorbell_ns;
    state.counters["preempted"] = static_cast<double>(batch.involuntary);
    state.counters["validated"] = g_config.validate ? 1 : 0;
    if (!g_config.buffer_node.empty()) state.counters["buffer_node"] = team.self().buffer_node();
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

}  // namespace

std::string case_name(const std::string& workload, const Strategy& strategy, std::uint64_t size,
                      const std::string& placement, Pages pages, bool fresh,
                      const std::map<std::string, std::uint64_t>& tunables) {
  std::string name = workload + "/" + std::string(strategy.name) + "/size:" + std::to_string(size) +
                     "/procs:2/placement:" + placement +
                     "/cache:hot/pages:" + std::string(to_string(pages)) +
                     "/fresh:" + (fresh ? "1" : "0");
  for (const auto& [k, v] : tunables) name += "/" + k + ":" + std::to_string(v);
  return name;
}

bool interrupted() { return g_interrupted != 0; }

void install_interrupt_handler() {
  ::signal(SIGINT, on_interrupt);
  ::signal(SIGTERM, on_interrupt);
}

int register_cases(const SuiteConfig& config) {
  g_config = config;
  int count = 0;
  std::vector<Workload*> workloads{&g_pingpong};
  if (config.loops) workloads.push_back(&g_loop);
  for (Workload* w : workloads) {
    for (const Strategy* s : config.strategies) {
      std::vector<std::map<std::string, std::uint64_t>> sweep{{}};
      if (auto it = config.sweeps.find(std::string(s->name)); it != config.sweeps.end())
        sweep = it->second;
      for (const auto& tunables : sweep) {
        for (Pages pages : config.pages) {
          for (bool fresh : config.fresh) {
            for (std::uint64_t size : config.sizes) {
              Case c{w, s, tunables, size, pages, fresh};
              benchmark::RegisterBenchmark(
                  case_name(w->name(), *s, size, config.placement, pages, fresh, tunables).c_str(),
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
  return count;
}

void end_suite() {
  g_session.team.reset();
  g_session.prepared.reset();
}

}  // namespace crossmem::bench
