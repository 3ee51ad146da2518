// The /proc/PID/mem counterparts of the CMA checks: short reads and writes at an unmapped page, EIO
// inside one, and end-of-file once the process has exited.
#include "crossmem/kernel/proc_mem.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "crossmem/kernel/fd.hpp"
#include "support/checks.hpp"
#include "support/fixtures.hpp"
#include "support/pattern.hpp"
#include "support/target_process.hpp"

namespace crossmem::conformance {
namespace {

using kernel::ProcMem;

constexpr unsigned kSeed = 67;
constexpr std::size_t kStart = 1000;
constexpr unsigned char kUntouched = 0x99;

using ProcMemConformance = ProcMemTest;

// /proc/PID/mem opened with `flags`, closed on destruction; err holds open's errno when it failed.
struct Fd {
  Fd(pid_t pid, int flags) {
    std::string path = "/proc/" + std::to_string(pid) + "/mem";
    owned.reset(::open(path.c_str(), flags | O_CLOEXEC));
    fd = owned.get();
    err = fd < 0 ? errno : 0;
  }
  kernel::UniqueFd owned;
  int fd = -1;
  int err = 0;
};

CallResult raw_pread(int fd, void* buf, std::size_t len, std::uintptr_t addr) {
  errno = 0;
  ssize_t rc = ::pread(fd, buf, len, static_cast<off_t>(addr));
  return {rc, rc < 0 ? errno : 0};
}

CallResult raw_pwrite(int fd, const void* buf, std::size_t len, std::uintptr_t addr) {
  errno = 0;
  ssize_t rc = ::pwrite(fd, buf, len, static_cast<off_t>(addr));
  return {rc, rc < 0 ? errno : 0};
}

// A pread that runs from a mapped page into an unmapped one returns the bytes before the hole (a
// short read); one that starts inside the hole fails with EIO; ProcMem::read over the first range
// throws SystemError(EIO) after its short read.
TEST_F(ProcMemConformance, ReadAcrossUnmappedPageIsShort) {
  const std::size_t ps = page_size();
  TargetProcess target(pattern_region(2, kSeed, 1));
  const std::uintptr_t base = target.info().addr[0];
  Fd mem(target.pid(), O_RDONLY);
  ASSERT_EQ(mem.err, 0);
  const std::size_t want = 2 * ps - kStart;
  std::vector<unsigned char> buf(want, kUntouched);

  CallResult r = raw_pread(mem.fd, buf.data(), want, base + kStart);
  ASSERT_EQ(r.err, 0);
  ASSERT_EQ(r.rc, static_cast<long>(ps - kStart));
  EXPECT_EQ(std::vector<unsigned char>(buf.begin(), buf.begin() + r.rc),
            pattern_bytes(kSeed, kStart, ps - kStart));
  for (std::size_t i = ps - kStart; i < buf.size(); ++i) ASSERT_EQ(buf[i], kUntouched) << i;

  r = raw_pread(mem.fd, buf.data(), 100, target.info().addr[1]);
  EXPECT_EQ(r.rc, -1);
  EXPECT_EQ(r.err, EIO);

  ProcMem pm(target.pid(), false);
  EXPECT_EQ(system_error_code([&] { pm.read(buf.data(), base + kStart, want); }), EIO);
}

// The same for pwrite: a short write up to the hole (the bytes land), EIO inside it.
TEST_F(ProcMemConformance, WriteAcrossUnmappedPageIsShort) {
  const std::size_t ps = page_size();
  TargetProcess target(pattern_region(2, kSeed, 1));
  const std::uintptr_t base = target.info().addr[0];
  Fd mem(target.pid(), O_RDWR);
  ASSERT_EQ(mem.err, 0);
  const std::size_t want = 2 * ps - kStart;
  const std::vector<unsigned char> src = pattern_bytes(kSeed + 1, 0, want);

  CallResult w = raw_pwrite(mem.fd, src.data(), want, base + kStart);
  ASSERT_EQ(w.err, 0);
  ASSERT_EQ(w.rc, static_cast<long>(ps - kStart));
  std::vector<unsigned char> expect = pattern_bytes(kSeed, 0, kStart);
  expect.insert(expect.end(), src.begin(), src.begin() + static_cast<long>(ps - kStart));
  EXPECT_EQ(target.dump(base, ps), expect);

  w = raw_pwrite(mem.fd, src.data(), 100, target.info().addr[1]);
  EXPECT_EQ(w.rc, -1);
  EXPECT_EQ(w.err, EIO);

  ProcMem pm(target.pid(), true);
  EXPECT_EQ(system_error_code([&] { pm.write(src.data(), base + kStart, want); }), EIO);
}

// A /proc/PID/mem opened while the process lived reads as end-of-file (0 bytes) once it has exited,
// both as a zombie and after it was reaped; ProcMem::read turns that into SystemError(ESRCH).
// Opening /proc/PID/mem of the reaped pid fails with ENOENT. A zombie's mem file, if it opens at
// all, reads 0 bytes.
TEST_F(ProcMemConformance, ExitedProcessReadsEndOfFile) {
  TargetProcess target(pattern_region(1, kSeed));
  const std::uintptr_t base = target.info().addr[0];
  const pid_t pid = target.pid();
  Fd mem(pid, O_RDONLY);
  ASSERT_EQ(mem.err, 0);
  ProcMem pm(pid, false);
  std::vector<unsigned char> buf(64, kUntouched);
  ASSERT_EQ(raw_pread(mem.fd, buf.data(), buf.size(), base).rc, 64);
  ASSERT_EQ(buf, pattern_bytes(kSeed, 0, 64));

  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  siginfo_t info{};
  ASSERT_EQ(::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT), 0);
  CallResult zombie = raw_pread(mem.fd, buf.data(), buf.size(), base);
  EXPECT_EQ(zombie.err, 0);
  EXPECT_EQ(zombie.rc, 0);
  {
    Fd late(pid, O_RDONLY);
    if (late.fd >= 0) {
      CallResult r = raw_pread(late.fd, buf.data(), buf.size(), base);
      EXPECT_EQ(r.rc, 0) << "errno " << r.err;
    }
    RecordProperty("zombie_open_errno", late.err);
  }

  target.stop();
  int alive = ::kill(pid, 0);
  int kill_err = errno;
  ASSERT_EQ(alive, -1);
  ASSERT_EQ(kill_err, ESRCH);
  CallResult reaped = raw_pread(mem.fd, buf.data(), buf.size(), base);
  EXPECT_EQ(reaped.err, 0);
  EXPECT_EQ(reaped.rc, 0);
  EXPECT_EQ(system_error_code([&] { pm.read(buf.data(), base, buf.size()); }), ESRCH);
  EXPECT_EQ(system_error_code([&] { ProcMem reopened(pid, false); }), ENOENT);
}

}  // namespace
}  // namespace crossmem::conformance
