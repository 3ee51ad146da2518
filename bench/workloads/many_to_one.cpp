#include "many_to_one.hpp"

#include "crossmem/bench/steps.hpp"
#include "crossmem/bench/workloads.hpp"
#include "crossmem/error.hpp"

namespace crossmem::bench {
namespace {

// Round i: message ids i*N .. i*N+N-1, one per link. The receiver posts every receive of the round
// before completing any (MPI's Irecv x N then Waitall), so push strategies let all senders write at
// once; pull strategies copy in link order, as one receiving process must.
void round(Member& me, std::uint64_t i, const PayloadPolicy& policy,
           std::vector<std::span<std::byte>>& posted) {
  const std::size_t senders = me.links().size();
  const std::uint64_t base = i * senders;
  if (me.in_process()) {
    for (std::size_t l = 0; l < senders; ++l) {
      send_step(me, l, base + l, policy);
      recv_step(me, l, base + l, policy);
    }
  } else if (me.rank() == 0) {
    posted.resize(senders);
    for (std::size_t l = 0; l < senders; ++l) posted[l] = post_step(me, l);
    for (std::size_t l = 0; l < senders; ++l) complete_step(me, l, base + l, policy, posted[l]);
  } else {
    const auto l = static_cast<std::size_t>(me.rank() - 1);
    send_step(me, l, base + l, policy);
  }
}

}  // namespace

std::vector<LinkSpec> ManyToOne::links(int procs) const {
  if (procs < 2) throw InvalidInput("many-to-one needs at least 2 processes (1 sender)");
  std::vector<LinkSpec> out;
  for (int r = 1; r < procs; ++r) out.push_back({r, 0});
  return out;
}

void ManyToOne::validate(Member& me, std::uint64_t seed) {
  round(me, 0, {.fresh = false, .validate = true, .seed = seed}, posted_);
}

void ManyToOne::run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
                    std::uint64_t seed) {
  const PayloadPolicy policy{.fresh = fresh, .validate = validate, .seed = seed};
  for (std::uint64_t i = 0; i < iterations; ++i) round(me, i, policy, posted_);
}

namespace {

std::unique_ptr<Workload> make(const WorkloadOptions&) {
  return std::make_unique<ManyToOne>();
}

}  // namespace

extern const WorkloadRow many_to_one_workload{
    "many-to-one",
    "ranks 1..N each send one message per round to rank 0, which posts every receive first",
    2,
    kMaxProcs,
    ProcessCounts::sweep,
    false,
    false,
    "aggregate bytes per round = (procs - 1) x size; latency_ns = round time; per-sender "
    "bandwidth from each sender's own clock",
    1,
    one_message,
    1,
    make};

}  // namespace crossmem::bench
