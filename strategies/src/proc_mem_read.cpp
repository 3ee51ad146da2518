// proc-mem-read: the receiver preads the sender's buffer through /proc/PID/mem. One copy by the
// kernel (through a one-page bounce buffer inside the kernel), one contiguous range per call.

#include "common.hpp"
#include "crossmem/kernel/probe.hpp"
#include "crossmem/kernel/proc_mem.hpp"

namespace crossmem {
namespace {

class ProcMemReadReceiver final : public detail::PullReceiver {
 public:
  explicit ProcMemReadReceiver(Link& link) : PullReceiver(link), mem_(link.peer(), false) {}

 private:
  void copy(std::span<std::byte> dst, std::uint64_t remote) override {
    mem_.read(dst.data(), remote, dst.size());
  }

  kernel::ProcMem mem_;
};

Availability probe() {
  return detail::ptrace_availability(kernel::try_proc_mem_self(), "/proc/PID/mem");
}

std::unique_ptr<Sender> make_sender(Link& link, const Params&) {
  return std::make_unique<detail::PullSender>(link);
}
std::unique_ptr<Receiver> make_receiver(Link& link, const Params&) {
  return std::make_unique<ProcMemReadReceiver>(link);
}

}  // namespace

extern const Strategy proc_mem_read_strategy{
    "proc-mem-read",
    "receiver preads /proc/PID/mem of the sender (single copy, kernel, page-sized steps)",
    {.in_process = false,
     .shared_source = false,
     .access = RemoteAccess::receiver_reads_sender,
     .copies = 1,
     .copier = "receiver (kernel)",
     .mechanism = doctor::Mechanism::proc_mem_read},
    {},
    probe,
    make_sender,
    make_receiver};

}  // namespace crossmem
