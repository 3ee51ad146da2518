// Message buffers: page-aligned, pre-faulted, with an explicit page backing and cache state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crossmem/kernel/fd.hpp"
#include "crossmem/kernel/mapping.hpp"
#include "crossmem/strategy.hpp"

namespace crossmem::bench {

// Page backing of message buffers: 4 KiB pages (THP explicitly refused with MADV_NOHUGEPAGE),
// transparent huge pages requested with MADV_HUGEPAGE, or 2 MiB pages from the hugetlb pool
// (MAP_HUGETLB / MFD_HUGETLB; needs vm.nr_hugepages reserved).
enum class Pages { small, thp, hugetlb };
std::string_view to_string(Pages pages);   // "4k", "thp", "hugetlb"
Pages parse_pages(std::string_view text);  // throws InvalidInput

// Cache state of message buffers: `hot` reuses one slot for every message; `cold` rotates each
// buffer through enough slots that the bytes of a message were evicted since their last use.
enum class Cache { hot, cold };
std::string_view to_string(Cache cache);   // "hot", "cold"
Cache parse_cache(std::string_view text);  // throws InvalidInput

// Distance between the starts of two slots of a buffer: the message size rounded up to 4 KiB, so
// every message starts page-aligned, as in the hot case.
std::size_t slot_stride(std::size_t size);
// Slots for `cache`: 1 when hot; when cold, enough slots of slot_stride(size) bytes to span
// twice `llc_bytes` (at least 2), so that, cycling through them, each slot is evicted from a
// last-level cache of llc_bytes before it comes round again.
std::size_t slots_for(Cache cache, std::size_t size, std::uint64_t llc_bytes);

// Bytes of the largest cache on this machine (hwloc), or 32 MiB when hwloc reports none.
std::uint64_t last_level_cache_bytes();

// An mmap'ed buffer of `slots` message slots of `size` bytes each, slot_stride(size) apart. With
// `shared`, it is a memfd mapped MAP_SHARED (Region::fd stays valid while the Buffer lives) so a
// peer can map it; otherwise private anonymous memory. Every page is touched before the
// constructor returns. Throws SystemError, and Unsupported for hugetlb pages the pool cannot give.
class Buffer {
 public:
  Buffer(std::size_t size, Pages pages, bool shared, std::size_t slots = 1);
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  // Every slot.
  const Region& region() const { return region_; }
  std::size_t slots() const { return slots_; }
  // The slot for the next message: slot 0 every time when there is one slot, otherwise the next
  // slot round the ring.
  std::span<std::byte> next();

 private:
  kernel::UniqueFd fd_;  // the memfd of a shared buffer
  kernel::Mapping map_;
  Region region_;
  std::size_t size_ = 0;
  std::size_t slots_ = 1;
  std::size_t cursor_ = 0;
};

}  // namespace crossmem::bench
