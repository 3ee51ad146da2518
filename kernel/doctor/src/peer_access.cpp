#include "crossmem/doctor/peer_access.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "crossmem/doctor/facts.hpp"
#include "crossmem/doctor/proc_text.hpp"
#include "crossmem/kernel/fd.hpp"
#include "crossmem/kernel/probe.hpp"
#include "files.hpp"

namespace crossmem::doctor {
namespace {

bool is_cma(AccessKind kind) {
  return kind == AccessKind::cma_read || kind == AccessKind::cma_write;
}

int self_errno_for(AccessKind kind) {
  switch (kind) {
    case AccessKind::cma_read:
      return kernel::try_cma_read_self();
    case AccessKind::cma_write:
      return kernel::try_cma_write_self();
    default:
      return kernel::try_proc_mem_self();
  }
}

const char* kSeccompRemedy =
    "run the processes without that seccomp filter: e.g. docker run --cap-add SYS_PTRACE (older "
    "Docker default profiles allow process_vm_readv/writev only with it) or --security-opt "
    "seccomp=unconfined";

}  // namespace

PeerInfo inspect_peer(pid_t pid) {
  PeerInfo p;
  p.pid = pid;
  p.exists = !(::kill(pid, 0) != 0 && errno == ESRCH);
  std::string dir = "/proc/" + std::to_string(pid);
  if (auto status = detail::read_text(dir + "/status")) {
    p.visible_in_proc = true;
    auto ids = status_numbers(*status, "Uid");
    if (ids.size() >= 3) {
      p.uid = static_cast<uid_t>(ids[0]);
      p.euid = static_cast<uid_t>(ids[1]);
      p.suid = static_cast<uid_t>(ids[2]);
    }
  }
  // Files under /proc/PID belong to root while the process is not dumpable; the directory itself
  // keeps the effective uid, so it cannot tell.
  struct stat st {};
  if (::stat((dir + "/status").c_str(), &st) == 0) p.proc_owner = st.st_uid;
  p.likely_non_dumpable = p.proc_owner && p.euid && *p.proc_owner == 0 && *p.euid != 0;
  int e1 = 0, e2 = 0;
  std::string mine = detail::read_link("/proc/self/ns/user", &e1);
  std::string theirs = detail::read_link(dir + "/ns/user", &e2);
  if (e1 == 0 && e2 == 0) p.same_user_ns = mine == theirs;
  pid_t me = ::getpid();
  pid_t at = pid;
  for (int depth = 0; depth < 64 && at > 1; ++depth) {
    auto status = detail::read_text("/proc/" + std::to_string(at) + "/status");
    if (!status) break;
    auto ppid = status_numbers(*status, "PPid");
    if (ppid.empty()) break;
    at = static_cast<pid_t>(ppid[0]);
    if (at == me) {
      p.ancestor_of_peer = true;
      break;
    }
  }
  return p;
}

AccessContext AccessContext::current(pid_t pid, AccessKind kind) {
  AccessContext c;
  c.uid = ::getuid();
  c.euid = ::geteuid();
  if (auto status = detail::read_text("/proc/self/status")) {
    if (auto caps = status_caps(*status, "CapEff")) c.cap_sys_ptrace = (*caps >> 19) & 1u;
    if (auto mode = status_field(*status, "Seccomp")) c.seccomp_mode = std::atoi(mode->c_str());
  }
  c.yama_scope = kernel::yama_ptrace_scope();
  c.self_errno = self_errno_for(kind);
  if (c.self_errno == ENOSYS && is_cma(kind)) c.kernel_has_cma = find_cma_kernel_evidence().present;
  c.peer = inspect_peer(pid);
  return c;
}

Explanation explain_access_error(int err, AccessKind kind, const AccessContext& ctx) {
  std::string call = access_kind_name(kind);
  if (err == 0) return {"ok", "", ""};
  if (err == ENOSYS) {
    if (!is_cma(kind)) {
      return {ctx.seccomp_mode == 2 ? "seccomp" : "unknown",
              call + " fails with ENOSYS, which only a seccomp filter produces for these calls",
              kSeccompRemedy};
    }
    if (ctx.seccomp_mode == 2 && ctx.kernel_has_cma.value_or(true)) {
      bool sure = ctx.kernel_has_cma.has_value();
      return {sure ? "seccomp" : "seccomp_or_no_cma_kernel",
              call + " fails with ENOSYS and a seccomp filter is installed (Seccomp: 2); " +
                  (sure ? "the kernel has the call, so the filter rejects it"
                        : "the kernel's configuration is not visible, so it may also lack "
                          "CONFIG_CROSS_MEMORY_ATTACH (most likely the filter)"),
              kSeccompRemedy};
    }
    return {"no_cma_kernel",
            call + " fails with ENOSYS: the kernel is built without CONFIG_CROSS_MEMORY_ATTACH" +
                (ctx.seccomp_mode == 2 ? "" : " (no seccomp filter is installed)"),
            "use a kernel built with CONFIG_CROSS_MEMORY_ATTACH=y"};
  }
  if ((err == EPERM || err == EACCES) && ctx.self_errno == err) {
    return {ctx.seccomp_mode == 2 ? "seccomp" : "unknown",
            call + " fails with " + detail::errno_name(err) +
                " even on this process itself, which no ptrace rule forbids: " +
                (ctx.seccomp_mode == 2
                     ? "a seccomp filter rejects the call"
                     : "something outside ptrace rules (a security module) rejects it"),
            ctx.seccomp_mode == 2 ? kSeccompRemedy : ""};
  }
  if (err == ESRCH || err == ENOENT) {
    if (ctx.peer.exists && !ctx.peer.visible_in_proc) {
      return {"hidden_by_hidepid",
              "process " + std::to_string(ctx.peer.pid) +
                  " exists but /proc hides it (hidepid= mount option): it belongs to another user",
              "run both processes as the same user, or remount /proc without hidepid (mount -o "
              "remount,hidepid=0 /proc) or with gid= of a group this user is in"};
    }
    return {"no_such_process",
            "process " + std::to_string(ctx.peer.pid) + " does not exist (any more)", ""};
  }
  if (err == EFAULT || err == EIO) {
    return {"bad_address",
            call + " fails with " + detail::errno_name(err) +
                ": the address range is not mapped in one of the two processes",
            ""};
  }
  if (err != EPERM && err != EACCES) {
    return {"unknown", call + " fails with " + detail::errno_text(err), ""};
  }

  std::string refused = call + " is refused (" + detail::errno_name(err) + ")";
  if (ctx.yama_scope && *ctx.yama_scope >= 3) {
    return {"yama_scope_3",
            refused +
                ": Yama ptrace_scope is 3, no process may reach another's memory, whatever "
                "its privileges; PR_SET_PTRACER does not help",
            "ptrace_scope 3 cannot be lowered at run time (needs reboot): set "
            "kernel.yama.ptrace_scope = 1 in /etc/sysctl.d/ and reboot"};
  }
  if (!ctx.cap_sys_ptrace) {
    const auto& p = ctx.peer;
    bool other = (p.uid && *p.uid != ctx.uid) || (p.euid && *p.euid != ctx.uid) ||
                 (p.suid && *p.suid != ctx.uid);
    if (other) {
      return {"other_uid",
              refused + ": process " + std::to_string(p.pid) + " runs as uid " +
                  std::to_string(p.euid.value_or(p.uid.value_or(0))) + " and this process as uid " +
                  std::to_string(ctx.uid) +
                  "; only the same user (real, effective and saved uid) or CAP_SYS_PTRACE may",
              "run both processes as the same user, or give the accessing process CAP_SYS_PTRACE"};
    }
    if (p.likely_non_dumpable) {
      return {"non_dumpable",
              refused + ": process " + std::to_string(p.pid) +
                  " is not dumpable (its /proc files belong to root), as after a setuid/setgid "
                  "change of credentials or prctl(PR_SET_DUMPABLE, 0); only CAP_SYS_PTRACE may "
                  "reach it",
              "let the target call prctl(PR_SET_DUMPABLE, 1) after changing credentials (the "
              "state after a change follows fs.suid_dumpable), or give the accessing process "
              "CAP_SYS_PTRACE"};
    }
  }
  if (ctx.peer.same_user_ns == false) {
    return {"user_namespace",
            refused + ": process " + std::to_string(ctx.peer.pid) +
                " is in another user namespace (containers such as Podman or Apptainer); "
                "CAP_SYS_PTRACE counts only inside the target's namespace",
            "start both processes in the same user namespace (one container for all ranks)"};
  }
  if (ctx.yama_scope && *ctx.yama_scope == 2 && !ctx.cap_sys_ptrace) {
    return {"yama_scope_2",
            refused +
                ": Yama ptrace_scope is 2, only processes with CAP_SYS_PTRACE may reach "
                "another's memory; PR_SET_PTRACER does not help at this scope",
            "as root: echo 1 > /proc/sys/kernel/yama/ptrace_scope (scope 1 is enough: crossmem "
            "names each peer with PR_SET_PTRACER), or give the accessing process CAP_SYS_PTRACE"};
  }
  if (ctx.yama_scope && *ctx.yama_scope == 1 && !ctx.cap_sys_ptrace && !ctx.peer.ancestor_of_peer &&
      ctx.peer_named_us != true) {
    return {"yama_scope_1",
            refused +
                ": Yama ptrace_scope is 1, only an ancestor of the target or a process the "
                "target named with prctl(PR_SET_PTRACER) may reach its memory",
            "let the target call prctl(PR_SET_PTRACER, accessor_pid) (crossmem does this for its "
            "peers), or as root: echo 0 > /proc/sys/kernel/yama/ptrace_scope"};
  }
  return {"unknown",
          refused +
              " for a reason not visible from /proc: uid, dumpable state and Yama allow it; a "
              "security module (AppArmor or SELinux ptrace rules) may deny it",
          "check the security module's log (dmesg, audit.log) for a ptrace denial"};
}

PeerReadReport probe_peer_read(pid_t pid, std::uintptr_t addr, std::size_t len) {
  PeerReadReport r;
  std::vector<unsigned char> buf(len > 0 ? len : 1);
  iovec local{buf.data(), len}, remote{reinterpret_cast<void*>(addr), len};
  ssize_t rc = ::process_vm_readv(pid, &local, 1, &remote, 1, 0);
  r.cma_errno = rc == static_cast<ssize_t>(len) ? 0 : (rc < 0 ? errno : EIO);
  std::string path = "/proc/" + std::to_string(pid) + "/mem";
  if (kernel::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)); !fd) {
    r.proc_mem_errno = errno;
  } else {
    rc = ::pread(fd.get(), buf.data(), len, static_cast<off_t>(addr));
    r.proc_mem_errno = rc == static_cast<ssize_t>(len) ? 0 : (rc < 0 ? errno : EIO);
  }
  auto cma_ctx = AccessContext::current(pid, AccessKind::cma_read);
  r.peer = cma_ctx.peer;
  r.cma = explain_access_error(r.cma_errno, AccessKind::cma_read, cma_ctx);
  auto mem_ctx = cma_ctx;
  mem_ctx.self_errno = kernel::try_proc_mem_self();
  mem_ctx.kernel_has_cma.reset();
  r.proc_mem = explain_access_error(r.proc_mem_errno, AccessKind::proc_mem_read, mem_ctx);
  return r;
}

}  // namespace crossmem::doctor
