#include "handoff_probe.hpp"

#include <chrono>

namespace crossmem::bench {
namespace {

void raw_wait(const Flag& f, std::uint32_t target, const Doorbell& bell) {
  unsigned spins = 0;
  while (!reached(f.seq.load(std::memory_order_acquire), target)) {
    if (++spins == (1u << 14)) {
      spins = 0;
      bell.check_peer();
    }
    cpu_relax();
  }
}

}  // namespace

double probe_round_trips(Flag& ping, Flag& pong, const Doorbell& bell, bool pinger,
                         bool use_doorbell, std::uint32_t base, int rounds) {
  Flag& out = pinger ? ping : pong;
  Flag& in = pinger ? pong : ping;
  auto t0 = std::chrono::steady_clock::now();
  for (int k = 0; k <= rounds; ++k) {
    auto v = base + static_cast<std::uint32_t>(k) + 1;
    if (pinger) {
      if (use_doorbell) {
        bell.signal(out, v);
        bell.wait(in, v);
      } else {
        out.seq.store(v, std::memory_order_release);
        raw_wait(in, v, bell);
      }
      if (k == 0) t0 = std::chrono::steady_clock::now();
    } else {
      if (use_doorbell) {
        bell.wait(in, v);
        bell.signal(out, v);
      } else {
        raw_wait(in, v, bell);
        out.seq.store(v, std::memory_order_release);
      }
    }
  }
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace crossmem::bench
