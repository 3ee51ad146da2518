#include "many_to_one.hpp"

#include "crossmem/bench/steps.hpp"
#include "crossmem/error.hpp"

namespace crossmem::bench {
namespace {

// Round i: message ids i*N .. i*N+N-1, one per link.
void round(Member& me, std::uint64_t i, const PayloadPolicy& policy) {
  const std::size_t senders = me.links().size();
  const std::uint64_t base = i * senders;
  if (me.in_process()) {
    for (std::size_t l = 0; l < senders; ++l) {
      send_step(me, l, base + l, policy);
      recv_step(me, l, base + l, policy);
    }
  } else if (me.rank() == 0) {
    for (std::size_t l = 0; l < senders; ++l) recv_step(me, l, base + l, policy);
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
  round(me, 0, {.fresh = false, .validate = true, .seed = seed});
}

void ManyToOne::run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
                    std::uint64_t seed) {
  const PayloadPolicy policy{.fresh = fresh, .validate = validate, .seed = seed};
  for (std::uint64_t i = 0; i < iterations; ++i) round(me, i, policy);
}

}  // namespace crossmem::bench
