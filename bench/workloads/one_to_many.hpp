// One-to-many: rank 0 sends the same payload to each of ranks 1..N in turn, one message per
// receiver per round, each on its own link {0 -> r} (link r-1). Aggregate bandwidth = N x size /
// round time; each receiver's own time over the batch gives its share.
#pragma once

#include "crossmem/bench/team.hpp"

namespace crossmem::bench {

class OneToMany final : public Workload {
 public:
  std::string name() const override { return "one-to-many"; }
  // {0 -> r} for r = 1..procs-1, link index r-1. Throws InvalidInput for procs < 2.
  std::vector<LinkSpec> links(int procs) const override;
  void validate(Member& me, std::uint64_t seed) override;
  void run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
           std::uint64_t seed) override;
};

}  // namespace crossmem::bench
