// /proc/PID/mem: another process's memory as a file, addressed by virtual address.
//
// Opening needs ptrace access to PID (PTRACE_MODE_ATTACH): EACCES or EPERM otherwise. Each
// pread/pwrite checks access again and copies through a one-page kernel buffer, so large transfers
// take many kernel round trips inside one call. One contiguous range per call: there are no iovecs
// on the remote side.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>

#include "crossmem/kernel/fd.hpp"

namespace crossmem::kernel {

// An open /proc/PID/mem. Move-only; closes on destruction.
class ProcMem {
 public:
  // Opens /proc/`pid`/mem read-only or read-write. Throws SystemError (EACCES/EPERM: no ptrace
  // access; ENOENT: no such process).
  ProcMem(pid_t pid, bool writable);
  ProcMem(ProcMem&& other) noexcept = default;
  ProcMem& operator=(ProcMem&&) = delete;
  ProcMem(const ProcMem&) = delete;

  // Copies `len` bytes at remote address `addr` into `dst`, looping over short reads.
  // Throws SystemError (EIO: remote range not mapped; ESRCH or a 0-byte read: the process is gone).
  void read(void* dst, std::uintptr_t addr, std::size_t len) const;
  // Copies `len` bytes from `src` to remote address `addr`, looping over short writes.
  void write(const void* src, std::uintptr_t addr, std::size_t len) const;

  pid_t pid() const { return pid_; }

 private:
  pid_t pid_;
  UniqueFd fd_;
};

}  // namespace crossmem::kernel
