#include "crossmem/bench/buffers.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "crossmem/error.hpp"

namespace crossmem::bench {
namespace {

constexpr std::size_t kHugeAlign = 2u << 20;

}  // namespace

std::string_view to_string(Pages pages) { return pages == Pages::small ? "4k" : "thp"; }

Pages parse_pages(std::string_view text) {
  if (text == "4k") return Pages::small;
  if (text == "thp") return Pages::thp;
  throw InvalidInput("unknown page backing '" + std::string(text) + "' (expected 4k or thp)");
}

Buffer::Buffer(std::size_t size, Pages pages, bool shared) {
  std::size_t len = size == 0 ? 1 : size;
  // Round to 2 MiB so a THP buffer can be backed by huge pages from its first byte to its last.
  mapped_ = (len + kHugeAlign - 1) & ~(kHugeAlign - 1);
  void* p = MAP_FAILED;
  if (shared) {
    region_.fd = ::memfd_create("crossmem-buffer", MFD_CLOEXEC);
    if (region_.fd < 0) throw_errno("memfd_create for a message buffer");
    if (::ftruncate(region_.fd, static_cast<off_t>(mapped_)) != 0) {
      ::close(region_.fd);
      throw_errno("sizing a shared message buffer");
    }
    p = ::mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_SHARED, region_.fd, 0);
  } else {
    // Over-allocate to place the buffer on a 2 MiB boundary.
    std::size_t reserve = mapped_ + kHugeAlign;
    void* raw = ::mmap(nullptr, reserve, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw != MAP_FAILED) {
      auto addr = reinterpret_cast<std::uintptr_t>(raw);
      std::uintptr_t aligned = (addr + kHugeAlign - 1) & ~(kHugeAlign - 1);
      if (aligned > addr) ::munmap(raw, aligned - addr);
      std::size_t tail = addr + reserve - (aligned + mapped_);
      if (tail > 0) ::munmap(reinterpret_cast<void*>(aligned + mapped_), tail);
      p = reinterpret_cast<void*>(aligned);
    }
  }
  if (p == MAP_FAILED) {
    int err = errno;
    if (region_.fd >= 0) ::close(region_.fd);
    throw SystemError(err, "mapping a message buffer of " + std::to_string(size) + " bytes");
  }
  ::madvise(p, mapped_, pages == Pages::thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  std::memset(p, 0, mapped_);
  region_.base = static_cast<std::byte*>(p);
  region_.size = size;
}

Buffer::~Buffer() {
  if (region_.base) ::munmap(region_.base, mapped_);
  if (region_.fd >= 0) ::close(region_.fd);
}

}  // namespace crossmem::bench
