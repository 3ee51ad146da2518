// Real refusals: a non-dumpable target and a target of another uid, seen by an unprivileged reader
// (root's CAP_SYS_PTRACE overrides both checks, so the reader drops to uid 65534 in a child).
#include "crossmem/doctor/peer_access.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "crossmem/doctor/render.hpp"
#include "crossmem/kernel/fd.hpp"
#include "crossmem/strategy.hpp"
#include "support/child.hpp"

namespace crossmem::doctor {
namespace {

// Memory a target process holds; forks share the address.
alignas(64) unsigned char g_target_bytes[256] = {1, 2, 3};

// A child that (optionally) makes itself non-dumpable, says so over a pipe, and waits for EOF.
class Target {
 public:
  explicit Target(bool non_dumpable) {
    int ready_fds[2], hold_fds[2];
    if (::pipe(ready_fds) != 0) throw std::runtime_error("pipe");
    kernel::UniqueFd ready_read(ready_fds[0]), ready_write(ready_fds[1]);
    if (::pipe(hold_fds) != 0) throw std::runtime_error("pipe");
    kernel::UniqueFd hold_read(hold_fds[0]);
    hold_.reset(hold_fds[1]);
    pid_ = ::fork();
    if (pid_ == 0) {
      ready_read.reset();
      hold_.reset();
      ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
      if (non_dumpable) ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
      char c = 'r';
      if (::write(ready_write.get(), &c, 1) != 1) ::_exit(1);
      while (::read(hold_read.get(), &c, 1) > 0) {
      }
      ::_exit(0);
    }
    ready_write.reset();
    hold_read.reset();
    char c = 0;
    if (::read(ready_read.get(), &c, 1) != 1) throw std::runtime_error("target did not start");
  }
  ~Target() {
    hold_.reset();
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  kernel::UniqueFd hold_;  // the target runs until this write end closes
};

nlohmann::json report_json(const PeerReadReport& r) {
  return {{"cma_errno", r.cma_errno},
          {"proc_mem_errno", r.proc_mem_errno},
          {"cma_cause", r.cma.cause_id},
          {"proc_mem_cause", r.proc_mem.cause_id},
          {"cma_text", r.cma.cause},
          {"cma_remedy", r.cma.remedy},
          {"likely_non_dumpable", r.peer.likely_non_dumpable}};
}

#define SKIP_UNLESS_ROOT() \
  if (::geteuid() != 0)    \
  GTEST_SKIP() << "needs root to switch to uid 65534 (CAP_SYS_PTRACE hides these refusals)"

TEST(CrossProcess, OrdinarySiblingsReachEachOtherHere) {
  CrossProcessResult r = probe_cross_process();
  ASSERT_TRUE(r.ran) << r.error;
  EXPECT_EQ(r.named.cma_read, 0);
  EXPECT_EQ(r.named.cma_write, 0);
  EXPECT_EQ(r.named.proc_mem_read, 0);
  EXPECT_EQ(r.named.proc_mem_write, 0);
}

TEST(PeerAccess, NonDumpableTargetIsExplained) {
  SKIP_UNLESS_ROOT();
  nlohmann::json j = testing::run_in_child(
      [] { return testing::become_user(testing::kNobody); },
      [] {
        Target t(true);
        return report_json(probe_peer_read(
            t.pid(), reinterpret_cast<std::uintptr_t>(g_target_bytes), sizeof g_target_bytes));
      });
  ASSERT_FALSE(j.contains("error")) << j["error"];
  EXPECT_EQ(j["cma_errno"], EPERM);
  EXPECT_EQ(j["proc_mem_errno"], EACCES);
  EXPECT_EQ(j["likely_non_dumpable"], true);
  EXPECT_EQ(j["cma_cause"], "non_dumpable") << j["cma_text"];
  EXPECT_EQ(j["proc_mem_cause"], "non_dumpable");
  EXPECT_NE(j["cma_remedy"].get<std::string>().find("PR_SET_DUMPABLE"), std::string::npos);
}

TEST(PeerAccess, DumpableTargetOfTheSameUserIsReachable) {
  SKIP_UNLESS_ROOT();
  nlohmann::json j = testing::run_in_child(
      [] { return testing::become_user(testing::kNobody); },
      [] {
        Target t(false);
        return report_json(probe_peer_read(
            t.pid(), reinterpret_cast<std::uintptr_t>(g_target_bytes), sizeof g_target_bytes));
      });
  ASSERT_FALSE(j.contains("error")) << j["error"];
  // The reader is the target's parent, so even Yama scope 1 lets it in.
  EXPECT_EQ(j["cma_errno"], 0) << j["cma_text"];
  EXPECT_EQ(j["proc_mem_errno"], 0);
}

TEST(PeerAccess, TargetOfAnotherUidIsExplained) {
  SKIP_UNLESS_ROOT();
  Target root_target(false);
  pid_t pid = root_target.pid();
  nlohmann::json j = testing::run_in_child(
      [] { return testing::become_user(testing::kNobody); },
      [pid] {
        return report_json(probe_peer_read(pid, reinterpret_cast<std::uintptr_t>(g_target_bytes),
                                           sizeof g_target_bytes));
      });
  ASSERT_FALSE(j.contains("error")) << j["error"];
  EXPECT_EQ(j["cma_errno"], EPERM);
  EXPECT_EQ(j["proc_mem_errno"], EACCES);
  EXPECT_EQ(j["cma_cause"], "other_uid") << j["cma_text"];
  EXPECT_EQ(j["proc_mem_cause"], "other_uid");
  EXPECT_NE(j["cma_text"].get<std::string>().find("uid 0"), std::string::npos) << j["cma_text"];
}

TEST(PeerAccess, MissingProcessIsExplained) {
  pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  ASSERT_GT(gone, 0);
  ::waitpid(gone, nullptr, 0);
  PeerReadReport r = probe_peer_read(gone, reinterpret_cast<std::uintptr_t>(g_target_bytes), 16);
  if (r.peer.exists) GTEST_SKIP() << "pid " << gone << " was reused";
  EXPECT_EQ(r.cma_errno, ESRCH);
  EXPECT_EQ(r.cma.cause_id, "no_such_process");
  EXPECT_EQ(r.proc_mem.cause_id, "no_such_process");
}

TEST(Diagnosis, AsAnUnprivilegedUserNonDumpableTargetsAreRefused) {
  SKIP_UNLESS_ROOT();
  nlohmann::json j = testing::run_in_child([] { return testing::become_user(testing::kNobody); },
                                           [] { return to_json(diagnose(doctor_inputs())); });
  ASSERT_FALSE(j.contains("error")) << j["error"];
  EXPECT_EQ(j["uid"], testing::kNobody);
  for (const auto& c : j["checks"]) {
    if (c["id"] == "ptrace.non_dumpable") {
      EXPECT_EQ(c["facts"]["non_dumpable"]["process_vm_readv"], "EPERM") << c.dump(2);
      EXPECT_EQ(c["facts"]["non_dumpable"]["/proc/PID/mem read"], "EACCES");
      EXPECT_EQ(c["facts"]["cause_id"], "non_dumpable");
    }
    if (c["id"] == "capabilities.sys_ptrace") {
      EXPECT_EQ(c["facts"]["cap_sys_ptrace"], false);
    }
  }
}

TEST(Diagnosis, AsRootNonDumpableTargetsAreReachable) {
  SKIP_UNLESS_ROOT();
  Diagnosis d = diagnose(doctor_inputs());
  const Check* c = d.find("ptrace.non_dumpable");
  ASSERT_NE(c, nullptr);
  if (!d.find("capabilities.sys_ptrace")->facts["cap_sys_ptrace"].get<bool>()) {
    GTEST_SKIP() << "root without CAP_SYS_PTRACE";
  }
  EXPECT_NE(c->finding.find("still reachable"), std::string::npos) << c->finding;
  EXPECT_NE(c->cause.find("CAP_SYS_PTRACE"), std::string::npos);
}

}  // namespace
}  // namespace crossmem::doctor
