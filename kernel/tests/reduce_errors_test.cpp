// How the reduce flags fail, against the copy's own behaviour: partial progress at an unmapped
// remote or local page, EFAULT, EINVAL for bad flags and misaligned iovecs, EPERM and ESRCH
// exactly as for flags == 0. Also the probe of kernel::probe_reduce on this kernel.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "crossmem/kernel/probe.hpp"
#include "crossmem/uapi/process_vm_reduce.h"
#include "support/checks.hpp"
#include "support/child_io.hpp"
#include "support/local_pages.hpp"
#include "support/reduce_data.hpp"
#include "support/target_process.hpp"
#include "support/unprivileged.hpp"

namespace crossmem::conformance {
namespace {

using kernel::reduce_flags;
using kernel::reduce_reference;

constexpr std::size_t kStart = 1000;  // offset in the first page, a multiple of 8
const unsigned long kSumF64 = PROCESS_VM_REDUCE_SUM | PROCESS_VM_REDUCE_F64;

class ReduceErrors : public ReduceDirTest {};

// The kernel under test accepts the flags: the probe says so, on a zero-length call.
TEST_F(ReduceTest, ProbeReportsSupport) {
  kernel::ReduceSupport s = kernel::probe_reduce();
  EXPECT_TRUE(s.ok) << s.reason;
  EXPECT_TRUE(s.reason.empty());
  for (ReduceOp op : kernel::kReduceOps) {
    for (ReduceType type : kernel::kReduceTypes) {
      if (!kernel::reduce_defined(op, type)) continue;
      errno = 0;
      EXPECT_EQ(::process_vm_readv(::getpid(), nullptr, 0, nullptr, 0, reduce_flags(op, type)), 0)
          << kernel::to_string(op) << "/" << kernel::to_string(type) << ": " << errno;
      EXPECT_EQ(::process_vm_writev(::getpid(), nullptr, 0, nullptr, 0, reduce_flags(op, type)), 0);
    }
  }
}

// A remote range running into an unmapped page: the elements before the hole are reduced and
// counted, nothing after it changes.
TEST_P(ReduceErrors, PartialAtUnmappedRemotePage) {
  const Dir dir = GetParam();
  const std::size_t ps = page_size();
  const std::size_t want = 2 * ps - kStart, done = ps - kStart;
  std::vector<std::byte> remote = reduce_data(ReduceType::f64, ps / 8, 3);
  std::vector<std::byte> local = reduce_data(ReduceType::f64, want / 8, 4);
  TargetProcess target(bytes_region(remote, 2, 1));
  const std::uintptr_t base = target.info().addr[0];
  std::vector<std::byte> want_local = local, want_remote = remote;
  std::span<std::byte> acc = dir == Dir::read ? std::span(want_local).first(done)
                                              : std::span(want_remote).subspan(kStart, done);
  std::span<const std::byte> src =
      dir == Dir::read ? std::span(remote).subspan(kStart, done) : std::span(local).first(done);
  reduce_reference(acc, src, ReduceOp::sum, ReduceType::f64);

  CallResult r = raw_reduce(dir, target.pid(), {iov_at(local.data(), want)},
                            {iov_at(base + kStart, want)}, kSumF64);
  ASSERT_EQ(r.err, 0);
  ASSERT_EQ(r.rc, static_cast<long>(done));
  EXPECT_TRUE(same_elements(local, want_local, ReduceType::f64));
  EXPECT_TRUE(same_elements(as_bytes(target.dump(base, ps)), want_remote, ReduceType::f64));
}

// Several remote iovecs: the call stops at the first one that faults, as the copy does.
TEST_P(ReduceErrors, PartialStopsAtFirstFaultingRemoteIovec) {
  const std::size_t ps = page_size();
  std::vector<std::byte> remote = reduce_data(ReduceType::i64, 3 * ps / 8, 5);
  TargetProcess target([&remote, ps](TargetInfo& info) {
    int err = bytes_region(remote, 3)(info);
    if (err != 0) return err;
    return ::munmap(reinterpret_cast<char*>(info.addr[0]) + ps, ps) == 0 ? 0 : errno;
  });
  const std::uintptr_t base = target.info().addr[0];
  std::vector<std::byte> local = reduce_data(ReduceType::i64, 36, 6);
  const unsigned long flags = reduce_flags(ReduceOp::bxor, ReduceType::i64);
  CallResult r = raw_reduce(
      GetParam(), target.pid(), {iov_at(local.data(), local.size())},
      {iov_at(base + 16, 96), iov_at(base + ps + 16, 96), iov_at(base + 2 * ps + 16, 96)}, flags);
  CallResult copy = GetParam() == Dir::read
                        ? raw_readv(target.pid(), {iov_at(local.data(), local.size())},
                                    {iov_at(base + 16, 96), iov_at(base + ps + 16, 96)})
                        : raw_writev(target.pid(), {iov_at(local.data(), local.size())},
                                     {iov_at(base + 16, 96), iov_at(base + ps + 16, 96)});
  EXPECT_EQ(r.err, 0);
  EXPECT_EQ(r.rc, 96);
  EXPECT_EQ(copy.rc, 96);
}

// A local buffer running into an unmapped page of the caller: a short count, a whole number of
// elements, no more than the bytes before the hole, and those elements reduced correctly.
TEST_P(ReduceErrors, PartialAtUnmappedLocalPage) {
  const Dir dir = GetParam();
  const std::size_t ps = page_size();
  const std::size_t want = 2 * ps - kStart;
  std::vector<std::byte> remote = reduce_data(ReduceType::f32, 2 * ps / 4, 7);
  TargetProcess target(bytes_region(remote, 2));
  const std::uintptr_t base = target.info().addr[0];
  LocalPages local(2);
  std::vector<std::byte> before = reduce_data(ReduceType::f32, (ps - kStart) / 4, 8);
  std::memcpy(local.data() + kStart, before.data(), before.size());
  std::vector<iovec> liov{iov_at(local.data() + kStart, want)};
  std::vector<iovec> riov{iov_at(base, want)};
  local.unmap_from(1);

  CallResult r = raw_reduce(dir, target.pid(), liov, riov, ReduceOp::max, ReduceType::f32);
  ASSERT_EQ(r.err, 0);
  ASSERT_GT(r.rc, 0);
  ASSERT_LE(r.rc, static_cast<long>(ps - kStart));
  ASSERT_EQ(r.rc % 4, 0);
  const auto n = static_cast<std::size_t>(r.rc);
  std::vector<std::byte> acc, src;
  std::vector<std::byte> local_now(before.size());
  std::memcpy(local_now.data(), local.data() + kStart, before.size());
  std::vector<std::byte> remote_now = as_bytes(target.dump(base, before.size()));
  if (dir == Dir::read) {
    acc.assign(before.begin(), before.begin() + static_cast<long>(n));
    src.assign(remote.begin(), remote.begin() + static_cast<long>(n));
    reduce_reference(acc, src, ReduceOp::max, ReduceType::f32);
    local_now.resize(n);
    EXPECT_TRUE(same_elements(local_now, acc, ReduceType::f32));
  } else {
    acc.assign(remote.begin(), remote.begin() + static_cast<long>(n));
    src.assign(before.begin(), before.begin() + static_cast<long>(n));
    reduce_reference(acc, src, ReduceOp::max, ReduceType::f32);
    remote_now.resize(n);
    EXPECT_TRUE(same_elements(remote_now, acc, ReduceType::f32));
  }
}

// Wholly unmapped remote ranges (a hole and address 0), an unmapped local buffer, an unreadable
// iovec array, a read-only remote page for writev and a read-only local buffer for readv:
// -1/EFAULT, as the copy gives for the same arguments.
TEST_P(ReduceErrors, UnreachableMemoryIsEfaultAsForTheCopy) {
  const Dir dir = GetParam();
  const std::size_t ps = page_size();
  TargetProcess target([ps](TargetInfo& info) {
    int err = bytes_region({}, 3, 2)(info);
    if (err != 0) return err;
    auto* ro = reinterpret_cast<char*>(info.addr[0]) + ps;
    return ::mprotect(ro, ps, PROT_READ) == 0 ? 0 : errno;
  });
  const std::uintptr_t base = target.info().addr[0], hole = target.info().addr[1];
  ASSERT_NE(hole, 0u);
  std::vector<double> buf(32, 1.0);
  std::vector<iovec> local{iov_at(buf.data(), 256)};

  auto expect_efault = [&](const std::vector<iovec>& l, const std::vector<iovec>& r,
                           const char* what) {
    CallResult red = raw_reduce(dir, target.pid(), l, r, kSumF64);
    CallResult copy =
        dir == Dir::read ? raw_readv(target.pid(), l, r) : raw_writev(target.pid(), l, r);
    EXPECT_EQ(red.rc, -1) << what;
    EXPECT_EQ(red.err, EFAULT) << what;
    EXPECT_EQ(copy.err, EFAULT) << what << " (the copy)";
  };
  expect_efault(local, {iov_at(hole, 256)}, "remote hole");
  expect_efault(local, {iov_at(std::uintptr_t{0}, 256)}, "remote address 0");
  if (dir == Dir::write) expect_efault(local, {iov_at(base + ps, 256)}, "read-only remote page");

  LocalPages pages(2);
  std::vector<iovec> bad_local{iov_at(pages.data() + ps, 256)};
  std::vector<iovec> remote{iov_at(base, 256)};
  pages.unmap_from(1);
  expect_efault(bad_local, remote, "local hole");

  void* ro = ::mmap(nullptr, ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(ro, MAP_FAILED);
  if (dir == Dir::read) expect_efault({iov_at(ro, 256)}, remote, "read-only local page");
  ::munmap(ro, ps);
  for (double d : buf) ASSERT_EQ(d, 1.0);

  const auto* bad_vec = reinterpret_cast<const iovec*>(pages.data() + ps);
  errno = 0;
  long rc = dir == Dir::read
                ? ::process_vm_readv(target.pid(), bad_vec, 1, remote.data(), 1, kSumF64)
                : ::process_vm_writev(target.pid(), bad_vec, 1, remote.data(), 1, kSumF64);
  EXPECT_EQ(rc, -1);
  EXPECT_EQ(errno, EFAULT);
  errno = 0;
  rc = dir == Dir::read ? ::process_vm_readv(target.pid(), local.data(), 1, bad_vec, 1, kSumF64)
                        : ::process_vm_writev(target.pid(), local.data(), 1, bad_vec, 1, kSumF64);
  EXPECT_EQ(rc, -1);
  EXPECT_EQ(errno, EFAULT);
}

// Flags that name no defined reduce: -1/EINVAL, even for a zero-length call, and nothing changes.
TEST_P(ReduceErrors, BadFlagsAreEinval) {
  const Dir dir = GetParam();
  std::vector<std::byte> remote = reduce_data(ReduceType::u32, 64, 9);
  TargetProcess target(bytes_region(remote, 1));
  const std::uintptr_t base = target.info().addr[0];
  std::vector<std::byte> local = reduce_data(ReduceType::u32, 64, 10);
  const std::vector<std::byte> local_before = local;
  const unsigned long bad[] = {
      1UL,
      2UL,
      PROCESS_VM_REDUCE_SUM,                           // no type
      PROCESS_VM_REDUCE_U32,                           // no op
      0x0700UL | PROCESS_VM_REDUCE_U32,                // op 7
      0xff00UL | PROCESS_VM_REDUCE_U32,                // op 255
      PROCESS_VM_REDUCE_SUM | 0x070000UL,              // type 7
      PROCESS_VM_REDUCE_SUM | 0xff0000UL,              // type 255
      PROCESS_VM_REDUCE_BAND | PROCESS_VM_REDUCE_F32,  // bitwise on float
      PROCESS_VM_REDUCE_BOR | PROCESS_VM_REDUCE_F64,
      PROCESS_VM_REDUCE_BXOR | PROCESS_VM_REDUCE_F64,
      PROCESS_VM_REDUCE_SUM | PROCESS_VM_REDUCE_U32 | 1UL,  // a low bit besides
      PROCESS_VM_REDUCE_SUM | PROCESS_VM_REDUCE_U32 | 1UL << 24,
      PROCESS_VM_REDUCE_SUM | PROCESS_VM_REDUCE_U32 | 1UL << 63,
      0x80000000UL,
      ~0UL,
  };
  for (unsigned long flags : bad) {
    CallResult r = raw_reduce(dir, target.pid(), {iov_at(local.data(), local.size())},
                              {iov_at(base, local.size())}, flags);
    EXPECT_EQ(r.rc, -1) << std::hex << flags;
    EXPECT_EQ(r.err, EINVAL) << std::hex << flags;
    CallResult z = raw_reduce(dir, ::getpid(), {}, {}, flags);
    EXPECT_EQ(z.err, EINVAL) << "zero-length, flags " << std::hex << flags;
  }
  EXPECT_EQ(local, local_before);
  EXPECT_EQ(as_bytes(target.dump(base, remote.size())), remote);
}

// Every nonzero-length iovec must be aligned to the element size in address and length, on both
// sides: -1/EINVAL otherwise (an element would straddle an iovec edge or a page boundary), with
// nothing changed. The same call aligned works.
TEST_P(ReduceErrors, MisalignedIovecsAreEinval) {
  const Dir dir = GetParam();
  const std::size_t ps = page_size();
  std::vector<std::byte> remote = reduce_data(ReduceType::f64, 2 * ps / 8, 11);
  TargetProcess target(bytes_region(remote, 2));
  const std::uintptr_t base = target.info().addr[0];
  std::vector<std::byte> local = reduce_data(ReduceType::f64, 64, 12);
  const std::vector<std::byte> local_before = local;
  std::byte* l = local.data();
  struct Case {
    std::vector<iovec> local, remote;
    const char* what;
  };
  const std::vector<Case> cases = {
      {{iov_at(l + 4, 64)}, {iov_at(base, 64)}, "local address"},
      {{iov_at(l, 60)}, {iov_at(base, 60)}, "both lengths"},
      {{iov_at(l, 64)}, {iov_at(base + 4, 64)}, "remote address"},
      {{iov_at(l, 64)}, {iov_at(base + ps - 4, 64)}, "element across a remote page boundary"},
      {{iov_at(l, 64)}, {iov_at(base, 20), iov_at(base + 24, 44)}, "remote lengths"},
      {{iov_at(l, 12), iov_at(l + 16, 52)}, {iov_at(base, 64)}, "local lengths"},
      {{iov_at(l, 64), iov_at(l + 65, 8)}, {iov_at(base, 72)}, "a later local iovec"},
  };
  for (const Case& c : cases) {
    CallResult r = raw_reduce(dir, target.pid(), c.local, c.remote, kSumF64);
    EXPECT_EQ(r.rc, -1) << c.what;
    EXPECT_EQ(r.err, EINVAL) << c.what;
  }
  // f32 has 4-byte elements: the same misaligned-for-f64 addresses are fine.
  CallResult ok = raw_reduce(dir, target.pid(), {iov_at(l + 4, 60)}, {iov_at(base + ps - 4, 60)},
                             ReduceOp::sum, ReduceType::f32);
  EXPECT_EQ(ok.err, 0);
  EXPECT_EQ(ok.rc, 60);
  // Zero-length iovecs are ignored, whatever their address.
  CallResult zero = raw_reduce(dir, target.pid(), {iov_at(l + 1, 0), iov_at(l, 8)},
                               {iov_at(base + 3, 0), iov_at(base, 8)}, kSumF64);
  EXPECT_EQ(zero.err, 0);
  EXPECT_EQ(zero.rc, 8);
}

// More than IOV_MAX iovecs: -1/EINVAL, as for the copy.
TEST_P(ReduceErrors, MoreThanIovMaxIovecsIsEinval) {
  std::vector<std::byte> remote = reduce_data(ReduceType::u32, 8, 13);
  TargetProcess target(bytes_region(remote, 1));
  std::vector<std::byte> local(4 * (IOV_MAX + 1));
  std::vector<iovec> many;
  for (std::size_t i = 0; i <= IOV_MAX; ++i) many.push_back(iov_at(local.data() + 4 * i, 4));
  std::vector<iovec> one{iov_at(target.info().addr[0], 4)};
  const unsigned long flags = reduce_flags(ReduceOp::sum, ReduceType::u32);
  CallResult r = raw_reduce(GetParam(), target.pid(), many, one, flags);
  EXPECT_EQ(r.err, EINVAL);
  CallResult r2 = raw_reduce(GetParam(), target.pid(), {iov_at(local.data(), 4)}, many, flags);
  EXPECT_EQ(r2.err, EINVAL);
}

// An exited process, reaped or still a zombie: ESRCH, as for the copy.
TEST_P(ReduceErrors, ExitedProcessIsEsrchAsForTheCopy) {
  const Dir dir = GetParam();
  double buf[8] = {};
  std::vector<iovec> local{iov_at(buf, sizeof buf)}, remote{iov_at(buf, sizeof buf)};
  for (bool zombie : {true, false}) {
    SCOPED_TRACE(zombie ? "zombie" : "reaped");
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(0);
    siginfo_t info{};
    ASSERT_EQ(::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT), 0);
    if (!zombie) {
      ASSERT_EQ(::waitpid(pid, nullptr, 0), pid);
      ASSERT_EQ(::kill(pid, 0), -1);
    }
    CallResult red = raw_reduce(dir, pid, local, remote, kSumF64);
    CallResult copy =
        dir == Dir::read ? raw_readv(pid, local, remote) : raw_writev(pid, local, remote);
    if (zombie) ::waitpid(pid, nullptr, 0);
    EXPECT_EQ(red.rc, -1);
    EXPECT_EQ(red.err, ESRCH);
    EXPECT_EQ(copy.err, ESRCH);
  }
}

// Target setup: switch to `uid` (when it differs from ours), set the dumpable flag, allow any
// ptracer in case Yama is active, then one page of f64 data.
TargetSetup target_as(uid_t uid, bool dumpable, const std::vector<std::byte>& data) {
  return [=](TargetInfo& info) {
    if (uid != ::geteuid()) {
      if (int err = become_user(uid); err != 0) return err;
    }
    if (::prctl(PR_SET_DUMPABLE, dumpable ? 1 : 0) != 0) return errno;
    ::prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY);
    return bytes_region(data, 1)(info);
  };
}

// From an unprivileged caller ('nobody'): the reduce and the copy of the same arguments get the
// same answer, EPERM for a target of another uid and for a non-dumpable target of the same uid, and
// success for a dumpable target of the same uid.
TEST_P(ReduceErrors, PermissionsAreThoseOfTheCopy) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run processes of other uids";
  const Dir dir = GetParam();
  std::vector<std::byte> data = reduce_data(ReduceType::f64, 32, 14);
  struct Case {
    uid_t uid;
    bool dumpable;
    long want_err;
  };
  std::vector<Case> cases = {{kNobody - 1, true, EPERM}, {kNobody, false, EPERM}};
  auto scope = kernel::yama_ptrace_scope();
  if (!scope || *scope < 2) cases.push_back({kNobody, true, 0});
  for (const Case& c : cases) {
    SCOPED_TRACE("target uid " + std::to_string(c.uid) + (c.dumpable ? " dumpable" : ""));
    TargetProcess target(target_as(c.uid, c.dumpable, data));
    const pid_t pid = target.pid();
    const std::uintptr_t addr = target.info().addr[0];
    ProbeResults res = run_as_user(kNobody, [&](ProbeResults& out) {
      std::vector<double> buf(32, 2.0);
      std::vector<iovec> local{iov_at(buf.data(), 256)}, remote{iov_at(addr, 256)};
      CallResult red = raw_reduce(dir, pid, local, remote, kSumF64);
      CallResult copy =
          dir == Dir::read ? raw_readv(pid, local, remote) : raw_writev(pid, local, remote);
      out = {red.rc, red.err, copy.rc, copy.err};
    });
    EXPECT_EQ(res[1], c.want_err);
    EXPECT_EQ(res[3], c.want_err) << "the copy";
    EXPECT_EQ(res[0], c.want_err ? -1 : 256);
    EXPECT_EQ(res[2], c.want_err ? -1 : 256);
  }
}

INSTANTIATE_TEST_SUITE_P(Both, ReduceErrors, ::testing::Values(Dir::read, Dir::write),
                         [](const auto& param_info) {
                           return std::string(to_string(param_info.param));
                         });

}  // namespace
}  // namespace crossmem::conformance
