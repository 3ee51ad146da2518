#include "crossmem/kernel/fd.hpp"

#include <dirent.h>
#include <sys/socket.h>
#include <unistd.h>

#include "crossmem/error.hpp"

namespace crossmem::kernel {

void UniqueFd::reset(int fd) noexcept {
  // close() releases the descriptor even when it reports EINTR (Linux): never retry.
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

SocketPair make_socket_pair(int type) {
  int sv[2];
  if (::socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv) != 0) throw_errno("creating a socket pair");
  return {UniqueFd(sv[0]), UniqueFd(sv[1])};
}

int open_fd_count() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) throw_errno("opening /proc/self/fd");
  int n = 0;
  while (const dirent* e = ::readdir(dir)) {
    if (e->d_name[0] != '.') ++n;
  }
  ::closedir(dir);
  return n - 1;  // the directory stream's own descriptor
}

}  // namespace crossmem::kernel
