#include "one_to_many.hpp"

#include "crossmem/bench/steps.hpp"
#include "crossmem/bench/workloads.hpp"
#include "crossmem/error.hpp"

namespace crossmem::bench {
namespace {

// Round i: one message id per round, so every receiver gets the same stamped payload.
void round(Member& me, std::uint64_t i, const PayloadPolicy& policy) {
  const std::size_t receivers = me.links().size();
  if (me.in_process()) {
    for (std::size_t l = 0; l < receivers; ++l) {
      send_step(me, l, i, policy);
      recv_step(me, l, i, policy);
    }
  } else if (me.rank() == 0) {
    for (std::size_t l = 0; l < receivers; ++l) send_step(me, l, i, policy);
  } else {
    recv_step(me, static_cast<std::size_t>(me.rank() - 1), i, policy);
  }
}

}  // namespace

std::vector<LinkSpec> OneToMany::links(int procs) const {
  if (procs < 2) throw InvalidInput("one-to-many needs at least 2 processes (1 receiver)");
  std::vector<LinkSpec> out;
  for (int r = 1; r < procs; ++r) out.push_back({0, r});
  return out;
}

void OneToMany::validate(Member& me, std::uint64_t seed) {
  round(me, 0, {.fresh = false, .validate = true, .seed = seed});
}

void OneToMany::run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
                    std::uint64_t seed) {
  const PayloadPolicy policy{.fresh = fresh, .validate = validate, .seed = seed};
  for (std::uint64_t i = 0; i < iterations; ++i) round(me, i, policy);
}

namespace {

std::unique_ptr<Workload> make(const WorkloadOptions&) {
  return std::make_unique<OneToMany>();
}

}  // namespace

extern const WorkloadRow one_to_many_workload{
    "one-to-many",
    "rank 0 sends the same message to each of ranks 1..N in turn, once per round",
    2,
    kMaxProcs,
    ProcessCounts::sweep,
    false,
    false,
    "aggregate bytes per round = (procs - 1) x size; latency_ns = round time; per-receiver "
    "bandwidth from each receiver's own clock",
    1,
    one_message,
    1,
    make};

}  // namespace crossmem::bench
