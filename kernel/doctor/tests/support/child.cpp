#include "child.hpp"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "support/seccomp.hpp"

namespace crossmem::doctor::testing {
namespace {

bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

nlohmann::json run_in_child(const std::function<std::string()>& setup,
                            const std::function<nlohmann::json()>& body, int timeout_ms) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return {{"error", std::string("pipe: ") + std::strerror(errno)}};
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return {{"error", std::string("fork: ") + std::strerror(errno)}};
  }
  if (pid == 0) {
    ::close(fds[0]);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    nlohmann::json out;
    try {
      std::string err = setup();
      out = err.empty() ? body() : nlohmann::json{{"error", err}};
    } catch (const std::exception& e) {
      out = {{"error", std::string("exception: ") + e.what()}};
    }
    ::_exit(write_all(fds[1], out.dump()) ? 0 : 1);
  }
  ::close(fds[1]);
  std::string text;
  char buf[4096];
  bool timed_out = false;
  for (;;) {
    pollfd p{fds[0], POLLIN, 0};
    int rc = ::poll(&p, 1, timeout_ms);
    if (rc < 0 && errno == EINTR) continue;
    if (rc == 0) {
      timed_out = true;
      break;
    }
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return {{"error", "child timed out"}};
  if (text.empty())
    return {{"error", "child died without answering (status " + std::to_string(status) + ")"}};
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return {{"error", "child sent malformed JSON"}};
  return j;
}

std::string become_user(uid_t id) {
  if (::setgroups(0, nullptr) != 0) return std::string("setgroups: ") + std::strerror(errno);
  if (::setresgid(id, id, id) != 0) return std::string("setresgid: ") + std::strerror(errno);
  if (::setresuid(id, id, id) != 0) return std::string("setresuid: ") + std::strerror(errno);
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("CapEff:", 0) == 0 && std::stoull(line.substr(7), nullptr, 16) != 0) {
      return "capabilities remain after the uid change";
    }
  }
  if (::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0)
    return std::string("PR_SET_DUMPABLE: ") + std::strerror(errno);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  return {};
}

std::string block_cma_with_seccomp(int err) {
  return test::block_syscalls({SYS_process_vm_readv, SYS_process_vm_writev}, err);
}

}  // namespace crossmem::doctor::testing
