#include "crossmem/bench/steps.hpp"

#include "crossmem/bench/payload.hpp"

namespace crossmem::bench {
namespace {

// Keeps the reads of fresh mode observable.
volatile std::uint64_t g_sink;

// What the policy asks of a message that has arrived in `buf`.
void check_arrival(std::size_t link, std::uint64_t id, const PayloadPolicy& policy,
                   std::span<std::byte> buf) {
  if (policy.validate) {
    std::string bad = check_stamp(buf, policy.seed, id);
    if (!bad.empty()) {
      throw ValidationError("payload mismatch on link " + std::to_string(link) + ", message " +
                            std::to_string(id) + ": " + bad);
    }
  } else if (policy.fresh) {
    g_sink = g_sink + read_all(buf);
  }
}

}  // namespace

void send_step(Member& me, std::size_t link, std::uint64_t id, const PayloadPolicy& policy) {
  auto buf = me.next_source(link);
  if (policy.validate) {
    stamp(buf, policy.seed, id);
  } else if (policy.fresh) {
    rewrite(buf, id);
  }
  me.sender(link).send(buf);
}

std::span<std::byte> post_step(Member& me, std::size_t link) {
  auto buf = me.next_destination(link);
  me.receiver(link).post(buf);
  return buf;
}

void complete_step(Member& me, std::size_t link, std::uint64_t id, const PayloadPolicy& policy,
                   std::span<std::byte> buf) {
  me.receiver(link).complete(buf);
  check_arrival(link, id, policy, buf);
}

void recv_step(Member& me, std::size_t link, std::uint64_t id, const PayloadPolicy& policy) {
  auto buf = me.next_destination(link);
  me.receiver(link).recv(buf);
  check_arrival(link, id, policy, buf);
}

}  // namespace crossmem::bench
