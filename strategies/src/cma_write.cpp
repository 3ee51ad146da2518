// cma-write: the sender pushes the message into the receiver's memory with process_vm_writev.
// One copy, done by the kernel on the sender's core. The receiver announces where the message goes
// (clear to send); the sender writes, then reports completion. The sender's buffer is free as soon
// as the call returns.
#include "common.hpp"
#include "crossmem/kernel/cma.hpp"
#include "crossmem/kernel/probe.hpp"

namespace crossmem {
namespace {

constexpr Tunable kTunables[] = {
    {"segments", 1, "iovecs the sending (local) buffer is split into", 1, 1024},
    {"remote_segments", 1, "iovecs the receiving (remote) buffer is split into", 1, 1024},
};

class CmaWriteSender final : public detail::PushSender {
 public:
  CmaWriteSender(Link& link, const Params& params)
      : PushSender(link), plan_(params.get(kTunables[0]), params.get(kTunables[1])) {}

 private:
  void copy(std::span<const std::byte> src, std::uint64_t remote) override {
    plan_.plan(const_cast<std::byte*>(src.data()), remote, src.size());
    kernel::cma_write_all(link_.peer(), plan_.local(), plan_.remote());
  }

  detail::ScatterPlan plan_;
};

Availability probe() {
  return detail::ptrace_availability(kernel::try_cma_write_self(), "process_vm_writev");
}

std::unique_ptr<Sender> make_sender(Link& link, const Params& params) {
  return std::make_unique<CmaWriteSender>(link, params);
}
std::unique_ptr<Receiver> make_receiver(Link& link, const Params&) {
  return std::make_unique<detail::PushReceiver>(link);
}

}  // namespace

extern const Strategy cma_write_strategy{
    "cma-write",
    "sender pushes with process_vm_writev (single copy, kernel)",
    {.in_process = false,
     .shared_source = false,
     .access = RemoteAccess::sender_writes_receiver,
     .copies = 1,
     .copier = "sender (kernel)",
     .mechanism = doctor::Mechanism::cma_write},
    kTunables,
    probe,
    make_sender,
    make_receiver};

}  // namespace crossmem
