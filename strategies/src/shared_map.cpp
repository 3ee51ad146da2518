// shared-map: single copy without the kernel. The sender's buffer lives in a memfd that the
// receiver maps too; the receiver memcpys straight out of it. This is what XPMEM-style attach buys,
// and the ceiling for any single-copy mechanism between two processes.
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common.hpp"
#include "crossmem/error.hpp"
#include "crossmem/kernel/mapping.hpp"

namespace crossmem {
namespace {

class SharedMapSender final : public detail::PullSender {
 public:
  using PullSender::PullSender;
  void prepare(const Region& region) override {
    if (region.fd < 0) throw SystemError(EINVAL, "shared-map needs a memfd-backed source region");
    base_ = region.base;
    link_.post_value(region.size, region.fd);
  }

 private:
  std::uint64_t address_of(std::span<const std::byte> src) const override {
    return static_cast<std::uint64_t>(src.data() - base_);
  }
  const std::byte* base_ = nullptr;
};

class SharedMapReceiver final : public detail::PullReceiver {
 public:
  using PullReceiver::PullReceiver;
  void prepare(const Region&) override {
    kernel::UniqueFd fd;
    auto size = link_.take_value<std::size_t>(&fd);
    if (!fd) throw SystemError(EPROTO, "shared-map: no descriptor for the sender's region");
    peer_map_.reset();
    peer_ = nullptr;
    peer_size_ = 0;
    peer_map_ =
        kernel::Mapping(size, PROT_READ, MAP_SHARED, fd.get(), "mapping the sender's region");
    peer_ = static_cast<const std::byte*>(peer_map_.get());
    peer_size_ = size;
  }

  // Fused: the sender's vector is combined into the accumulator straight from the mapping, with
  // no copy at all (the bound of what fusing the reduction can save).
  void recv_reduce(std::span<std::byte> acc, std::span<std::byte>, kernel::ReduceOp op,
                   kernel::ReduceType type) override {
    kernel::reduce_reference(acc, peer_bytes(await_announcement(acc.size()), acc.size()), op, type);
    report_done();
  }

 private:
  void copy(std::span<std::byte> dst, std::uint64_t offset) override {
    std::memcpy(dst.data(), peer_bytes(offset, dst.size()).data(), dst.size());
  }

  std::span<const std::byte> peer_bytes(std::uint64_t offset, std::size_t len) const {
    if (offset + len > peer_size_) {
      throw SystemError(EFAULT, "shared-map: message outside the mapped region");
    }
    return {peer_ + offset, len};
  }

  kernel::Mapping peer_map_;
  const std::byte* peer_ = nullptr;
  std::size_t peer_size_ = 0;
};

Availability probe() {
  return {};
}

std::unique_ptr<Sender> make_sender(Link& link, const Params&) {
  return std::make_unique<SharedMapSender>(link);
}
std::unique_ptr<Receiver> make_receiver(Link& link, const Params&) {
  return std::make_unique<SharedMapReceiver>(link);
}

}  // namespace

extern const Strategy shared_map_strategy{
    "shared-map",
    "reference: receiver memcpys from the sender's buffer mapped shared (single copy, user)",
    {.in_process = false,
     .shared_source = true,
     .access = RemoteAccess::none,
     .copies = 1,
     .copier = "receiver (user)",
     .mechanism = doctor::Mechanism::memory,
     .reference = true},
    {},
    probe,
    make_sender,
    make_receiver};

}  // namespace crossmem
