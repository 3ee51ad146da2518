// memcpy: the copy ceiling. Both endpoints live in one process; the receiver copies the sender's
// buffer with memcpy. Nothing crosses a process boundary, so any two-process strategy that comes
// close to it is as good as a copy can be on this machine.
#include <cstring>

#include "common.hpp"

namespace crossmem {
namespace {

class MemcpySender final : public Sender {
 public:
  explicit MemcpySender(Link& link) : link_(link) {}
  void send(std::span<const std::byte> src) override {
    link_.notify({reinterpret_cast<std::uint64_t>(src.data()), src.size(), 0});
  }

 private:
  Link& link_;
};

class MemcpyReceiver final : public Receiver {
 public:
  explicit MemcpyReceiver(Link& link) : link_(link) {}
  void recv(std::span<std::byte> dst) override {
    Note note = link_.await();
    std::memcpy(dst.data(), reinterpret_cast<const void*>(note[0]), dst.size());
  }
  // The reduction's own ceiling: the sender's vector combined in place, inside one process.
  void recv_reduce(std::span<std::byte> acc, std::span<std::byte>, kernel::ReduceOp op,
                   kernel::ReduceType type) override {
    Note note = link_.await();
    kernel::reduce_reference(acc, {reinterpret_cast<const std::byte*>(note[0]), acc.size()}, op,
                             type);
  }

 private:
  Link& link_;
};

Availability probe() {
  return {};
}

std::unique_ptr<Sender> make_sender(Link& link, const Params&) {
  return std::make_unique<MemcpySender>(link);
}
std::unique_ptr<Receiver> make_receiver(Link& link, const Params&) {
  return std::make_unique<MemcpyReceiver>(link);
}

}  // namespace

extern const Strategy memcpy_strategy{"memcpy",
                                      "reference: memcpy inside one process (the copy ceiling)",
                                      {.in_process = true,
                                       .shared_source = false,
                                       .access = RemoteAccess::none,
                                       .copies = 1,
                                       .copier = "same process (user)",
                                       .mechanism = doctor::Mechanism::memory,
                                       .reference = true},
                                      {},
                                      probe,
                                      make_sender,
                                      make_receiver};

}  // namespace crossmem
