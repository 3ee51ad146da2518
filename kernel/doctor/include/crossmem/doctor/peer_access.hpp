// Access to another process's memory (process_vm_readv/writev, /proc/PID/mem): a real
// cross-process test, facts about a given peer, and the explanation of a refusal.
//
// The kernel checks, in this order (ptrace_may_access, PTRACE_MODE_ATTACH): the caller's uid and
// gid match the target's real, effective and saved ids; the target is dumpable; then security
// modules (Yama's ptrace_scope). CAP_SYS_PTRACE in the target's user namespace overrides the first
// two and Yama scopes 1 and 2, never scope 3. process_vm_readv/writev report a refusal as EPERM,
// /proc/PID/mem as EACCES (a non-dumpable or other-uid target's mem file is owned by root, so open
// already fails its permission check). A seccomp filter acts before any of this, with the errno its
// rule names (usually EPERM or ENOSYS).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace crossmem::doctor {

// The four ways a process reaches another's memory.
enum class AccessKind { cma_read, cma_write, proc_mem_read, proc_mem_write };
const char* access_kind_name(AccessKind kind);  // "process_vm_readv", "/proc/PID/mem read", ...

// Result of each kind of access: 0 worked (and read data checked), an errno otherwise, -1 not
// tried.
struct AccessErrnos {
  int cma_read = -1;
  int cma_write = -1;
  int proc_mem_read = -1;
  int proc_mem_write = -1;
  int get(AccessKind kind) const;
  bool all_ok() const {
    return cma_read == 0 && cma_write == 0 && proc_mem_read == 0 && proc_mem_write == 0;
  }
};

// The real cross-process test. Forks a target and a reader, siblings, so the reader is not the
// target's ancestor (as between two MPI ranks, or two crossmem ranks other than rank 0). The target
// is dumpable and holds a known pattern; the reader tries every access kind three times:
//   unrelated     the target has not named the reader;
//   named         the target called prctl(PR_SET_PTRACER, reader), as crossmem does under Yama 1;
//   non_dumpable  additionally the target called prctl(PR_SET_DUMPABLE, 0), as after a setuid.
// Writes put the same pattern back, so every step sees the same data. Both children inherit this
// process's credentials, namespaces and seccomp filters. Takes a few milliseconds; never more than
// about five seconds (the children are killed then). No side effect on the calling process.
struct CrossProcessResult {
  bool ran = false;
  std::string error;     // why the test could not run (fork failed, timeout), when !ran
  pid_t target_pid = 0;  // the (exited) target, for messages
  AccessErrnos unrelated;
  int set_ptracer_errno =
      -1;  // the target's prctl(PR_SET_PTRACER, reader): 0, or EINVAL without Yama
  AccessErrnos named;
  AccessErrnos non_dumpable;
};
CrossProcessResult probe_cross_process();

// What can be learnt about a process from outside, without touching its memory.
struct PeerInfo {
  pid_t pid = 0;
  bool exists = false;                   // kill(pid, 0) did not fail with ESRCH
  bool visible_in_proc = false;          // /proc/PID/status could be read (hidepid may hide it)
  std::optional<uid_t> uid, euid, suid;  // from Uid: of /proc/PID/status
  std::optional<uid_t> proc_owner;       // owner of /proc/PID/status: root when not dumpable
  bool likely_non_dumpable = false;      // proc_owner is 0 while the target's euid is not
  std::optional<bool> same_user_ns;      // /proc/PID/ns/user equals ours; nullopt when unreadable
  bool ancestor_of_peer = false;         // this process appears in the peer's chain of parents
};
PeerInfo inspect_peer(pid_t pid);

// Everything explain_access_error needs about the caller and the peer. current() fills it from
// this process and inspect_peer(pid).
struct AccessContext {
  uid_t uid = 0;  // caller's real and effective uid (the kernel uses the real one for CMA)
  uid_t euid = 0;
  bool cap_sys_ptrace = false;
  std::optional<int> yama_scope;       // nullopt: no Yama
  int seccomp_mode = 0;                // Seccomp: field, 0 none, 1 strict, 2 filter
  int self_errno = 0;                  // the same kind of access on this process itself (0: worked)
  std::optional<bool> kernel_has_cma;  // CONFIG_CROSS_MEMORY_ATTACH per /boot/config or kallsyms
  std::optional<bool> peer_named_us;   // the peer called PR_SET_PTRACER for us; nullopt: unknown
  PeerInfo peer;
  static AccessContext current(pid_t pid, AccessKind kind);
};

// Why an access failed and what would fix it. `cause_id` is one of: ok, seccomp, no_cma_kernel,
// seccomp_or_no_cma_kernel, no_such_process, hidden_by_hidepid, other_uid, non_dumpable,
// user_namespace, yama_scope_1, yama_scope_2, yama_scope_3, bad_address, unknown.
struct Explanation {
  std::string cause_id;
  std::string cause;
  std::string remedy;
};
Explanation explain_access_error(int err, AccessKind kind, const AccessContext& ctx);

// Tries a read of `len` bytes at `addr` in process `pid` with process_vm_readv and with
// /proc/PID/mem (never writes), and explains each failure.
struct PeerReadReport {
  PeerInfo peer;
  int cma_errno = -1;
  int proc_mem_errno = -1;
  Explanation cma;
  Explanation proc_mem;
};
PeerReadReport probe_peer_read(pid_t pid, std::uintptr_t addr, std::size_t len);

}  // namespace crossmem::doctor
