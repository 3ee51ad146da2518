#include "crossmem/kernel/mapping.hpp"

#include <sys/mman.h>

#include "crossmem/error.hpp"

namespace crossmem::kernel {

Mapping::Mapping(std::size_t size, int prot, int flags, int fd, const char* what) {
  void* p = ::mmap(nullptr, size, prot, flags, fd, 0);
  if (p == MAP_FAILED) throw_errno(what);
  base_ = p;
  size_ = size;
}

void Mapping::reset() noexcept {
  if (base_) ::munmap(base_, size_);
  base_ = nullptr;
  size_ = 0;
}

}  // namespace crossmem::kernel
