#include "pingpong.hpp"

#include "crossmem/bench/steps.hpp"
#include "crossmem/bench/workloads.hpp"
#include "crossmem/error.hpp"

namespace crossmem::bench {
namespace {

constexpr std::size_t kPing = 0;  // rank 0 -> rank 1
constexpr std::size_t kPong = 1;  // rank 1 -> rank 0

void iteration(Member& me, std::uint64_t i, const PayloadPolicy& policy) {
  const std::uint64_t ping = 2 * i, pong = 2 * i + 1;
  if (me.in_process()) {
    send_step(me, kPing, ping, policy);
    recv_step(me, kPing, ping, policy);
    send_step(me, kPong, pong, policy);
    recv_step(me, kPong, pong, policy);
  } else if (me.rank() == 0) {
    send_step(me, kPing, ping, policy);
    recv_step(me, kPong, pong, policy);
  } else {
    recv_step(me, kPing, ping, policy);
    send_step(me, kPong, pong, policy);
  }
}

}  // namespace

std::vector<LinkSpec> PingPong::links(int procs) const {
  if (procs != 2) throw InvalidInput("ping-pong runs between exactly 2 processes");
  return {{0, 1}, {1, 0}};
}

void PingPong::validate(Member& me, std::uint64_t seed) {
  iteration(me, 0, {.fresh = false, .validate = true, .seed = seed});
}

void PingPong::run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
                   std::uint64_t seed) {
  const PayloadPolicy policy{.fresh = fresh, .validate = validate, .seed = seed};
  for (std::uint64_t i = 0; i < iterations; ++i) iteration(me, i, policy);
}

namespace {

std::unique_ptr<Workload> make(const WorkloadOptions&) {
  return std::make_unique<PingPong>();
}

}  // namespace

extern const WorkloadRow pingpong_workload{
    "pingpong",
    "rank 0 sends a message to rank 1, which sends one of the same size back (OSU osu_latency)",
    2,
    2,
    ProcessCounts::pair,
    false,
    false,
    "latency_ns = one-way time, half the round trip; bytes_per_second = size / latency_ns",
    2,
    one_message,
    0,
    make};

}  // namespace crossmem::bench
