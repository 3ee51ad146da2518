// Helpers the conformance tests share: raw CMA calls that keep errno, iovec builders, the errno of
// a thrown SystemError, and the skip reasons for machines where a mechanism cannot be tested.
#pragma once

#include <sys/types.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include "crossmem/error.hpp"

namespace crossmem::conformance {

// A system call's return value and, when it failed, its errno (0 otherwise).
struct CallResult {
  long rc = 0;
  int err = 0;
};

inline CallResult raw_readv(pid_t pid, const std::vector<iovec>& local,
                            const std::vector<iovec>& remote, unsigned long flags = 0) {
  errno = 0;
  ssize_t rc =
      ::process_vm_readv(pid, local.data(), local.size(), remote.data(), remote.size(), flags);
  return {rc, rc < 0 ? errno : 0};
}

inline CallResult raw_writev(pid_t pid, const std::vector<iovec>& local,
                             const std::vector<iovec>& remote, unsigned long flags = 0) {
  errno = 0;
  ssize_t rc =
      ::process_vm_writev(pid, local.data(), local.size(), remote.data(), remote.size(), flags);
  return {rc, rc < 0 ? errno : 0};
}

inline iovec iov_at(std::uintptr_t addr, std::size_t len) {
  return {reinterpret_cast<void*>(addr), len};
}
inline iovec iov_at(void* addr, std::size_t len) {
  return {addr, len};
}

// The code of the SystemError `f` throws, or 0 when it returns normally. Other exceptions
// propagate.
template <class F>
int system_error_code(F&& f) {
  try {
    f();
  } catch (const SystemError& e) {
    return e.code();
  }
  return 0;
}

// Why process_vm_readv/writev from this process to its children cannot be tested here, or "" when
// they can (ENOSYS or a seccomp filter, Yama ptrace_scope 3, or scope 2 without root).
std::string cma_unusable_reason();

// Same for /proc/PID/mem.
std::string proc_mem_unusable_reason();

}  // namespace crossmem::conformance
