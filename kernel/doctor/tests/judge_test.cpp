// judge() on synthetic facts: every cause the doctor names, without needing the system to have it.
#include <gtest/gtest.h>

#include "crossmem/doctor/diagnosis.hpp"
#include "synthetic.hpp"

namespace crossmem::doctor {
namespace {

using testing::find_mpi;
using testing::ordinary_facts;
using testing::refused;
using testing::synthetic_strategies;

const char* const kRemote[] = {"proc-mem-read", "proc-mem-write", "cma-read", "cma-write"};
const char* const kCma[] = {"cma-read", "cma-write"};

Diagnosis judged(const HostFacts& f, std::vector<StrategyInput> s = synthetic_strategies()) {
  return judge(f, s);
}

Status status_of(const Diagnosis& d, const char* id) {
  const Check* c = d.find(id);
  EXPECT_NE(c, nullptr) << id;
  return c ? c->status : Status::info;
}

// The reduce flags: unavailable on an unpatched kernel (information, with the probe's reason and
// remedy), available on the patched one.
TEST(Judge, ReduceFlagsFollowTheProbe) {
  HostFacts f = ordinary_facts();
  f.reduce = {false, "reduce flags: EINVAL from this kernel",
              "boot the patched kernel: crossmem-vm --kernel patched"};
  Diagnosis d = judged(f);
  const Check* c = d.find("cma.reduce");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->status, Status::info);
  EXPECT_EQ(c->finding, "reduce flags: EINVAL from this kernel.");
  EXPECT_EQ(c->remedy, "boot the patched kernel: crossmem-vm --kernel patched");
  EXPECT_EQ(c->facts["available"], false);

  f.reduce = {true, "", ""};
  d = judged(f);
  EXPECT_EQ(status_of(d, "cma.reduce"), Status::ok);
  EXPECT_TRUE(d.find("cma.reduce")->remedy.empty());
}

TEST(Judge, OrdinaryHostHasEverythingAvailable) {
  Diagnosis d = judged(ordinary_facts());
  for (const StrategyVerdict& v : d.strategies)
    EXPECT_TRUE(v.available) << v.strategy << ": " << v.reason;
  EXPECT_EQ(status_of(d, "yama.ptrace_scope"), Status::ok);
  EXPECT_EQ(status_of(d, "seccomp"), Status::ok);
  EXPECT_EQ(status_of(d, "cma.kernel"), Status::ok);
  EXPECT_EQ(status_of(d, "ptrace.cross_process"), Status::ok);
  EXPECT_EQ(status_of(d, "namespaces.user"), Status::ok);
  EXPECT_EQ(status_of(d, "pipes.max_size"), Status::ok);
  EXPECT_EQ(status_of(d, "hwloc.binding"), Status::ok);
  EXPECT_EQ(d.find("ptrace.non_dumpable")->facts["cause_id"], "non_dumpable");
  EXPECT_EQ(find_mpi(d, "Open MPI 4.1")->single_copy, "cma");
  EXPECT_EQ(find_mpi(d, "UCX")->single_copy, "cma");
}

TEST(Judge, Scope1WorksBecauseCrossmemNamesItsPeer) {
  HostFacts f = ordinary_facts();
  f.yama_scope = 1;
  f.cross.set_ptracer_errno = 0;
  f.cross.unrelated = refused();
  Diagnosis d = judged(f);
  for (const char* name : kRemote) {
    const StrategyVerdict* v = d.verdict(name);
    ASSERT_NE(v, nullptr);
    EXPECT_TRUE(v->available) << name;
    EXPECT_NE(v->note.find("PR_SET_PTRACER"), std::string::npos) << v->note;
  }
  EXPECT_EQ(status_of(d, "yama.ptrace_scope"), Status::ok);
  EXPECT_EQ(d.find("yama.ptrace_scope")->facts["pr_set_ptracer_helps"], true);
  const Check* cross = d.find("ptrace.cross_process");
  EXPECT_EQ(cross->status, Status::ok);
  EXPECT_EQ(cross->facts["unrelated_cause_id"], "yama_scope_1");
  EXPECT_EQ(find_mpi(d, "MPICH 5")->single_copy, "none (double copy)");
  EXPECT_EQ(find_mpi(d, "Open MPI 4.1")->single_copy, "cma");
  EXPECT_NE(find_mpi(d, "Open MPI 4.1")->detail.find("PR_SET_PTRACER_ANY"), std::string::npos);
  EXPECT_EQ(find_mpi(d, "UCX")->single_copy, "cma");
}

TEST(Judge, Scope2WithoutCapabilityIsBlockedWithRemedy) {
  HostFacts f = ordinary_facts();
  f.yama_scope = 2;
  f.cross.set_ptracer_errno = 0;
  f.cross.unrelated = f.cross.named = refused();
  Diagnosis d = judged(f);
  for (const char* name : kRemote) {
    const StrategyVerdict* v = d.verdict(name);
    EXPECT_FALSE(v->available) << name;
    EXPECT_EQ(v->cause_id, "yama_scope_2") << name;
    EXPECT_NE(v->remedy.find("echo 1 > /proc/sys/kernel/yama/ptrace_scope"), std::string::npos)
        << v->remedy;
  }
  EXPECT_TRUE(d.verdict("pipe")->available);
  EXPECT_EQ(status_of(d, "yama.ptrace_scope"), Status::blocked);
  EXPECT_EQ(d.find("yama.ptrace_scope")->facts["pr_set_ptracer_helps"], false);
  EXPECT_EQ(status_of(d, "ptrace.cross_process"), Status::blocked);
  EXPECT_EQ(find_mpi(d, "UCX")->single_copy, "none (posix/sysv copies)");
  EXPECT_EQ(find_mpi(d, "Open MPI 4.1")->single_copy, "cma (selected, transfers refused)");
  EXPECT_EQ(find_mpi(d, "Open MPI 4.1")->certainty, "unconfirmed");
}

TEST(Judge, Scope2WithCapabilityWorksWithWarning) {
  HostFacts f = ordinary_facts();
  f.yama_scope = 2;
  f.cap_sys_ptrace = true;
  f.cross.set_ptracer_errno = 0;
  Diagnosis d = judged(f);
  for (const char* name : kRemote) EXPECT_TRUE(d.verdict(name)->available) << name;
  EXPECT_NE(d.verdict("cma-read")->note.find("CAP_SYS_PTRACE"), std::string::npos);
  EXPECT_EQ(status_of(d, "yama.ptrace_scope"), Status::warn);
  EXPECT_EQ(find_mpi(d, "UCX")->single_copy, "cma");
}

TEST(Judge, Scope3NeedsReboot) {
  HostFacts f = ordinary_facts();
  f.yama_scope = 3;
  f.cap_sys_ptrace = true;  // does not help at scope 3
  f.cross.set_ptracer_errno = 0;
  f.cross.unrelated = f.cross.named = refused();
  Diagnosis d = judged(f);
  for (const char* name : kRemote) {
    const StrategyVerdict* v = d.verdict(name);
    EXPECT_FALSE(v->available);
    EXPECT_EQ(v->cause_id, "yama_scope_3");
    EXPECT_NE(v->remedy.find("needs reboot"), std::string::npos) << v->remedy;
  }
  EXPECT_EQ(status_of(d, "yama.ptrace_scope"), Status::blocked);
  EXPECT_NE(d.find("yama.ptrace_scope")->remedy.find("reboot"), std::string::npos);
}

TEST(Judge, SeccompFilterWithEperm) {
  HostFacts f = ordinary_facts();
  f.seccomp_mode = 2;
  f.seccomp_filters = 1;
  f.self.cma_read = f.self.cma_write = EPERM;
  f.cross.unrelated = f.cross.named = {EPERM, EPERM, 0, 0};
  Diagnosis d = judged(f);
  EXPECT_EQ(status_of(d, "seccomp"), Status::blocked);
  EXPECT_NE(d.find("seccomp")->finding.find("process_vm_readv (EPERM)"), std::string::npos);
  for (const char* name : kCma) {
    EXPECT_FALSE(d.verdict(name)->available);
    EXPECT_EQ(d.verdict(name)->cause_id, "seccomp");
  }
  EXPECT_TRUE(d.verdict("proc-mem-read")->available);
  // No Yama: MPICH 5 would enable CMA; whether it tries the call first is not known.
  EXPECT_EQ(find_mpi(d, "MPICH 5")->single_copy, "unknown (cma fails here)");
  EXPECT_EQ(find_mpi(d, "MPICH 5")->certainty, "unconfirmed");
  EXPECT_EQ(find_mpi(d, "Open MPI 5.0")->single_copy, "cma (selected, transfers refused)");
  EXPECT_EQ(find_mpi(d, "UCX")->single_copy, "none (posix/sysv copies)");

  f.yama_scope = 1;  // MPICH 5 turns CMA off at scope 1 anyway
  EXPECT_EQ(find_mpi(judged(f), "MPICH 5")->single_copy, "none (double copy)");
}

TEST(Judge, SeccompEnosysWhenTheKernelHasCma) {
  HostFacts f = ordinary_facts();
  f.seccomp_mode = 2;
  f.self.cma_read = f.self.cma_write = ENOSYS;
  f.cma_kernel = {true, "/proc/kallsyms"};
  f.cross.unrelated = f.cross.named = {ENOSYS, ENOSYS, 0, 0};
  Diagnosis d = judged(f);
  EXPECT_EQ(status_of(d, "seccomp"), Status::blocked);
  EXPECT_EQ(status_of(d, "cma.kernel"), Status::info);
  EXPECT_EQ(d.verdict("cma-read")->cause_id, "seccomp");
}

TEST(Judge, SeccompEnosysWithoutKernelEvidenceIsProbablyTheFilter) {
  HostFacts f = ordinary_facts();
  f.seccomp_mode = 2;
  f.self.cma_read = f.self.cma_write = ENOSYS;
  Diagnosis d = judged(f);
  EXPECT_EQ(d.verdict("cma-write")->cause_id, "seccomp_or_no_cma_kernel");
  EXPECT_EQ(status_of(d, "seccomp"), Status::blocked);
}

TEST(Judge, EnosysWithoutFilterIsAKernelWithoutCma) {
  HostFacts f = ordinary_facts();
  f.self.cma_read = f.self.cma_write = ENOSYS;
  f.cma_kernel = {false, "/boot/config-6.1.0-test"};
  f.cross.unrelated = f.cross.named = {ENOSYS, ENOSYS, 0, 0};
  Diagnosis d = judged(f);
  EXPECT_EQ(status_of(d, "cma.kernel"), Status::blocked);
  EXPECT_EQ(status_of(d, "seccomp"), Status::ok);
  EXPECT_EQ(d.verdict("cma-read")->cause_id, "no_cma_kernel");
  EXPECT_NE(d.verdict("cma-read")->remedy.find("CONFIG_CROSS_MEMORY_ATTACH=y"), std::string::npos);
  EXPECT_TRUE(d.verdict("proc-mem-write")->available);
  EXPECT_EQ(find_mpi(d, "Open MPI 4.1")->single_copy, "unknown (cma fails here)");
  EXPECT_EQ(find_mpi(d, "UCX")->single_copy, "none (posix/sysv copies)");
}

TEST(Judge, ProbeDisagreementMakesStrategyUnavailable) {
  auto s = synthetic_strategies();
  s[4].probe = {false, "probe says no", "probe remedy"};
  Diagnosis d = judged(ordinary_facts(), s);
  EXPECT_FALSE(d.verdict("cma-read")->available);
  EXPECT_EQ(d.verdict("cma-read")->reason, "probe says no");
}

TEST(Judge, NamespacesHidepidPipesThpDevices) {
  HostFacts f = ordinary_facts();
  f.ns.uid_map_identity = false;
  f.ns.uid_map = "0 1000 1";
  f.ns.nspid = {4242, 7};
  f.proc = parse_proc_mount("proc /proc proc rw,hidepid=invisible 0 0\n");
  f.pipes.setpipe_errno = EPERM;
  f.pipes.granted = 65536;
  f.memory.thp_enabled = "never";
  f.xpmem = {"/dev/xpmem", true, 0};
  f.hwloc.membind["get_area_memlocation"] = false;
  Diagnosis d = judged(f);
  EXPECT_EQ(status_of(d, "namespaces.user"), Status::warn);
  EXPECT_EQ(status_of(d, "namespaces.pid"), Status::info);
  EXPECT_EQ(status_of(d, "proc.hidepid"), Status::info);
  EXPECT_EQ(status_of(d, "pipes.max_size"), Status::warn);
  EXPECT_NE(d.find("pipes.max_size")->cause.find("pipe-user-pages"), std::string::npos);
  EXPECT_EQ(status_of(d, "memory.thp"), Status::warn);
  EXPECT_EQ(status_of(d, "hwloc.binding"), Status::warn);
  EXPECT_NE(d.find("devices.xpmem")->finding.find("exists"), std::string::npos);
  EXPECT_NE(find_mpi(d, "Open MPI 4.1")->detail.find("user namespace"), std::string::npos);
  EXPECT_NE(find_mpi(d, "Open MPI 4.1")->detail.find("xpmem"), std::string::npos);
}

TEST(Judge, CrossProcessTestThatDidNotRun) {
  HostFacts f = ordinary_facts();
  f.cross = {};
  f.cross.error = "fork: Resource temporarily unavailable";
  Diagnosis d = judged(f);
  EXPECT_EQ(status_of(d, "ptrace.cross_process"), Status::warn);
  EXPECT_TRUE(d.verdict("cma-read")->available);
  EXPECT_NE(d.verdict("cma-read")->note.find("did not run"), std::string::npos);
}

AccessContext plain_context() {
  AccessContext c;
  c.uid = c.euid = 1000;
  c.peer.pid = 77;
  c.peer.exists = c.peer.visible_in_proc = true;
  c.peer.uid = c.peer.euid = c.peer.suid = 1000;
  c.peer.proc_owner = 1000;
  c.peer.same_user_ns = true;
  return c;
}

TEST(Explain, CausesInKernelOrder) {
  AccessContext c = plain_context();
  EXPECT_EQ(explain_access_error(0, AccessKind::cma_read, c).cause_id, "ok");

  c.peer.uid = c.peer.euid = c.peer.suid = 0;
  c.peer.proc_owner = 0;
  Explanation other = explain_access_error(EPERM, AccessKind::cma_read, c);
  EXPECT_EQ(other.cause_id, "other_uid");
  EXPECT_NE(other.cause.find("uid 0"), std::string::npos);
  EXPECT_EQ(explain_access_error(EACCES, AccessKind::proc_mem_read, c).cause_id, "other_uid");

  c = plain_context();
  c.peer.proc_owner = 0;
  c.peer.likely_non_dumpable = true;
  Explanation nd = explain_access_error(EPERM, AccessKind::cma_write, c);
  EXPECT_EQ(nd.cause_id, "non_dumpable");
  EXPECT_NE(nd.remedy.find("PR_SET_DUMPABLE"), std::string::npos);

  c.cap_sys_ptrace = true;  // overrides uid and dumpable: something else refused it
  EXPECT_EQ(explain_access_error(EPERM, AccessKind::cma_read, c).cause_id, "unknown");

  c = plain_context();
  c.peer.same_user_ns = false;
  EXPECT_EQ(explain_access_error(EPERM, AccessKind::cma_read, c).cause_id, "user_namespace");

  c = plain_context();
  c.yama_scope = 1;
  EXPECT_EQ(explain_access_error(EPERM, AccessKind::cma_read, c).cause_id, "yama_scope_1");
  c.peer.ancestor_of_peer = true;
  EXPECT_EQ(explain_access_error(EPERM, AccessKind::cma_read, c).cause_id, "unknown");

  c = plain_context();
  c.peer.visible_in_proc = false;
  EXPECT_EQ(explain_access_error(ENOENT, AccessKind::proc_mem_read, c).cause_id,
            "hidden_by_hidepid");
  c.peer.exists = false;
  EXPECT_EQ(explain_access_error(ESRCH, AccessKind::cma_read, c).cause_id, "no_such_process");
  EXPECT_EQ(explain_access_error(EFAULT, AccessKind::cma_read, plain_context()).cause_id,
            "bad_address");
}

}  // namespace
}  // namespace crossmem::doctor
