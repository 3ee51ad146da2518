// Owned file descriptors. A UniqueFd closes its descriptor when destroyed or reset; it can be
// moved, never copied. Every descriptor the project opens is held in one from the moment it exists.
#pragma once

#include <utility>

namespace crossmem::kernel {

class UniqueFd {
 public:
  UniqueFd() noexcept = default;
  // Takes ownership of `fd` (-1: empty).
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  // The descriptor, still owned (-1 when empty).
  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  // Gives the descriptor up without closing it.
  [[nodiscard]] int release() noexcept { return std::exchange(fd_, -1); }
  // Closes the current descriptor (errors ignored: the descriptor is gone either way) and takes
  // `fd`.
  void reset(int fd = -1) noexcept;

 private:
  int fd_ = -1;
};

// Both ends of a connected AF_UNIX socket pair.
struct SocketPair {
  UniqueFd first;
  UniqueFd second;
};

// socketpair(AF_UNIX, type | SOCK_CLOEXEC). `type`: SOCK_SEQPACKET, SOCK_STREAM...
// Throws SystemError.
SocketPair make_socket_pair(int type);

// Number of descriptors open in this process (entries of /proc/self/fd, minus the one reading it).
// For tests that check nothing leaks.
int open_fd_count();

}  // namespace crossmem::kernel
