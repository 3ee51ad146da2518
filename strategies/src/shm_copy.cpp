// shm-copy: the classic double copy. The receiver creates a ring of `depth` slots of `fragment`
// bytes in a memfd (no name in /dev/shm) and shares it with the sender. The sender copies the
// message into the ring fragment by fragment; the receiver copies each fragment out as soon as it
// is marked full, so both copies overlap (pipelining). Each slot has a "full" flag written by the
// sender and a "free" flag written by the receiver, each on its own cache line, through the shared
// doorbell.
//
// send() returns once the last fragment is in the ring (eager: the source is free at once).
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "common.hpp"
#include "crossmem/error.hpp"
#include "crossmem/kernel/mapping.hpp"

namespace crossmem {
namespace {

constexpr Tunable kTunables[] = {
    {"fragment", 8192, "bytes per ring slot (pipeline step)", 64, 64ull << 20},
    {"depth", 32, "slots in the ring", 1, 4096},
};

struct SlotFlags {
  Flag full;  // written by the sender: rounds filled
  Flag free;  // written by the receiver: rounds drained
};

// Layout: `depth` SlotFlags, then `depth` data slots of `fragment` bytes (rounded up to 64).
class Ring {
 public:
  Ring(int fd, std::size_t fragment, std::size_t depth)
      : fragment_(fragment),
        stride_((fragment + 63) & ~std::size_t{63}),
        depth_(depth),
        map_(flags_bytes() + stride_ * depth_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
             fd, "mapping the shm-copy ring"),
        base_(static_cast<std::byte*>(map_.get())) {}

  static std::size_t bytes_for(std::size_t fragment, std::size_t depth) {
    return depth * sizeof(SlotFlags) + ((fragment + 63) & ~std::size_t{63}) * depth;
  }

  SlotFlags& flags(std::size_t slot) { return reinterpret_cast<SlotFlags*>(base_)[slot]; }
  std::byte* data(std::size_t slot) { return base_ + flags_bytes() + stride_ * slot; }
  std::size_t fragment() const { return fragment_; }
  std::size_t depth() const { return depth_; }

 private:
  std::size_t flags_bytes() const { return depth_ * sizeof(SlotFlags); }

  std::size_t fragment_, stride_, depth_;
  kernel::Mapping map_;
  std::byte* base_;
};

// Fragment i of a message of `len` bytes: [i*fragment, min(len, (i+1)*fragment)). A zero-byte
// message still travels as one empty fragment, so it is still a signal.
std::size_t fragments_of(std::size_t len, std::size_t fragment) {
  return len == 0 ? 1 : (len + fragment - 1) / fragment;
}

class ShmCopySender final : public Sender {
 public:
  ShmCopySender(Link& link, const Params& params) : link_(link) {
    kernel::UniqueFd fd;
    link_.take_value<std::size_t>(&fd);
    if (!fd) throw SystemError(EPROTO, "shm-copy: no ring descriptor from the receiver");
    ring_.emplace(fd.get(), params.get(kTunables[0]), params.get(kTunables[1]));
  }

  void send(std::span<const std::byte> src) override {
    const std::size_t frag = ring_->fragment(), depth = ring_->depth();
    const std::size_t n = fragments_of(src.size(), frag);
    const Doorbell& bell = link_.doorbell();
    for (std::size_t i = 0; i < n; ++i, ++count_) {
      std::size_t slot = count_ % depth;
      auto round = static_cast<std::uint32_t>(count_ / depth);
      SlotFlags& f = ring_->flags(slot);
      bell.wait(f.free, round);
      std::size_t at = i * frag;
      std::memcpy(ring_->data(slot), src.data() + at, std::min(frag, src.size() - at));
      bell.signal(f.full, round + 1);
    }
  }

 private:
  Link& link_;
  std::optional<Ring> ring_;
  std::uint64_t count_ = 0;
};

class ShmCopyReceiver final : public Receiver {
 public:
  ShmCopyReceiver(Link& link, const Params& params) : link_(link) {
    std::size_t fragment = params.get(kTunables[0]), depth = params.get(kTunables[1]);
    kernel::UniqueFd fd(::memfd_create("crossmem-shm-copy", MFD_CLOEXEC));
    if (!fd) throw_errno("memfd_create for the shm-copy ring");
    std::size_t bytes = Ring::bytes_for(fragment, depth);
    if (::ftruncate(fd.get(), static_cast<off_t>(bytes)) != 0) {
      throw_errno("sizing the shm-copy ring");
    }
    ring_.emplace(fd.get(), fragment, depth);
    link_.post_value(bytes, fd.get());
  }

  void recv(std::span<std::byte> dst) override {
    drain(dst.size(), [&](std::size_t at, const std::byte* slot, std::size_t len) {
      std::memcpy(dst.data() + at, slot, len);
    });
  }

  // Fused: each fragment is combined into the accumulator straight out of its ring slot, so the
  // message is never copied out. Needs fragments of whole elements.
  void recv_reduce(std::span<std::byte> acc, std::span<std::byte>, kernel::ReduceOp op,
                   kernel::ReduceType type) override {
    if (ring_->fragment() % kernel::element_size(type) != 0) {
      throw Unsupported("shm-copy combines whole elements per fragment: fragment=" +
                            std::to_string(ring_->fragment()) + " is not a multiple of " +
                            std::to_string(kernel::element_size(type)) + " bytes",
                        "use a fragment that is a multiple of the element size, e.g. the "
                        "default 8192");
    }
    drain(acc.size(), [&](std::size_t at, const std::byte* slot, std::size_t len) {
      kernel::reduce_reference(acc.subspan(at, len), {slot, len}, op, type);
    });
  }

 private:
  // Takes the `len` bytes of the next message out of the ring, fragment by fragment: take(offset,
  // slot data, bytes) for each, as soon as it is full; the slot is freed when take returns.
  template <typename Take>
  void drain(std::size_t len, Take take) {
    const std::size_t frag = ring_->fragment(), depth = ring_->depth();
    const std::size_t n = fragments_of(len, frag);
    const Doorbell& bell = link_.doorbell();
    for (std::size_t i = 0; i < n; ++i, ++count_) {
      std::size_t slot = count_ % depth;
      auto round = static_cast<std::uint32_t>(count_ / depth);
      SlotFlags& f = ring_->flags(slot);
      bell.wait(f.full, round + 1);
      std::size_t at = i * frag;
      take(at, ring_->data(slot), std::min(frag, len - at));
      bell.signal(f.free, round + 1);
    }
  }

  Link& link_;
  std::optional<Ring> ring_;
  std::uint64_t count_ = 0;
};

Availability probe() {
  return {};
}

std::unique_ptr<Sender> make_sender(Link& link, const Params& params) {
  return std::make_unique<ShmCopySender>(link, params);
}
std::unique_ptr<Receiver> make_receiver(Link& link, const Params& params) {
  return std::make_unique<ShmCopyReceiver>(link, params);
}

}  // namespace

extern const Strategy shm_copy_strategy{
    "shm-copy",
    "copy-in/copy-out through a shared-memory ring, pipelined in fragments (double copy, user)",
    {.in_process = false,
     .shared_source = false,
     .access = RemoteAccess::none,
     .copies = 2,
     .copier = "sender and receiver (user)",
     .mechanism = doctor::Mechanism::memory},
    kTunables,
    probe,
    make_sender,
    make_receiver};

}  // namespace crossmem
