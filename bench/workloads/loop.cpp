#include "loop.hpp"

#include "crossmem/bench/steps.hpp"
#include "crossmem/bench/workloads.hpp"
#include "crossmem/error.hpp"

namespace crossmem::bench {

std::vector<LinkSpec> SyncFreeLoop::links(int procs) const {
  if (procs != 2) throw InvalidInput("the sync-free loop runs between exactly 2 processes");
  // Link 1 only carries the end-of-batch note, so link 0's note arguments (a push strategy's
  // clear-to-send address) stay as the strategy left them.
  return {{0, 1}, {1, 0}};
}

void SyncFreeLoop::validate(Member& me, std::uint64_t seed) {
  const PayloadPolicy policy{.fresh = false, .validate = true, .seed = seed};
  if (me.in_process() || me.rank() == 0) send_step(me, 0, 0, policy);
  if (me.in_process() || me.rank() == 1) recv_step(me, 0, 0, policy);
}

void SyncFreeLoop::run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
                       std::uint64_t seed) {
  // Free-running notes cannot keep stamps apart, so the loop never validates per message.
  const PayloadPolicy policy{.fresh = fresh, .validate = false, .seed = seed};
  (void)validate;
  me.set_free_running(true);
  for (std::uint64_t i = 0; i < iterations; ++i) {
    if (me.in_process() || me.rank() == 0) send_step(me, 0, i, policy);
    if (me.in_process() || me.rank() == 1) recv_step(me, 0, i, policy);
  }
  me.set_free_running(false);
  if (me.in_process()) return;
  if (me.rank() == 1) me.end(1, Side::sender).notify();
  if (me.rank() == 0) me.end(1, Side::receiver).await();
}

namespace {

std::unique_ptr<Workload> make(const WorkloadOptions&) {
  return std::make_unique<SyncFreeLoop>();
}

}  // namespace

extern const WorkloadRow loop_workload{
    "loop",
    "rank 0 streams messages to rank 1 back to back with free-running notes: the harness "
    "baseline (--loops)",
    2,
    2,
    ProcessCounts::pair,
    true,
    false,
    "latency_ns = batch time / messages; bytes_per_second = size / latency_ns",
    1,
    one_message,
    0,
    make};

}  // namespace crossmem::bench
