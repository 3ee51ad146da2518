#include "unprivileged.hpp"

#include <grp.h>
#include <linux/capability.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "child_io.hpp"
#include "crossmem/error.hpp"

namespace crossmem::conformance {
namespace {

bool holds_capabilities() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (::syscall(SYS_capget, &header, data) != 0) return true;
  for (const auto& d : data) {
    if (d.effective != 0 || d.permitted != 0) return true;
  }
  return false;
}

struct Answer {
  int error = 0;
  ProbeResults results{};
};

}  // namespace

int become_user(uid_t id) {
  if (::setgroups(0, nullptr) != 0) return errno;
  if (::setresgid(id, id, id) != 0) return errno;
  if (::setresuid(id, id, id) != 0) return errno;
  if (::getuid() != id || ::geteuid() != id || ::getgid() != id) return ENOTRECOVERABLE;
  if (holds_capabilities()) return ENOTRECOVERABLE;
  return 0;
}

ProbeResults run_as_user(uid_t id, const std::function<void(ProbeResults&)>& probe) {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    throw_errno("creating the socketpair for a probe process");
  }
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    int err = errno;
    ::close(sv[0]);
    ::close(sv[1]);
    throw SystemError(err, "forking a probe process");
  }
  if (pid == 0) {
    ::close(sv[0]);
    die_with_parent(parent);
    Answer answer;
    answer.error = become_user(id);
    die_with_parent(parent);
    if (answer.error == 0) {
      try {
        probe(answer.results);
      } catch (...) {
        answer.error = ECANCELED;
      }
    }
    ::_exit(send_all(sv[1], &answer, sizeof answer) == 0 ? 0 : 1);
  }
  ::close(sv[1]);
  Answer answer;
  int err = recv_all(sv[0], &answer, sizeof answer);
  ::close(sv[0]);
  reap_child(pid);
  if (err == 0) err = answer.error;
  if (err != 0) {
    throw SystemError(
        err, "running a probe as uid " + std::to_string(id) + " in pid " + std::to_string(pid));
  }
  return answer.results;
}

}  // namespace crossmem::conformance
