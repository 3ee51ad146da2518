// Who may access whose memory. process_vm_readv/writev need PTRACE_MODE_ATTACH_REALCREDS access and
// report a refusal as EPERM; opening /proc/PID/mem needs the same access and reports EACCES. Root
// holds CAP_SYS_PTRACE, which overrides the checks, so the refusals are observed from a child that
// switched to the 'nobody' user. Each refusal has a control that differs in one property and works.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "crossmem/kernel/cma.hpp"
#include "crossmem/kernel/fd.hpp"
#include "crossmem/kernel/probe.hpp"
#include "support/checks.hpp"
#include "support/fixtures.hpp"
#include "support/pattern.hpp"
#include "support/target_process.hpp"
#include "support/unprivileged.hpp"

namespace crossmem::conformance {
namespace {

constexpr unsigned kSeed = 71;
constexpr std::size_t kLen = 256;
// A uid other than the prober's, for the different-uid case.
constexpr uid_t kOtherUser = kNobody - 1;

using CmaPermission = CmaTest;

// Slots of the ProbeResults that probe_access fills.
enum Slot : std::size_t {
  kReadRc,
  kReadErr,
  kWriteRc,
  kWriteErr,
  kReadAllErr,
  kOpenErr,
  kPreadRc,
  kPreadErr,
  kMismatches,
};

// Tries every access to kLen bytes at `addr` in `pid`: process_vm_readv, process_vm_writev (writing
// back what was read, or the pattern), cma_read_all, open + pread of /proc/PID/mem. Counts bytes
// that differ from pattern `kSeed` in whatever was read.
ProbeResults probe_access(pid_t pid, std::uintptr_t addr) {
  ProbeResults out{};
  std::vector<unsigned char> buf = pattern_bytes(kSeed, 0, kLen);
  std::vector<iovec> local{iov_at(buf.data(), kLen)};
  std::vector<iovec> remote{iov_at(addr, kLen)};
  const std::vector<unsigned char> expect = pattern_bytes(kSeed, 0, kLen);
  long mismatches = 0;
  auto count_mismatches = [&] {
    for (std::size_t i = 0; i < kLen; ++i) mismatches += buf[i] != expect[i];
  };

  std::fill(buf.begin(), buf.end(), 0);
  CallResult r = raw_readv(pid, local, remote);
  out[kReadRc] = r.rc;
  out[kReadErr] = r.err;
  if (r.rc >= 0) count_mismatches();
  if (r.rc < 0) buf = expect;
  CallResult w = raw_writev(pid, local, remote);
  out[kWriteRc] = w.rc;
  out[kWriteErr] = w.err;
  std::fill(buf.begin(), buf.end(), 0);
  out[kReadAllErr] = system_error_code([&] { kernel::cma_read_all(pid, local, remote); });
  if (out[kReadAllErr] == 0) count_mismatches();

  std::string path = "/proc/" + std::to_string(pid) + "/mem";
  kernel::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  out[kOpenErr] = fd ? 0 : errno;
  out[kPreadRc] = -1;
  if (fd) {
    std::fill(buf.begin(), buf.end(), 0);
    ssize_t got = ::pread(fd.get(), buf.data(), kLen, static_cast<off_t>(addr));
    out[kPreadRc] = got;
    out[kPreadErr] = got < 0 ? errno : 0;
    if (got >= 0) count_mismatches();
  }
  out[kMismatches] = mismatches;
  return out;
}

// Target setup: switch to `uid` (when it differs from ours), set the dumpable flag, allow any
// ptracer in case Yama is active (EINVAL without Yama, ignored), then one page of pattern kSeed.
TargetSetup target_as(uid_t uid, bool dumpable) {
  return [=](TargetInfo& info) {
    if (uid != ::geteuid()) {
      if (int err = become_user(uid); err != 0) return err;
    }
    if (::prctl(PR_SET_DUMPABLE, dumpable ? 1 : 0) != 0) return errno;
    ::prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY);
    return pattern_region(1, kSeed)(info);
  };
}

ProbeResults probe_as_nobody(const TargetProcess& target) {
  const pid_t pid = target.pid();
  const std::uintptr_t addr = target.info().addr[0];
  return run_as_user(kNobody, [&](ProbeResults& out) { out = probe_access(pid, addr); });
}

void expect_refused(const ProbeResults& res) {
  EXPECT_EQ(res[kReadRc], -1);
  EXPECT_EQ(res[kReadErr], EPERM);
  EXPECT_EQ(res[kWriteRc], -1);
  EXPECT_EQ(res[kWriteErr], EPERM);
  EXPECT_EQ(res[kReadAllErr], EPERM);
  EXPECT_TRUE(res[kOpenErr] == EACCES || res[kOpenErr] == EPERM) << "open errno " << res[kOpenErr];
}

void expect_allowed(const ProbeResults& res) {
  EXPECT_EQ(res[kReadErr], 0);
  EXPECT_EQ(res[kReadRc], static_cast<long>(kLen));
  EXPECT_EQ(res[kWriteErr], 0);
  EXPECT_EQ(res[kWriteRc], static_cast<long>(kLen));
  EXPECT_EQ(res[kReadAllErr], 0);
  EXPECT_EQ(res[kOpenErr], 0);
  EXPECT_EQ(res[kPreadErr], 0);
  EXPECT_EQ(res[kPreadRc], static_cast<long>(kLen));
  EXPECT_EQ(res[kMismatches], 0);
}

// An unprivileged caller cannot access a process of another uid, even a dumpable one that allows
// any ptracer: process_vm_readv/writev fail with EPERM, cma_read_all throws SystemError(EPERM), and
// /proc/PID/mem does not open (EACCES). Checked against a uid-65533 target and a root target. As
// root, the test process itself reads both.
TEST_F(CmaPermission, OtherUidIsEperm) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run processes of two other uids";
  for (uid_t uid : {kOtherUser, uid_t{0}}) {
    SCOPED_TRACE("target uid " + std::to_string(uid));
    TargetProcess target(target_as(uid, true));
    expect_refused(probe_as_nobody(target));
    expect_allowed(probe_access(target.pid(), target.info().addr[0]));
  }
}

// A process that made itself non-dumpable (PR_SET_DUMPABLE 0) refuses a caller of its own uid that
// lacks CAP_SYS_PTRACE: EPERM from CMA, EACCES from opening /proc/PID/mem. Root still gets in.
// Without root, the test process checks a non-dumpable child of its own directly.
TEST_F(CmaPermission, SameUidNonDumpableIsEperm) {
  if (::geteuid() != 0) {
    TargetProcess target(target_as(::geteuid(), false));
    expect_refused(probe_access(target.pid(), target.info().addr[0]));
    return;
  }
  TargetProcess target(target_as(kNobody, false));
  expect_refused(probe_as_nobody(target));
  expect_allowed(probe_access(target.pid(), target.info().addr[0]));
}

// The control for both refusals: a dumpable process of the caller's own uid is fully accessible to
// an unprivileged caller (every call works and returns the right bytes).
TEST_F(CmaPermission, SameUidDumpableIsAllowed) {
  if (::geteuid() != 0) {
    TargetProcess target(target_as(::geteuid(), true));
    expect_allowed(probe_access(target.pid(), target.info().addr[0]));
    return;
  }
  if (auto scope = kernel::yama_ptrace_scope(); scope && *scope >= 2) {
    GTEST_SKIP() << "Yama ptrace_scope " << *scope
                 << " refuses every caller without CAP_SYS_PTRACE";
  }
  TargetProcess target(target_as(kNobody, true));
  expect_allowed(probe_as_nobody(target));
}

}  // namespace
}  // namespace crossmem::conformance
