// cma-reduce: the receiver combines the sender's vector into its own accumulator with one
// process_vm_readv call carrying the reduce flags (kernel/patches/: local = local OP remote), so
// the message is never copied: the kernel reads the remote pages and updates the local ones in one
// pass. It exists only as a combining receive: the bench runs it in the reduce workload and
// records it as skipped in the others (Traits::reduce_only). A kernel without the patch answers
// EINVAL for any flag; then the strategy is unavailable, with the remedy (probe_reduce()).
#include <cerrno>
#include <cstring>

#include "common.hpp"
#include "crossmem/error.hpp"
#include "crossmem/kernel/cma.hpp"
#include "crossmem/kernel/probe.hpp"
#include "crossmem/kernel/reduce.hpp"

namespace crossmem {
namespace {

class CmaReduceReceiver final : public detail::PullReceiver {
 public:
  using PullReceiver::PullReceiver;

  void recv_reduce(std::span<std::byte> acc, std::span<std::byte>, kernel::ReduceOp op,
                   kernel::ReduceType type) override {
    const std::uint64_t remote = await_announcement(acc.size());
    std::size_t done = 0;
    // One call for the whole vector; the loop only runs again after partial progress.
    while (done < acc.size()) {
      iovec local{acc.data() + done, acc.size() - done};
      iovec from{reinterpret_cast<void*>(remote + done), acc.size() - done};
      ssize_t n = kernel::reduce_readv(link_.peer(), &local, 1, &from, 1, op, type);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        throw SystemError(errno,
                          "process_vm_readv (reduce) from pid " + std::to_string(link_.peer()));
      }
      if (n == 0) throw SystemError(EIO, "process_vm_readv (reduce) made no progress");
      done += static_cast<std::size_t>(n);
    }
    report_done();
  }

 private:
  // A plain receive (outside the reduce workload the bench never asks for one): a CMA copy.
  void copy(std::span<std::byte> dst, std::uint64_t remote) override {
    iovec local{dst.data(), dst.size()};
    iovec from{reinterpret_cast<void*>(remote), dst.size()};
    kernel::cma_read_all(link_.peer(), {&local, 1}, {&from, 1});
  }
};

Availability probe() {
  Availability a = detail::ptrace_availability(kernel::try_cma_read_self(), "process_vm_readv");
  if (!a.ok) return a;
  kernel::ReduceSupport r = kernel::probe_reduce();
  if (!r.ok) return {false, r.reason, r.remedy};
  return {};
}

std::unique_ptr<Sender> make_sender(Link& link, const Params&) {
  return std::make_unique<detail::PullSender>(link);
}
std::unique_ptr<Receiver> make_receiver(Link& link, const Params&) {
  return std::make_unique<CmaReduceReceiver>(link);
}

}  // namespace

extern const Strategy cma_reduce_strategy{
    "cma-reduce",
    "receiver combines the sender's vector into its own with process_vm_readv + reduce flags "
    "(patched kernel; reduce workload only)",
    {.in_process = false,
     .shared_source = false,
     .access = RemoteAccess::receiver_reads_sender,
     .copies = 0,
     .copier = "receiver (kernel, combining)",
     .mechanism = doctor::Mechanism::cma_read,
     .reduce_only = true},
    {},
    probe,
    make_sender,
    make_receiver};

}  // namespace crossmem
