// vmsplice: the sender vmsplice()s its pages into a pipe (no copy: the pipe references them), the
// receiver read()s them out (one copy, kernel). The pipe is grown with F_SETPIPE_SZ as far as the
// system allows; larger messages are streamed while the receiver drains the pipe.
//
// Buffer reuse: until the receiver has read every byte, the pipe still points at the sender's
// pages; writing to them would change what the receiver reads. So the receiver sends a completion
// note after its last read and the sender's send() returns only then.
#include <fcntl.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstring>

#include "common.hpp"
#include "crossmem/kernel/probe.hpp"

namespace crossmem {
namespace {

constexpr Tunable kTunables[] = {
    {"pipe_size", 0, "pipe capacity in bytes (0: as large as pipe-max-size allows)", 0, 1ull << 31},
};

class VmspliceSender final : public detail::PipeStreamSender {
 public:
  explicit VmspliceSender(Link& link) : PipeStreamSender(link, true) {}

 private:
  ssize_t push(int fd, const std::byte* data, std::size_t len) override {
    iovec iov{const_cast<std::byte*>(data), len};
    return ::vmsplice(fd, &iov, 1, SPLICE_F_NONBLOCK);
  }
};

Availability probe() {
  int err = kernel::try_vmsplice();
  if (err == 0) return {};
  return {
      false, std::string("vmsplice fails: ") + std::strerror(err),
      err == ENOSYS || err == EPERM ? "run outside the seccomp profile that blocks vmsplice" : ""};
}

std::unique_ptr<Sender> make_sender(Link& link, const Params&) {
  return std::make_unique<VmspliceSender>(link);
}
std::unique_ptr<Receiver> make_receiver(Link& link, const Params& params) {
  return std::make_unique<detail::PipeStreamReceiver>(link, params.get(kTunables[0]), true);
}

}  // namespace

extern const Strategy vmsplice_strategy{
    "vmsplice",
    "sender vmsplices its pages into a pipe, receiver reads (single copy, kernel)",
    {.in_process = false,
     .shared_source = false,
     .access = RemoteAccess::none,
     .copies = 1,
     .copier = "receiver (kernel)",
     .mechanism = doctor::Mechanism::vmsplice},
    kTunables,
    probe,
    make_sender,
    make_receiver};

}  // namespace crossmem
