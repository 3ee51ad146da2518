#include "spawn.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "crossmem/error.hpp"

namespace crossmem::bench {

void Children::spawn(const std::function<void(int control)>& body) {
  kernel::SocketPair sp = kernel::make_socket_pair(SOCK_SEQPACKET);
  const pid_t parent = ::getpid();
  pids_.reserve(pids_.size() + 1);
  control_.reserve(control_.size() + 1);
  pid_t pid = ::fork();
  if (pid < 0) throw_errno("fork");
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    sp.first.reset();
    control_.clear();
    try {
      body(sp.second.get());
    } catch (...) {
      // A child never unwinds into its parent's code; its peers see it gone.
    }
    ::_exit(1);
  }
  pids_.push_back(pid);
  control_.push_back(std::move(sp.first));
}

void Children::stop(std::chrono::milliseconds grace) noexcept {
  control_.clear();
  using Clock = std::chrono::steady_clock;
  auto deadline = Clock::now() + grace;
  for (pid_t pid : pids_) {
    for (;;) {
      pid_t got = ::waitpid(pid, nullptr, WNOHANG);
      if (got == pid || (got < 0 && errno != EINTR)) break;
      if (Clock::now() > deadline) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        break;
      }
      ::usleep(200);
    }
  }
  pids_.clear();
}

}  // namespace crossmem::bench
