// Cross Memory Attach: process_vm_readv / process_vm_writev.
//
// The kernel may transfer fewer bytes than asked (a remote page is unmapped, the per-call limit of
// 0x7ffff000 bytes, IOV_MAX iovecs). These wrappers loop until every byte of the local iovecs has
// moved, advancing both iovec lists, and throw SystemError on failure:
//   EPERM  no ptrace access to `pid` (Yama, other uid, non-dumpable target)
//   ESRCH  `pid` no longer exists
//   EFAULT an address is not mapped in the local or remote process
//   ENOSYS the kernel lacks CONFIG_CROSS_MEMORY_ATTACH, or a seccomp filter returns ENOSYS
// The total length of `local` and `remote` must be equal.
#pragma once

#include <sys/types.h>
#include <sys/uio.h>

#include <cstddef>
#include <span>

namespace crossmem::kernel {

// Copies from `remote` in process `pid` into `local`. Returns the number of bytes copied (always
// the full length), the number of system calls made in `*calls` when non-null.
std::size_t cma_read_all(pid_t pid, std::span<const iovec> local, std::span<const iovec> remote,
                         std::size_t* calls = nullptr);

// Copies from `local` into `remote` in process `pid`. Same contract as cma_read_all.
std::size_t cma_write_all(pid_t pid, std::span<const iovec> local, std::span<const iovec> remote,
                          std::size_t* calls = nullptr);

// Largest byte count the kernel moves in one process_vm_* call (MAX_RW_COUNT).
inline constexpr std::size_t kCmaMaxPerCall = 0x7ffff000;

}  // namespace crossmem::kernel
