// pipe: reference point. The sender write()s into a pipe, the receiver read()s: two copies, both
// in the kernel. The pipe is grown like vmsplice's so the two differ only in how pages get in.
#include <unistd.h>

#include "common.hpp"

namespace crossmem {
namespace {

constexpr Tunable kTunables[] = {
    {"pipe_size", 0, "pipe capacity in bytes (0: as large as pipe-max-size allows)", 0, 1ull << 31},
};

class PipeSender final : public detail::PipeStreamSender {
 public:
  explicit PipeSender(Link& link) : PipeStreamSender(link, false) {}

 private:
  ssize_t push(int fd, const std::byte* data, std::size_t len) override {
    return ::write(fd, data, len);
  }
};

Availability probe() {
  return {};
}

std::unique_ptr<Sender> make_sender(Link& link, const Params&) {
  return std::make_unique<PipeSender>(link);
}
std::unique_ptr<Receiver> make_receiver(Link& link, const Params& params) {
  return std::make_unique<detail::PipeStreamReceiver>(link, params.get(kTunables[0]), false);
}

}  // namespace

extern const Strategy pipe_strategy{"pipe",
                                    "reference: write + read through a pipe (two copies, kernel)",
                                    {.in_process = false,
                                     .shared_source = false,
                                     .access = RemoteAccess::none,
                                     .copies = 2,
                                     .copier = "sender and receiver (kernel)",
                                     .mechanism = doctor::Mechanism::pipe,
                                     .reference = true},
                                    kTunables,
                                    probe,
                                    make_sender,
                                    make_receiver};

}  // namespace crossmem
