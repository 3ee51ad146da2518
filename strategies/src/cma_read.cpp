// cma-read: the receiver pulls the message out of the sender's memory with process_vm_readv.
// One copy, done by the kernel on the receiver's core. The sender announces (address, length) and
// may reuse its buffer once the receiver reports completion.
#include "common.hpp"
#include "crossmem/kernel/cma.hpp"
#include "crossmem/kernel/probe.hpp"

namespace crossmem {
namespace {

constexpr Tunable kTunables[] = {
    {"segments", 1, "iovecs the receiving (local) buffer is split into", 1, 1024},
    {"remote_segments", 1, "iovecs the sending (remote) buffer is split into", 1, 1024},
};

class CmaReadReceiver final : public detail::PullReceiver {
 public:
  CmaReadReceiver(Link& link, const Params& params)
      : PullReceiver(link), plan_(params.get(kTunables[0]), params.get(kTunables[1])) {}

 private:
  void copy(std::span<std::byte> dst, std::uint64_t remote) override {
    plan_.plan(dst.data(), remote, dst.size());
    kernel::cma_read_all(link_.peer(), plan_.local(), plan_.remote());
  }

  detail::ScatterPlan plan_;
};

Availability probe() {
  return detail::ptrace_availability(kernel::try_cma_read_self(), "process_vm_readv");
}

std::unique_ptr<Sender> make_sender(Link& link, const Params&) {
  return std::make_unique<detail::PullSender>(link);
}
std::unique_ptr<Receiver> make_receiver(Link& link, const Params& params) {
  return std::make_unique<CmaReadReceiver>(link, params);
}

}  // namespace

extern const Strategy cma_read_strategy{
    "cma-read",
    "receiver pulls with process_vm_readv (single copy, kernel)",
    {.in_process = false,
     .shared_source = false,
     .access = RemoteAccess::receiver_reads_sender,
     .copies = 1,
     .copier = "receiver (kernel)",
     .mechanism = doctor::Mechanism::cma_read},
    kTunables,
    probe,
    make_sender,
    make_receiver};

}  // namespace crossmem
