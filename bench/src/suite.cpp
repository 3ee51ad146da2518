#include "crossmem/bench/suite.hpp"

#include <signal.h>

#include <algorithm>
#include <memory>

#include "cases.hpp"
#include "crossmem/schema/fields.hpp"

namespace crossmem::bench {
namespace {

volatile sig_atomic_t g_interrupted = 0;

// First SIGINT/SIGTERM: finish the batch in flight, record every remaining case as interrupted, and
// let Google Benchmark close its JSON. A second one ends the process at once.
void on_interrupt(int sig) {
  g_interrupted = 1;
  ::signal(sig, SIG_DFL);
}

double rank0_seconds(const BatchResult& batch) {
  return batch.seconds;
}

// Time per message: ping-pong's one-way time is half the round trip (2 messages per iteration),
// the loop's the time per message of the stream.
void two_process_counters(benchmark::State& state, const detail::Case& c, const Team&,
                          const BatchResult&, double seconds, std::uint64_t iterations) {
  const double per_message = seconds / static_cast<double>(iterations) /
                             static_cast<double>(c.workload->messages_per_iteration);
  state.counters[schema::field::latency_ns] = per_message * 1e9;
  state.counters[schema::field::bytes_per_second] = static_cast<double>(c.size) / per_message;
}

}  // namespace

bool interrupted() {
  return g_interrupted != 0;
}

void install_interrupt_handler() {
  ::signal(SIGINT, on_interrupt);
  ::signal(SIGTERM, on_interrupt);
}

namespace detail {

std::vector<Planned> plan_cases(const SuiteConfig& config) {
  auto shared = std::make_shared<const SuiteConfig>(config);
  std::vector<Planned> out;
  std::vector<const WorkloadRow*> workloads;
  for (const WorkloadRow* w : all_workloads()) {
    if (w->counts != ProcessCounts::pair) continue;
    const bool chosen = config.pair_workloads.empty() ||
                        std::find(config.pair_workloads.begin(), config.pair_workloads.end(), w) !=
                            config.pair_workloads.end();
    if (w->on_request ? config.loops : chosen) workloads.push_back(w);
  }
  for (const WorkloadRow* w : workloads) {
    for (const Strategy* s : config.strategies) {
      if (!detail::runs_in(config, *w, *s)) continue;
      for (const auto& tunables : detail::tunable_sweep(config, *s)) {
        Case c;
        c.workload = w;
        c.strategy = s;
        c.tunables = tunables;
        c.pus = config.pus;
        c.placement = config.placement;
        c.placement_unsupported = config.placement_unsupported;
        plan_axes(c, shared, {rank0_seconds, two_process_counters}, out);
      }
    }
  }
  return out;
}

}  // namespace detail

int register_cases(const SuiteConfig& config) {
  auto planned = detail::plan_cases(config);
  for (const auto& p : planned) detail::register_planned(p);
  return static_cast<int>(planned.size());
}

void end_suite() {
  detail::end_cases();
}

}  // namespace crossmem::bench
