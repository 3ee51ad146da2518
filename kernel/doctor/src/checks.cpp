// judge_checks(): one Check per thing that decides whether and how processes reach each other.
#include <cerrno>
#include <optional>

#include "crossmem/doctor/diagnosis.hpp"
#include "files.hpp"
#include "judge_util.hpp"

namespace crossmem::doctor {
namespace {

using detail::errno_name;
using detail::errno_text;
using nlohmann::json;

Check make(std::string id, std::string title, Status status, std::string finding,
           std::string cause = {}, std::string remedy = {}, json facts = json::object()) {
  return {std::move(id),    std::move(title),  status,          std::move(finding),
          std::move(cause), std::move(remedy), std::move(facts)};
}

Check kernel_check(const HostFacts& f) {
  return make("kernel", "Kernel", Status::info, "Linux " + f.kernel + " (" + f.machine + ")", "",
              "", {{"release", f.kernel}, {"machine", f.machine}, {"host", f.hostname}});
}

Check yama_check(const HostFacts& f) {
  json facts = {{"ptrace_scope", f.yama_scope ? json(*f.yama_scope) : json(nullptr)},
                {"pr_set_ptracer_helps", f.yama_scope && *f.yama_scope == 1},
                {"cap_sys_ptrace", f.cap_sys_ptrace}};
  std::string measured;
  if (f.cross.ran) {
    facts["measured_unrelated"] = detail::access_json(f.cross.unrelated);
    facts["measured_named"] = detail::access_json(f.cross.named);
    facts["set_ptracer_errno"] = errno_name(f.cross.set_ptracer_errno);
    bool unrelated_ok = f.cross.unrelated.cma_read == 0;
    bool named_ok = f.cross.named.cma_read == 0;
    measured = std::string(" Measured between two sibling processes: without PR_SET_PTRACER ") +
               (unrelated_ok ? "access works"
                             : "process_vm_readv gives " + errno_name(f.cross.unrelated.cma_read)) +
               ", after the target names its reader " +
               (named_ok ? "it works." : "it gives " + errno_name(f.cross.named.cma_read) + ".");
  }
  const std::string title = "Yama ptrace_scope";
  if (!f.yama_scope) {
    return make("yama.ptrace_scope", title, Status::ok,
                "Yama is not active (no /proc/sys/kernel/yama/ptrace_scope)." + measured,
                "reaching another process's memory needs only the same uid and a dumpable target; "
                "PR_SET_PTRACER is neither needed nor available (prctl gives " +
                    errno_name(f.cross.set_ptracer_errno > 0 ? f.cross.set_ptracer_errno : EINVAL) +
                    ")",
                "", facts);
  }
  int scope = *f.yama_scope;
  std::string finding = "ptrace_scope is " + std::to_string(scope) + ".";
  switch (scope) {
    case 0:
      return make("yama.ptrace_scope", title, Status::ok, finding + measured,
                  "classic rules: any process of the same uid may reach a dumpable process", "",
                  facts);
    case 1:
      return make(
          "yama.ptrace_scope", title, Status::ok, finding + measured,
          std::string(
              "only an ancestor of the target, or a process the target named with "
              "prctl(PR_SET_PTRACER), may reach its memory. PR_SET_PTRACER helps: crossmem's "
              "ranks name exactly their peer. Open MPI and UCX call "
              "prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY) instead, which opens the rank to every "
              "process of the user; MPICH 5 turns CMA off.") +
              (f.cap_sys_ptrace ? " This process has CAP_SYS_PTRACE, which passes scope 1 anyway."
                                : ""),
          "", facts);
    case 2:
      return make(
          "yama.ptrace_scope", title, f.cap_sys_ptrace ? Status::warn : Status::blocked,
          finding + measured,
          std::string("only processes with CAP_SYS_PTRACE may reach another's memory; "
                      "PR_SET_PTRACER does not help at this scope.") +
              (f.cap_sys_ptrace ? " This process has CAP_SYS_PTRACE, so it works here, but not "
                                  "for ordinary users."
                                : ""),
          "as root: echo 1 > /proc/sys/kernel/yama/ptrace_scope (scope 1 is enough: crossmem "
          "names each peer with PR_SET_PTRACER)",
          facts);
    default:
      return make(
          "yama.ptrace_scope", title, Status::blocked, finding + measured,
          "no process may reach another's memory, whatever its privileges; PR_SET_PTRACER and "
          "CAP_SYS_PTRACE do not help",
          "ptrace_scope 3 cannot be lowered at run time (needs reboot): set "
          "kernel.yama.ptrace_scope = 1 in /etc/sysctl.d/ and reboot",
          facts);
  }
}

Check capability_check(const HostFacts& f) {
  bool bounding = (f.cap_bnd >> 19) & 1u;
  json facts = {{"cap_sys_ptrace", f.cap_sys_ptrace},
                {"in_bounding_set", bounding},
                {"uid", f.uid},
                {"euid", f.euid}};
  std::string finding = std::string("CAP_SYS_PTRACE is ") + (f.cap_sys_ptrace ? "in" : "not in") +
                        " this process's effective set" +
                        (f.cap_sys_ptrace || bounding ? "" : " nor in its bounding set") +
                        " (uid " + std::to_string(f.uid) + ").";
  return make(
      "capabilities.sys_ptrace", "CAP_SYS_PTRACE", Status::info, finding,
      "CAP_SYS_PTRACE overrides the same-uid and dumpable checks and Yama scopes 1 and 2 (not "
      "3); results measured with it (e.g. as root) can be better than an ordinary user gets",
      "", facts);
}

Check seccomp_check(const HostFacts& f) {
  json facts = {{"mode", f.seccomp_mode},
                {"filters", f.seccomp_filters},
                {"process_vm_readv", errno_name(f.self.cma_read)},
                {"process_vm_writev", errno_name(f.self.cma_write)},
                {"proc_self_mem", errno_name(f.self.proc_mem)},
                {"vmsplice", errno_name(f.self.vmsplice)}};
  const std::string title = "seccomp";
  if (f.seccomp_mode == 1) {
    return make("seccomp", title, Status::blocked, "strict seccomp mode (Seccomp: 1)",
                "only read, write, _exit and sigreturn are allowed", "run outside strict seccomp",
                facts);
  }
  struct Call {
    const char* name;
    int err;
    std::optional<AccessKind> kind;  // none: not a ptrace-checked call (vmsplice)
  };
  const Call calls[] = {{"process_vm_readv", f.self.cma_read, AccessKind::cma_read},
                        {"process_vm_writev", f.self.cma_write, AccessKind::cma_write},
                        {"/proc/self/mem", f.self.proc_mem, AccessKind::proc_mem_read},
                        {"vmsplice", f.self.vmsplice, std::nullopt}};
  std::string rejected, probable, remedy = "run without the seccomp filter";
  auto add = [](std::string& list, const Call& c) {
    if (!list.empty()) list += ", ";
    list += std::string(c.name) + " (" + errno_name(c.err) + ")";
  };
  for (const Call& c : calls) {
    if (c.err == 0) continue;
    if (!c.kind) {
      if (f.seccomp_mode == 2 && (c.err == EPERM || c.err == ENOSYS)) add(rejected, c);
      continue;
    }
    Explanation e = explain_access_error(c.err, *c.kind, detail::self_context(f, *c.kind));
    if (e.cause_id == "seccomp") {
      add(rejected, c);
      remedy = e.remedy;
    } else if (e.cause_id == "seccomp_or_no_cma_kernel") {
      add(probable, c);
      remedy = e.remedy;
    }
  }
  std::string filters =
      f.seccomp_filters >= 0 ? " (Seccomp_filters: " + std::to_string(f.seccomp_filters) + ")" : "";
  if (!rejected.empty() || !probable.empty()) {
    std::string finding =
        "a seccomp filter is installed" + filters + " and rejects " +
        (rejected.empty() ? "" : rejected) +
        (!rejected.empty() && !probable.empty() ? "; most likely also " : "") +
        (probable.empty() ? "" : probable + " (ENOSYS, kernel configuration not visible)");
    return make("seccomp", title, Status::blocked, finding + ", tried on this process itself.",
                "container runtimes install such filters (e.g. older Docker profiles without "
                "CAP_SYS_PTRACE block process_vm_readv/writev); a call on oneself never fails a "
                "ptrace check, so the refusal comes from the filter",
                remedy, facts);
  }
  if (f.seccomp_mode == 2) {
    return make("seccomp", title, Status::ok,
                "a seccomp filter is installed" + filters +
                    " but lets process_vm_readv/writev, /proc/self/mem and vmsplice through.",
                "", "", facts);
  }
  if (f.seccomp_mode < 0) {
    return make("seccomp", title, Status::info,
                "the Seccomp: field of /proc/self/status is missing",
                "kernel without CONFIG_SECCOMP, or /proc unreadable", "", facts);
  }
  return make("seccomp", title, Status::ok, "no seccomp filter (Seccomp: 0).", "", "", facts);
}

Check cma_kernel_check(const HostFacts& f) {
  json facts = {
      {"process_vm_readv", errno_name(f.self.cma_read)},
      {"process_vm_writev", errno_name(f.self.cma_write)},
      {"kernel_evidence", f.cma_kernel.present ? json(*f.cma_kernel.present) : json(nullptr)},
      {"evidence_source", f.cma_kernel.source}};
  const std::string title = "Cross Memory Attach (CONFIG_CROSS_MEMORY_ATTACH)";
  int err = f.self.cma_read != 0 ? f.self.cma_read : f.self.cma_write;
  if (err == 0) {
    return make("cma.kernel", title, Status::ok,
                "process_vm_readv and process_vm_writev work on this process: the kernel has them.",
                "", "", facts);
  }
  AccessKind kind = f.self.cma_read != 0 ? AccessKind::cma_read : AccessKind::cma_write;
  Explanation e = explain_access_error(err, kind, detail::self_context(f, kind));
  if (e.cause_id == "no_cma_kernel") {
    return make("cma.kernel", title, Status::blocked, e.cause + ".",
                f.cma_kernel.source.empty() ? "" : "evidence: " + f.cma_kernel.source, e.remedy,
                facts);
  }
  if (err == ENOSYS && f.cma_kernel.present == true) {
    return make("cma.kernel", title, Status::info,
                "the kernel has CONFIG_CROSS_MEMORY_ATTACH (evidence: " + f.cma_kernel.source +
                    "); the ENOSYS comes from the seccomp filter (see seccomp).",
                "", "", facts);
  }
  return make("cma.kernel", title, Status::info,
              "process_vm_readv on this process fails with " + errno_name(err) +
                  "; whether the kernel has the call cannot be told (see seccomp).",
              e.cause, "", facts);
}

Check cma_reduce_check(const HostFacts& f) {
  json facts = {{"available", f.reduce.ok}, {"reason", f.reduce.reason}};
  const std::string title = "Reduce flags of process_vm_readv/writev (crossmem's kernel patch)";
  if (f.reduce.ok) {
    return make("cma.reduce", title, Status::ok,
                "process_vm_readv accepts the reduce flags: this kernel carries the patch of "
                "kernel/patches, so cma-reduce can run.",
                "", "", facts);
  }
  return make("cma.reduce", title, Status::info, f.reduce.reason + ".",
              "mainline kernels answer EINVAL for any nonzero flags; the reduce operations exist "
              "only in the kernel built by kernel/build-kernel, so cma-reduce is unavailable",
              f.reduce.remedy, facts);
}

Check user_ns_check(const HostFacts& f) {
  json facts = {{"self", f.ns.self_user},
                {"pid1", f.ns.init_user},
                {"uid_map", f.ns.uid_map},
                {"uid_map_identity", f.ns.uid_map_identity}};
  const std::string title = "User namespace";
  if (detail::in_child_user_ns(f)) {
    return make("namespaces.user", title, Status::warn,
                "this process runs in a user namespace other than the initial one (uid_map \"" +
                    f.ns.uid_map + "\").",
                "peers must be in the same user namespace: CAP_SYS_PTRACE counts only inside the "
                "target's namespace, and Open MPI disables CMA between ranks in different user "
                "namespaces (Podman, Apptainer instances per rank)",
                "start all ranks inside one container or namespace", facts);
  }
  std::string how = f.ns.init_user.empty()
                        ? " (PID 1's namespace is not readable here; judged from "
                          "the identity uid_map)"
                        : " (same as PID 1)";
  return make("namespaces.user", title, Status::ok, "initial user namespace" + how + ".", "", "",
              facts);
}

Check pid_ns_check(const HostFacts& f) {
  json facts = {{"self", f.ns.self_pid}, {"pid1", f.ns.init_pid}, {"nspid", f.ns.nspid}};
  const std::string title = "PID namespace";
  if (detail::in_child_pid_ns(f)) {
    std::string ids;
    for (long id : f.ns.nspid) {
      if (!ids.empty()) ids += ' ';
      ids += std::to_string(id);
    }
    return make(
        "namespaces.pid", title, Status::info,
        "this process runs in a nested PID namespace (NSpid: " + ids + ").",
        "process_vm_readv/writev and /proc/PID/mem name the peer by its PID in the caller's "
        "namespace: a peer outside this namespace has no PID here and cannot be reached",
        "start all ranks in the same PID namespace", facts);
  }
  return make("namespaces.pid", title, Status::ok, "initial PID namespace.", "", "", facts);
}

Check hidepid_check(const HostFacts& f) {
  json facts = {{"mounted", f.proc.found},
                {"options", f.proc.options},
                {"hidepid", f.proc.hidepid},
                {"gid", f.proc.gid},
                {"subset_pid", f.proc.subset_pid}};
  const std::string title = "/proc mount (hidepid)";
  if (!f.proc.found) {
    return make("proc.hidepid", title, Status::warn, "no proc file system is mounted on /proc.",
                "proc-mem-read and proc-mem-write open /proc/PID/mem", "mount -t proc proc /proc",
                facts);
  }
  HidePid level = hidepid_level(f.proc.hidepid);
  if (level == HidePid::none) {
    return make("proc.hidepid", title, Status::ok,
                "/proc is mounted without hidepid (" + f.proc.options + ").", "", "", facts);
  }
  std::string what = level == HidePid::processes
                         ? "other users' processes are invisible in /proc"
                         : "other users' /proc/PID directories cannot be entered";
  return make("proc.hidepid", title, Status::info,
              "/proc is mounted with hidepid=" + f.proc.hidepid +
                  (f.proc.gid.empty() ? "" : ",gid=" + f.proc.gid) + ": " + what + ".",
              "same-user peers are unaffected; a peer of another user fails with ENOENT instead of "
              "EACCES (it would be refused anyway)",
              "", facts);
}

Check cross_process_check(const HostFacts& f) {
  const CrossProcessResult& c = f.cross;
  const std::string title = "Cross-process access (real test)";
  if (!c.ran) {
    return make("ptrace.cross_process", title, Status::warn,
                "the cross-process test could not run: " + c.error, "", "",
                {{"ran", false}, {"error", c.error}});
  }
  json facts = {{"ran", true},
                {"unrelated", detail::access_json(c.unrelated)},
                {"set_ptracer_errno", errno_name(c.set_ptracer_errno)},
                {"named", detail::access_json(c.named)}};
  std::string setup = "a forked reader tried a dumpable sibling of the same uid";
  if (auto failed = detail::first_failure(c.named)) {
    Explanation e = explain_access_error(c.named.get(*failed), *failed,
                                         detail::cross_context(f, *failed, true, false));
    facts["cause_id"] = e.cause_id;
    return make("ptrace.cross_process", title, Status::blocked,
                setup + " after it named the reader with PR_SET_PTRACER: " +
                    detail::access_summary(c.named) + ".",
                e.cause, e.remedy, facts);
  }
  std::string finding = setup + ": " + detail::access_summary(c.named) + " once the target named " +
                        "the reader with PR_SET_PTRACER";
  std::string cause;
  if (c.unrelated.all_ok()) {
    finding += ", and also without that.";
  } else {
    auto failed = detail::first_failure(c.unrelated);
    Explanation e = explain_access_error(c.unrelated.get(*failed), *failed,
                                         detail::cross_context(f, *failed, false, false));
    finding += "; without it: " + detail::access_summary(c.unrelated) + ".";
    cause = e.cause + ". crossmem names each peer, so its strategies work";
    facts["unrelated_cause_id"] = e.cause_id;
  }
  return make("ptrace.cross_process", title, Status::ok, finding, cause, "", facts);
}

Check non_dumpable_check(const HostFacts& f) {
  const CrossProcessResult& c = f.cross;
  const std::string title = "Non-dumpable targets";
  if (!c.ran || !c.named.all_ok()) {
    return make("ptrace.non_dumpable", title, Status::info,
                "not tested separately: access to an ordinary target already fails.", "", "",
                {{"ran", false}});
  }
  json facts = {{"ran", true}, {"non_dumpable", detail::access_json(c.non_dumpable)}};
  if (c.non_dumpable.all_ok()) {
    return make("ptrace.non_dumpable", title, Status::info,
                "a target that called prctl(PR_SET_DUMPABLE, 0) is still reachable: " +
                    detail::access_summary(c.non_dumpable) + ".",
                f.cap_sys_ptrace
                    ? "this process has CAP_SYS_PTRACE, which overrides the dumpable "
                      "check; an ordinary user gets EPERM from process_vm_readv/writev "
                      "and EACCES from /proc/PID/mem"
                    : "",
                "", facts);
  }
  auto failed = detail::first_failure(c.non_dumpable);
  Explanation e = explain_access_error(c.non_dumpable.get(*failed), *failed,
                                       detail::cross_context(f, *failed, true, true));
  facts["cause_id"] = e.cause_id;
  return make("ptrace.non_dumpable", title, Status::info,
              "a target that called prctl(PR_SET_DUMPABLE, 0) refuses: " +
                  detail::access_summary(c.non_dumpable) + ".",
              e.cause, e.remedy, facts);
}

Check dumpable_check(const HostFacts& f) {
  const std::string title = "This process is dumpable";
  if (f.dumpable) {
    return make("process.dumpable", title, Status::ok, "this process is dumpable.", "", "",
                {{"dumpable", true}});
  }
  return make(
      "process.dumpable", title, Status::warn,
      "this process is not dumpable (PR_GET_DUMPABLE is 0).",
      "it changed credentials (setuid/setgid) or called prctl(PR_SET_DUMPABLE, 0); peers "
      "without CAP_SYS_PTRACE cannot reach its memory. Children inherit the state; exec of an "
      "ordinary program resets it",
      "start the program directly as the intended user", {{"dumpable", false}});
}

Check pipes_check(const HostFacts& f) {
  const PipeLimits& p = f.pipes;
  json facts = {{"pipe_max_size", p.max_size},
                {"default_size", p.default_size},
                {"setpipe_errno", errno_name(p.setpipe_errno)},
                {"granted", p.granted},
                {"user_pages_soft", p.user_pages_soft ? json(*p.user_pages_soft) : json(nullptr)},
                {"user_pages_hard", p.user_pages_hard ? json(*p.user_pages_hard) : json(nullptr)}};
  const std::string title = "Pipe size (pipe-max-size, F_SETPIPE_SZ)";
  std::string finding =
      "pipe-max-size is " + detail::bytes_text(p.max_size) + "; F_SETPIPE_SZ to it " +
      (p.setpipe_errno == 0 ? "succeeded" : "failed with " + errno_name(p.setpipe_errno)) +
      "; a new pipe holds " + detail::bytes_text(p.default_size) + ", grown to " +
      detail::bytes_text(p.granted) + ".";
  std::string cause =
      "pipe and vmsplice grow their pipe as far as this allows and stream larger messages while "
      "the "
      "receiver drains it";
  if (p.setpipe_errno == 0 && p.granted >= p.max_size) {
    return make("pipes.max_size", title, Status::ok, finding, cause, "", facts);
  }
  std::string why;
  if (p.setpipe_errno == EPERM) {
    why =
        "; EPERM below pipe-max-size means this user's pipes already hold more than "
        "pipe-user-pages-soft/hard pages (limits " +
        (p.user_pages_soft ? std::to_string(*p.user_pages_soft) : "?") + "/" +
        (p.user_pages_hard ? std::to_string(*p.user_pages_hard) : "?") +
        "), which only CAP_SYS_RESOURCE may exceed";
  } else if (p.setpipe_errno == ENOMEM) {
    why = "; ENOMEM: the kernel could not allocate the pipe buffers";
  }
  return make(
      "pipes.max_size", title, Status::warn, finding, cause + why,
      "as root: raise /proc/sys/fs/pipe-user-pages-soft (0 = no limit), or close other pipes "
      "of this user",
      facts);
}

Check thp_check(const HostFacts& f) {
  const Memory& m = f.memory;
  json facts = {
      {"enabled", m.thp_enabled}, {"shmem_enabled", m.thp_shmem}, {"defrag", m.thp_defrag}};
  std::string finding = "transparent huge pages: enabled [" + m.thp_enabled + "], shmem_enabled [" +
                        m.thp_shmem + "], defrag [" + m.thp_defrag + "].";
  std::string cause =
      "crossmem's --pages thp asks for huge pages with madvise(MADV_HUGEPAGE), which works under "
      "'always' and 'madvise'; memfd buffers (shared-map, shm-copy, the harness's shared source) "
      "follow shmem_enabled";
  if (m.thp_enabled == "never") {
    return make("memory.thp", "Transparent huge pages", Status::warn, finding,
                cause + "; with 'never', --pages thp runs on 4 KiB pages",
                "as root: echo madvise > /sys/kernel/mm/transparent_hugepage/enabled", facts);
  }
  return make("memory.thp", "Transparent huge pages", Status::info, finding, cause, "", facts);
}

Check hugepages_check(const HostFacts& f) {
  const Memory& m = f.memory;
  json pools = json::array();
  std::string list;
  for (const HugePagePool& p : m.pools) {
    pools.push_back({{"size_kib", p.size_kib},
                     {"total", p.total},
                     {"free", p.free},
                     {"reserved", p.reserved},
                     {"surplus", p.surplus}});
    if (!list.empty()) list += "; ";
    list += detail::bytes_text(p.size_kib * 1024) + ": " + std::to_string(p.total) + " total, " +
            std::to_string(p.free) + " free, " + std::to_string(p.reserved) + " reserved";
  }
  return make("memory.hugepages", "Reserved huge pages (hugetlb)", Status::info,
              "vm.nr_hugepages is " + std::to_string(m.nr_hugepages) +
                  (list.empty() ? "." : " (" + list + ")."),
              "hugetlb pages (MAP_HUGETLB, hugetlbfs) come only from these pools; transparent huge "
              "pages do not need them, and a reserved pool is memory nothing else can use. "
              "crossmem's --pages hugetlb takes every buffer from the default pool and skips the "
              "case, saying how many pages it needs, when the pool is short",
              "", {{"nr_hugepages", m.nr_hugepages}, {"pools", pools}});
}

Check device_check(const Device& d, const std::string& id, const std::string& users) {
  json facts = {{"path", d.path},
                {"exists", d.exists},
                {"access", d.exists ? json(errno_name(d.access_errno)) : json(nullptr)}};
  std::string finding =
      !d.exists ? d.path + " does not exist."
      : d.access_errno == 0
          ? d.path + " exists and this user may open it read-write."
          : d.path + " exists but this user may not open it (" + errno_name(d.access_errno) + ").";
  return make(
      id, d.path, Status::info, finding,
      "crossmem does not use it; " + users + " use it for single copy when built with support", "",
      facts);
}

Check hwloc_topology_check(const HostFacts& f) {
  const Hwloc& h = f.hwloc;
  const std::string title = "Topology (hwloc)";
  if (!h.loaded) {
    return make("hwloc.topology", title, Status::warn,
                "hwloc could not load the topology: " + h.error, "pinning and placement need it",
                "", {{"loaded", false}, {"api_version", h.version}});
  }
  json facts = {{"loaded", true},
                {"api_version", h.version},
                {"this_system", h.this_system},
                {"numa_nodes", h.numa_nodes},
                {"packages", h.packages},
                {"cores", h.cores},
                {"pus", h.pus},
                {"allowed_pus", h.allowed_pus}};
  std::string finding =
      std::to_string(h.numa_nodes) + " NUMA node(s), " + std::to_string(h.packages) +
      " package(s), " + std::to_string(h.cores) + " core(s), " + std::to_string(h.pus) + " PU(s)" +
      (h.allowed_pus != h.pus ? ", " + std::to_string(h.allowed_pus) + " allowed to this process"
                              : "") +
      " (hwloc API " + h.version + ").";
  if (!h.this_system) {
    return make("hwloc.topology", title, Status::warn, finding,
                "the topology does not describe this system (HWLOC_XMLFILE or HWLOC_SYNTHETIC?): "
                "binding calls would succeed and do nothing",
                "unset HWLOC_XMLFILE / HWLOC_SYNTHETIC", facts);
  }
  std::string cause =
      h.numa_nodes > 1
          ? "several NUMA nodes: where each buffer lives matters; crossmem records the "
            "observed placement"
          : "one NUMA node: every placement has the same memory distance";
  return make("hwloc.topology", title, Status::info, finding, cause, "", facts);
}

Check hwloc_binding_check(const HostFacts& f) {
  const Hwloc& h = f.hwloc;
  const std::string title = "Binding support (hwloc)";
  if (!h.loaded) {
    return make("hwloc.binding", title, Status::warn, "unknown: the topology did not load.");
  }
  json facts = {{"cpubind", h.cpubind}, {"membind", h.membind}};
  const char* needed_cpu[] = {"set_thisproc_cpubind", "set_thisthread_cpubind",
                              "get_thisthread_last_cpu_location"};
  const char* needed_mem[] = {"set_area_membind", "alloc_membind", "get_area_memlocation"};
  std::string missing;
  for (const char* k : needed_cpu) {
    auto it = h.cpubind.find(k);
    if (it == h.cpubind.end() || !it->second)
      missing += std::string(missing.empty() ? "" : ", ") + k;
  }
  for (const char* k : needed_mem) {
    auto it = h.membind.find(k);
    if (it == h.membind.end() || !it->second)
      missing += std::string(missing.empty() ? "" : ", ") + k;
  }
  if (missing.empty()) {
    return make("hwloc.binding", title, Status::ok,
                "CPU binding (process, thread, last CPU location) and memory binding (area, "
                "allocation, memory location) are supported.",
                "", "", facts);
  }
  return make(
      "hwloc.binding", title, Status::warn, "not supported here: " + missing + ".",
      "crossmem pins each rank and checks where it runs; without these, placement cannot be "
      "enforced or verified",
      "", facts);
}

}  // namespace

const char* status_name(Status s) {
  switch (s) {
    case Status::ok:
      return "ok";
    case Status::warn:
      return "warn";
    case Status::blocked:
      return "blocked";
    case Status::info:
      return "info";
  }
  return "?";
}

std::vector<Check> judge_checks(const HostFacts& f) {
  return {kernel_check(f),
          yama_check(f),
          capability_check(f),
          seccomp_check(f),
          cma_kernel_check(f),
          cma_reduce_check(f),
          cross_process_check(f),
          non_dumpable_check(f),
          dumpable_check(f),
          user_ns_check(f),
          pid_ns_check(f),
          hidepid_check(f),
          pipes_check(f),
          thp_check(f),
          hugepages_check(f),
          device_check(f.knem, "devices.knem",
                       "Open MPI (btl vader / smsc knem) and UCX (knem transport)"),
          device_check(f.xpmem, "devices.xpmem", "Open MPI (vader / smsc xpmem) and MPICH (XPMEM)"),
          hwloc_topology_check(f),
          hwloc_binding_check(f)};
}

}  // namespace crossmem::doctor
