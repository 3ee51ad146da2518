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
#include "crossmem/kernel/fd.hpp"

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
  kernel::SocketPair sp = kernel::make_socket_pair(SOCK_STREAM);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw_errno("forking a probe process");
  if (pid == 0) {
    sp.first.reset();
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
    ::_exit(send_all(sp.second.get(), &answer, sizeof answer) == 0 ? 0 : 1);
  }
  sp.second.reset();
  Answer answer;
  int err = recv_all(sp.first.get(), &answer, sizeof answer);
  sp.first.reset();
  reap_child(pid);
  if (err == 0) err = answer.error;
  if (err != 0) {
    throw SystemError(
        err, "running a probe as uid " + std::to_string(id) + " in pid " + std::to_string(pid));
  }
  return answer.results;
}

}  // namespace crossmem::conformance
