#include "crossmem/kernel/pipes.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include "crossmem/error.hpp"

namespace crossmem::kernel {

PipeFds make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("creating a pipe");
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

std::size_t pipe_max_size() {
  std::ifstream in("/proc/sys/fs/pipe-max-size");
  std::size_t v = 0;
  if (!(in >> v)) return 1 << 20;
  return v;
}

std::size_t pipe_size(int fd) {
  int got = ::fcntl(fd, F_GETPIPE_SZ);
  if (got < 0) throw_errno("F_GETPIPE_SZ");
  return static_cast<std::size_t>(got);
}

std::size_t grow_pipe(int fd, std::size_t want) {
  if (want == 0) want = pipe_max_size();
  std::size_t current = pipe_size(fd);
  while (want > current) {
    if (::fcntl(fd, F_SETPIPE_SZ, static_cast<int>(want)) >= 0) return pipe_size(fd);
    if (errno != EPERM && errno != EBUSY && errno != ENOMEM && errno != EINVAL) {
      throw_errno("F_SETPIPE_SZ");
    }
    want /= 2;
  }
  return current;
}

void set_nonblocking(int fd, bool on) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0) throw_errno("F_GETFL");
  flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  if (::fcntl(fd, F_SETFL, flags) != 0) throw_errno("F_SETFL");
}

}  // namespace crossmem::kernel
