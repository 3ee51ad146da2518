// Ping-pong: rank 0 sends a message to rank 1, which sends one of the same size back. One-way
// latency is half the round trip; bandwidth is size over one-way time (OSU osu_latency convention).
#pragma once

#include "crossmem/bench/team.hpp"

namespace crossmem::bench {

class PingPong final : public Workload {
 public:
  std::string name() const override { return "pingpong"; }
  std::vector<LinkSpec> links(int procs) const override;
  void validate(Member& me, std::uint64_t seed) override;
  void run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
           std::uint64_t seed) override;
};

}  // namespace crossmem::bench
