#include "crossmem/bench/buffers.hpp"

#include <hwloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "crossmem/error.hpp"
#include "crossmem/kernel/probe.hpp"
#include "crossmem/placement/topology.hpp"

namespace crossmem::bench {
namespace {

constexpr std::size_t kHugeAlign = 2u << 20;
constexpr std::size_t kPage = 4096;

std::size_t round_up(std::size_t n, std::size_t to) {
  return (n + to - 1) / to * to;
}

std::size_t hugetlb_page_bytes() {
  return kernel::meminfo_value("Hugepagesize").value_or(2048) * 1024;
}

[[noreturn]] void no_hugetlb_pages(std::size_t bytes, std::size_t page) {
  const std::uint64_t need = bytes / page;
  const std::uint64_t free = kernel::meminfo_value("HugePages_Free").value_or(0);
  throw Unsupported("hugetlb pages: a buffer needs " + std::to_string(need) + " huge page(s) of " +
                        std::to_string(page >> 10) + " KiB and the pool has " +
                        std::to_string(free) + " free",
                    "reserve them as root: sysctl -w vm.nr_hugepages=" + std::to_string(4 * need) +
                        " covers a ping-pong (4 such buffers: a source and a destination per "
                        "link); N-process runs need one pair per link");
}

}  // namespace

std::string_view to_string(Pages pages) {
  switch (pages) {
    case Pages::small:
      return "4k";
    case Pages::thp:
      return "thp";
    case Pages::hugetlb:
      return "hugetlb";
  }
  return "?";
}

Pages parse_pages(std::string_view text) {
  if (text == "4k") return Pages::small;
  if (text == "thp") return Pages::thp;
  if (text == "hugetlb") return Pages::hugetlb;
  throw InvalidInput("unknown page backing '" + std::string(text) +
                     "' (expected 4k, thp or hugetlb)");
}

std::string_view to_string(Cache cache) {
  return cache == Cache::hot ? "hot" : "cold";
}

Cache parse_cache(std::string_view text) {
  if (text == "hot") return Cache::hot;
  if (text == "cold") return Cache::cold;
  throw InvalidInput("unknown cache state '" + std::string(text) + "' (expected hot or cold)");
}

std::size_t slot_stride(std::size_t size) {
  return round_up(std::max<std::size_t>(size, 1), kPage);
}

std::size_t slots_for(Cache cache, std::size_t size, std::uint64_t llc_bytes) {
  if (cache == Cache::hot) return 1;
  const std::uint64_t span = 2 * llc_bytes;
  const std::size_t stride = slot_stride(size);
  return std::max<std::size_t>(2, static_cast<std::size_t>((span + stride - 1) / stride));
}

std::uint64_t last_level_cache_bytes() {
  placement::Topology topo = placement::Topology::this_system();
  std::uint64_t largest = 0;
  const int depths = hwloc_topology_get_depth(topo.get());
  for (int d = 0; d < depths; ++d) {
    hwloc_obj_t first = hwloc_get_obj_by_depth(topo.get(), d, 0);
    if (!first || !hwloc_obj_type_is_cache(first->type)) continue;
    for (hwloc_obj_t obj = first; obj; obj = obj->next_cousin) {
      largest = std::max<std::uint64_t>(largest, obj->attr->cache.size);
    }
  }
  return largest > 0 ? largest : std::uint64_t{32} << 20;
}

Buffer::Buffer(std::size_t size, Pages pages, bool shared, std::size_t slots)
    : size_(size), slots_(std::max<std::size_t>(slots, 1)) {
  const std::size_t span = slots_ == 1 ? size : (slots_ - 1) * slot_stride(size) + size;
  // Round to the huge page so a THP or hugetlb buffer is backed by huge pages from its first byte
  // to its last.
  const std::size_t huge = pages == Pages::hugetlb ? hugetlb_page_bytes() : kHugeAlign;
  const std::size_t mapped = round_up(std::max<std::size_t>(span, 1), huge);
  void* p = MAP_FAILED;
  if (shared) {
    unsigned flags = MFD_CLOEXEC | (pages == Pages::hugetlb ? MFD_HUGETLB : 0u);
    fd_.reset(::memfd_create("crossmem-buffer", flags));
    if (!fd_) throw_errno("memfd_create for a message buffer");
    if (::ftruncate(fd_.get(), static_cast<off_t>(mapped)) != 0) {
      int err = errno;
      if (pages == Pages::hugetlb) no_hugetlb_pages(mapped, huge);
      throw SystemError(err, "sizing a shared message buffer");
    }
    p = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_SHARED, fd_.get(), 0);
  } else if (pages == Pages::hugetlb) {
    p = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB,
               -1, 0);
  } else {
    // Over-allocate to place the buffer on a 2 MiB boundary.
    std::size_t reserve = mapped + kHugeAlign;
    void* raw =
        ::mmap(nullptr, reserve, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw != MAP_FAILED) {
      auto addr = reinterpret_cast<std::uintptr_t>(raw);
      std::uintptr_t aligned = (addr + kHugeAlign - 1) & ~(kHugeAlign - 1);
      if (aligned > addr) ::munmap(raw, aligned - addr);
      std::size_t tail = addr + reserve - (aligned + mapped);
      if (tail > 0) ::munmap(reinterpret_cast<void*>(aligned + mapped), tail);
      p = reinterpret_cast<void*>(aligned);
    }
  }
  if (p == MAP_FAILED) {
    int err = errno;
    if (pages == Pages::hugetlb && (err == ENOMEM || err == EINVAL)) no_hugetlb_pages(mapped, huge);
    throw SystemError(err, "mapping a message buffer of " + std::to_string(span) + " bytes");
  }
  map_ = kernel::Mapping(p, mapped);
  if (pages != Pages::hugetlb) {
    ::madvise(p, mapped, pages == Pages::thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  }
  std::memset(p, 0, mapped);
  region_.base = static_cast<std::byte*>(p);
  region_.size = span;
  region_.fd = fd_.get();
}

std::span<std::byte> Buffer::next() {
  std::byte* start = region_.base + cursor_ * slot_stride(size_);
  if (++cursor_ == slots_) cursor_ = 0;
  return {start, size_};
}

}  // namespace crossmem::bench
