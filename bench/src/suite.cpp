#include "crossmem/bench/suite.hpp"

#include <signal.h>

#include <memory>

#include "../workloads/loop.hpp"
#include "../workloads/pingpong.hpp"
#include "cases.hpp"
#include "crossmem/schema/fields.hpp"

namespace crossmem::bench {
namespace {

PingPong g_pingpong;
SyncFreeLoop g_loop;
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

// Ping-pong: one-way time is half the round trip. Loop: time per message of the stream.
void two_process_counters(benchmark::State& state, const detail::Case& c, const Team&,
                          const BatchResult&, double seconds, std::uint64_t iterations) {
  const double per_message =
      seconds / static_cast<double>(iterations) / (c.workload == &g_pingpong ? 2.0 : 1.0);
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

int register_cases(const SuiteConfig& config) {
  auto shared = std::make_shared<const SuiteConfig>(config);
  int count = 0;
  std::vector<Workload*> workloads{&g_pingpong};
  if (config.loops) workloads.push_back(&g_loop);
  for (Workload* w : workloads) {
    for (const Strategy* s : config.strategies) {
      for (const auto& tunables : detail::tunable_sweep(config, *s)) {
        detail::Case c;
        c.workload = w;
        c.strategy = s;
        c.tunables = tunables;
        c.pus = config.pus;
        c.placement = config.placement;
        c.placement_unsupported = config.placement_unsupported;
        count += detail::register_axes(c, shared, {rank0_seconds, two_process_counters});
      }
    }
  }
  return count;
}

void end_suite() {
  detail::end_cases();
}

}  // namespace crossmem::bench
