// proc-mem-write: the sender pwrites into the receiver's buffer through /proc/PID/mem, after the
// receiver's clear-to-send. One copy by the kernel, through a one-page bounce buffer.
#include "common.hpp"
#include "crossmem/kernel/probe.hpp"
#include "crossmem/kernel/proc_mem.hpp"

namespace crossmem {
namespace {

class ProcMemWriteSender final : public detail::PushSender {
 public:
  explicit ProcMemWriteSender(Link& link) : PushSender(link), mem_(link.peer(), true) {}

 private:
  void copy(std::span<const std::byte> src, std::uint64_t remote) override {
    mem_.write(src.data(), remote, src.size());
  }

  kernel::ProcMem mem_;
};

Availability probe() {
  return detail::ptrace_availability(kernel::try_proc_mem_self(), "/proc/PID/mem");
}

std::unique_ptr<Sender> make_sender(Link& link, const Params&) {
  return std::make_unique<ProcMemWriteSender>(link);
}
std::unique_ptr<Receiver> make_receiver(Link& link, const Params&) {
  return std::make_unique<detail::PushReceiver>(link);
}

}  // namespace

extern const Strategy proc_mem_write_strategy{
    "proc-mem-write",
    "sender pwrites /proc/PID/mem of the receiver (single copy, kernel, page-sized steps)",
    {.in_process = false,
     .shared_source = false,
     .access = RemoteAccess::sender_writes_receiver,
     .copies = 1,
     .copier = "sender (kernel)",
     .mechanism = doctor::Mechanism::proc_mem_write},
    {},
    probe,
    make_sender,
    make_receiver};

}  // namespace crossmem
