// An owned memory mapping: munmap()ed when destroyed; movable, not copyable.
#pragma once

#include <cstddef>
#include <utility>

namespace crossmem::kernel {

class Mapping {
 public:
  Mapping() noexcept = default;
  // mmap(nullptr, size, prot, flags, fd, 0). Throws SystemError naming `what` on failure.
  Mapping(std::size_t size, int prot, int flags, int fd, const char* what);
  // Takes ownership of an existing mapping of `size` bytes at `base`.
  Mapping(void* base, std::size_t size) noexcept : base_(base), size_(size) {}
  Mapping(Mapping&& other) noexcept
      : base_(std::exchange(other.base_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  Mapping& operator=(Mapping&& other) noexcept {
    if (this != &other) {
      reset();
      base_ = std::exchange(other.base_, nullptr);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() { reset(); }

  void* get() const noexcept { return base_; }
  std::size_t size() const noexcept { return size_; }
  explicit operator bool() const noexcept { return base_ != nullptr; }
  // Unmaps now (no-op when empty).
  void reset() noexcept;

 private:
  void* base_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace crossmem::kernel
