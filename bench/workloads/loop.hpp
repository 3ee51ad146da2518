// Sync-free loop: the baseline that shows what the harness costs. Rank 0 sends `iterations`
// messages to rank 1 back to back through the strategy's own send/recv code, with the links' notes
// free-running (no signal, no wait): only the mechanism's own flow control remains (pipe capacity,
// the shm-copy ring's slot flags). The batch ends when rank 1 has received everything, which it
// reports with one ordinary note on a second link. Bandwidth = size x iterations / batch time.
#pragma once

#include "crossmem/bench/team.hpp"

namespace crossmem::bench {

class SyncFreeLoop final : public Workload {
 public:
  std::string name() const override { return "loop"; }
  std::vector<LinkSpec> links(int procs) const override;
  void validate(Member& me, std::uint64_t seed) override;
  void run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
           std::uint64_t seed) override;
};

}  // namespace crossmem::bench
