// Whole pages in the test process itself, for local buffers that must end at (or be) an unmapped
// page. Unmaps on destruction.
#pragma once

#include <sys/mman.h>

#include <cstddef>

#include "crossmem/error.hpp"
#include "target_process.hpp"

namespace crossmem::conformance {

class LocalPages {
 public:
  explicit LocalPages(std::size_t pages) : len_(pages * page_size()) {
    void* p = ::mmap(nullptr, len_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw_errno("mapping local test pages");
    base_ = static_cast<unsigned char*>(p);
  }
  LocalPages(const LocalPages&) = delete;
  LocalPages& operator=(const LocalPages&) = delete;
  ~LocalPages() {
    if (len_ > 0) ::munmap(base_, len_);
  }

  unsigned char* data() const { return base_; }

  // Unmaps every page from index `first` on; data() + first * page_size() is then a hole.
  void unmap_from(std::size_t first) {
    std::size_t keep = first * page_size();
    if (keep >= len_) return;
    if (::munmap(base_ + keep, len_ - keep) != 0) throw_errno("unmapping local test pages");
    len_ = keep;
  }

 private:
  std::size_t len_;
  unsigned char* base_ = nullptr;
};

}  // namespace crossmem::conformance
