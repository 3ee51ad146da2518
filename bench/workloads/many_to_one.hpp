// Many-to-one: ranks 1..N each send one message per round to rank 0, which posts a receive on
// every link (Receiver::post) and then completes them in order 1..N. Every sender has its own link
// {r -> 0} (link r-1), hence its own pipe, ring or rendezvous lines. Who copies decides what
// overlaps (docs/workloads.md): with pull strategies rank 0 does every copy, one sender after the
// other; with push strategies (cma-write, proc-mem-write: clear-to-send at post) and eager ones
// (shm-copy, pipe, vmsplice) the senders copy concurrently while rank 0 collects.
//
// Aggregate bandwidth = N x size / round time; each sender's own time over the batch gives its
// share (fairness).
#pragma once

#include "crossmem/bench/team.hpp"

namespace crossmem::bench {

class ManyToOne final : public Workload {
 public:
  std::string name() const override { return "many-to-one"; }
  // {r -> 0} for r = 1..procs-1, link index r-1. Throws InvalidInput for procs < 2.
  std::vector<LinkSpec> links(int procs) const override;
  void validate(Member& me, std::uint64_t seed) override;
  void run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
           std::uint64_t seed) override;

 private:
  std::vector<std::span<std::byte>> posted_;  // rank 0: this round's posted destinations
};

}  // namespace crossmem::bench
