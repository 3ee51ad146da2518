// Small I/O helpers shared by the parent and child sides of the test processes.
#pragma once

#include <sys/types.h>

#include <cstddef>

namespace crossmem::conformance {

// How long the parent waits for a child to answer or exit before giving up.
inline constexpr int kChildTimeoutMs = 5000;

// Writes all `len` bytes (MSG_NOSIGNAL on sockets, so a dead peer gives EPIPE, not SIGPIPE).
// Returns 0 or an errno.
int send_all(int fd, const void* buf, std::size_t len);

// Reads exactly `len` bytes, waiting at most `timeout_ms` for each chunk. Returns 0, an errno, or
// ETIMEDOUT; EOF before `len` bytes gives EPIPE.
int recv_all(int fd, void* buf, std::size_t len, int timeout_ms = kChildTimeoutMs);

// Waits for `pid` to exit, at most `timeout_ms`, then kills it with SIGKILL and reaps it. Returns
// the wait status.
int reap_child(pid_t pid, int timeout_ms = kChildTimeoutMs);

// Arms PR_SET_PDEATHSIG(SIGKILL) and exits at once when the parent `parent` is already gone.
// Call again after any credential change: the kernel clears the parent-death signal then.
void die_with_parent(pid_t parent);

}  // namespace crossmem::conformance
