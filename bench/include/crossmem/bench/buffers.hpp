// Message buffers: page-aligned, pre-faulted, with an explicit page backing.
#pragma once

#include <cstddef>
#include <string_view>

#include "crossmem/strategy.hpp"

namespace crossmem::bench {

// Page backing of message buffers: 4 KiB pages (THP explicitly refused with MADV_NOHUGEPAGE) or
// transparent huge pages requested with MADV_HUGEPAGE.
enum class Pages { small, thp };
std::string_view to_string(Pages pages);  // "4k", "thp"
Pages parse_pages(std::string_view text);  // throws InvalidInput

// An mmap'ed buffer. With `shared`, it is a memfd mapped MAP_SHARED (Region::fd stays valid while
// the Buffer lives) so a peer can map it; otherwise private anonymous memory. Every page is touched
// before the constructor returns. Throws SystemError.
class Buffer {
 public:
  Buffer(std::size_t size, Pages pages, bool shared);
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  const Region& region() const { return region_; }
  std::span<std::byte> bytes() const { return {region_.base, region_.size}; }

 private:
  Region region_;
  std::size_t mapped_ = 0;
};

}  // namespace crossmem::bench
