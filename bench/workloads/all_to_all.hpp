// All-to-all: every one of P processes sends one message per round to each of the others, on its
// own link for every ordered pair (P x (P-1) links).
//
// Order (docs/workloads.md): a send may block until its receiver is receiving (rendezvous, a pipe
// or ring smaller than the message), so "everyone sends, then everyone receives" can deadlock. A
// round is therefore a round-robin tournament: P-1 steps for even P, P for odd P (one rank idle
// per step), each step a perfect matching of the ranks; in each pair the lower rank sends first and
// then receives, the higher rank receives first and then sends. Every blocking send faces a
// receiver that is receiving from it, so a round always completes.
#pragma once

#include "crossmem/bench/team.hpp"

namespace crossmem::bench {

// The link index of sender -> receiver among `procs` ranks (sender != receiver).
std::size_t all_to_all_link(int sender, int receiver, int procs);
// Steps in a round of the exchange schedule: procs - 1 for even procs, procs for odd.
int exchange_steps(int procs);
// The rank `rank` exchanges with in step `step` of a round, or -1 when it sits that step out.
int exchange_partner(int rank, int step, int procs);

class AllToAll final : public Workload {
 public:
  std::string name() const override { return "all-to-all"; }
  // Every ordered pair, in all_to_all_link order. Throws InvalidInput for procs < 2.
  std::vector<LinkSpec> links(int procs) const override;
  void validate(Member& me, std::uint64_t seed) override;
  void run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
           std::uint64_t seed) override;
};

}  // namespace crossmem::bench
