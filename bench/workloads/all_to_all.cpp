#include "all_to_all.hpp"

#include "crossmem/bench/steps.hpp"
#include "crossmem/bench/workloads.hpp"
#include "crossmem/error.hpp"

namespace crossmem::bench {

std::size_t all_to_all_link(int sender, int receiver, int procs) {
  const int column = receiver < sender ? receiver : receiver - 1;
  return static_cast<std::size_t>(sender * (procs - 1) + column);
}

int exchange_steps(int procs) {
  return procs % 2 == 0 ? procs - 1 : procs;
}

// Circle method over n = procs rounded up to even: rank n-1 meets `step`; any other rank i meets
// the j with i + j = 2 x step (mod n-1). With odd procs, rank n-1 does not exist: its partner
// idles.
int exchange_partner(int rank, int step, int procs) {
  const int n = procs + procs % 2;
  const int m = n - 1;
  int partner;
  if (rank == n - 1) {
    partner = step;
  } else if (rank == step) {
    partner = n - 1;
  } else {
    partner = ((2 * step - rank) % m + m) % m;
  }
  return partner < procs ? partner : -1;
}

namespace {

void round(Member& me, std::uint64_t i, const PayloadPolicy& policy) {
  const int procs = me.procs();
  const std::uint64_t base = i * me.links().size();
  auto send = [&](int from, int to) {
    std::size_t l = all_to_all_link(from, to, procs);
    send_step(me, l, base + l, policy);
  };
  auto recv = [&](int from, int to) {
    std::size_t l = all_to_all_link(from, to, procs);
    recv_step(me, l, base + l, policy);
  };
  for (int step = 0; step < exchange_steps(procs); ++step) {
    if (me.in_process()) {
      for (int r = 0; r < procs; ++r) {
        int p = exchange_partner(r, step, procs);
        if (p < r) continue;
        send(r, p);
        recv(r, p);
        send(p, r);
        recv(p, r);
      }
      continue;
    }
    const int r = me.rank();
    const int p = exchange_partner(r, step, procs);
    if (p < 0) continue;
    if (r < p) {
      send(r, p);
      recv(p, r);
    } else {
      recv(p, r);
      send(r, p);
    }
  }
}

}  // namespace

std::vector<LinkSpec> AllToAll::links(int procs) const {
  if (procs < 2) throw InvalidInput("all-to-all needs at least 2 processes");
  std::vector<LinkSpec> out;
  for (int s = 0; s < procs; ++s) {
    for (int d = 0; d < procs; ++d) {
      if (d != s) out.push_back({s, d});
    }
  }
  return out;
}

void AllToAll::validate(Member& me, std::uint64_t seed) {
  round(me, 0, {.fresh = false, .validate = true, .seed = seed});
}

void AllToAll::run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
                   std::uint64_t seed) {
  const PayloadPolicy policy{.fresh = fresh, .validate = validate, .seed = seed};
  for (std::uint64_t i = 0; i < iterations; ++i) round(me, i, policy);
}

namespace {

std::uint64_t all_to_all_rank_bytes(std::uint64_t size, int procs) {
  return size * static_cast<std::uint64_t>(procs - 1);
}

std::unique_ptr<Workload> make(const WorkloadOptions&) {
  return std::make_unique<AllToAll>();
}

}  // namespace

extern const WorkloadRow all_to_all_workload{
    "all-to-all",
    "every rank sends one message per round to each other rank, in a round-robin tournament",
    2,
    kMaxProcs,
    ProcessCounts::sweep,
    false,
    false,
    "aggregate bytes per round = procs x (procs - 1) x size; latency_ns = round time; per-rank "
    "bandwidth = (procs - 1) x size per round on each rank's own clock",
    1,
    all_to_all_rank_bytes,
    0,
    make};

}  // namespace crossmem::bench
