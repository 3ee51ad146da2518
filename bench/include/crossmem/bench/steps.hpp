// The two steps every workload is made of: send a message on a link, receive one. They apply the
// run's payload policy (validation stamps, source freshness) so that every workload treats payloads
// the same way.
#pragma once

#include <cstdint>

#include "crossmem/bench/team.hpp"

namespace crossmem::bench {

struct PayloadPolicy {
  bool fresh = false;     // rewrite the source before each send, read the message after receipt
  bool validate = false;  // stamp each message with `id` and check it on arrival
  std::uint64_t seed = 0;
};

void send_step(Member& me, std::size_t link, std::uint64_t id, const PayloadPolicy& policy);
// Throws ValidationError when a validated message is wrong.
void recv_step(Member& me, std::size_t link, std::uint64_t id, const PayloadPolicy& policy);
// recv_step in two phases (Receiver::post / complete), for taking messages from several links at
// once: post_step returns the destination it posted, to be given to complete_step.
std::span<std::byte> post_step(Member& me, std::size_t link);
void complete_step(Member& me, std::size_t link, std::uint64_t id, const PayloadPolicy& policy,
                   std::span<std::byte> dst);

}  // namespace crossmem::bench
