// Pipes for the pipe and vmsplice strategies.
#pragma once

#include <cstddef>
#include <span>

#include "crossmem/kernel/fd.hpp"

namespace crossmem::kernel {

// Both ends of a pipe, O_CLOEXEC. Throws SystemError.
struct PipeFds {
  UniqueFd read_end;
  UniqueFd write_end;
};
PipeFds make_pipe();

// /proc/sys/fs/pipe-max-size: the most an unprivileged F_SETPIPE_SZ may ask for.
std::size_t pipe_max_size();

// Grows the pipe behind `fd` to `want` bytes (or pipe_max_size() when `want` is 0) and returns the
// size the kernel granted. When the request is refused (EPERM above the limit without
// CAP_SYS_RESOURCE, or EBUSY/ENOMEM), halves it until the kernel accepts; never shrinks the pipe.
std::size_t grow_pipe(int fd, std::size_t want = 0);

// Current capacity of the pipe behind `fd` in bytes (F_GETPIPE_SZ).
std::size_t pipe_size(int fd);

// Sets or clears O_NONBLOCK on `fd`.
void set_nonblocking(int fd, bool on);

}  // namespace crossmem::kernel
