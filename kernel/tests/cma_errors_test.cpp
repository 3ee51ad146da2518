// The errors process_vm_readv/writev report: EFAULT for unmapped or inaccessible addresses on
// either side, ESRCH for a process that has exited, EINVAL for nonzero flags and too many iovecs.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <vector>

#include "crossmem/kernel/cma.hpp"
#include "support/checks.hpp"
#include "support/child_io.hpp"
#include "support/fixtures.hpp"
#include "support/local_pages.hpp"
#include "support/pattern.hpp"
#include "support/target_process.hpp"

namespace crossmem::conformance {
namespace {

using kernel::cma_read_all;
using kernel::cma_write_all;

constexpr unsigned kSeed = 23;
constexpr unsigned char kUntouched = 0x5a;

using CmaErrors = CmaTest;

// Forks a child that exits at once. Reaps it in the destructor unless reap() did.
class ExitedChild {
 public:
  ExitedChild() {
    pid_ = ::fork();
    if (pid_ == 0) ::_exit(0);
  }
  ExitedChild(const ExitedChild&) = delete;
  ExitedChild& operator=(const ExitedChild&) = delete;
  ~ExitedChild() {
    if (pid_ > 0 && !reaped_) reap_child(pid_, 0);
  }
  pid_t pid() const { return pid_; }
  // Waits until the child has exited but leaves it a zombie. Returns false on failure.
  bool wait_zombie() const {
    siginfo_t info{};
    return ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOWAIT) == 0 &&
           info.si_pid == pid_;
  }
  bool reap() {
    int status = 0;
    reaped_ = ::waitpid(pid_, &status, 0) == pid_;
    return reaped_ && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
};

// A remote range that is wholly unmapped (a hole left by munmap, and address 0) gives -1/EFAULT for
// both directions, and nothing is copied into the local buffer.
TEST_F(CmaErrors, UnmappedRemoteAddressIsEfault) {
  TargetProcess target(pattern_region(2, kSeed, 1));
  const std::uintptr_t hole = target.info().addr[1];
  ASSERT_NE(hole, 0u);
  std::vector<unsigned char> buf(256, kUntouched);
  std::vector<iovec> local{iov_at(buf.data(), buf.size())};

  for (std::uintptr_t addr : {hole, hole + 100, std::uintptr_t{0}}) {
    std::vector<iovec> remote{iov_at(addr, buf.size())};
    CallResult r = raw_readv(target.pid(), local, remote);
    EXPECT_EQ(r.rc, -1) << std::hex << addr;
    EXPECT_EQ(r.err, EFAULT) << std::hex << addr;
    CallResult w = raw_writev(target.pid(), local, remote);
    EXPECT_EQ(w.rc, -1) << std::hex << addr;
    EXPECT_EQ(w.err, EFAULT) << std::hex << addr;
  }
  for (unsigned char c : buf) ASSERT_EQ(c, kUntouched);
}

// A local buffer that is an unmapped page of the caller, or an iovec array that is itself not
// readable, gives -1/EFAULT.
TEST_F(CmaErrors, BadLocalAddressIsEfault) {
  const std::size_t ps = page_size();
  TargetProcess target(pattern_region(1, kSeed));
  LocalPages local(2);
  unsigned char* hole = local.data() + ps;
  // Everything that allocates comes before the unmap, so no new mapping can fill the hole.
  std::vector<iovec> bad_local{iov_at(hole, 128)};
  std::vector<iovec> remote{iov_at(target.info().addr[0], 128)};
  local.unmap_from(1);

  CallResult r = raw_readv(target.pid(), bad_local, remote);
  EXPECT_EQ(r.rc, -1);
  EXPECT_EQ(r.err, EFAULT);
  CallResult w = raw_writev(target.pid(), bad_local, remote);
  EXPECT_EQ(w.rc, -1);
  EXPECT_EQ(w.err, EFAULT);
  EXPECT_EQ(target.dump(target.info().addr[0], 128), pattern_bytes(kSeed, 0, 128));

  unsigned char buf[128];
  iovec good_local = iov_at(buf, sizeof buf);
  const auto* bad_vec = reinterpret_cast<const iovec*>(hole);
  errno = 0;
  EXPECT_EQ(::process_vm_readv(target.pid(), bad_vec, 1, remote.data(), 1, 0), -1);
  EXPECT_EQ(errno, EFAULT);
  errno = 0;
  EXPECT_EQ(::process_vm_readv(target.pid(), &good_local, 1, bad_vec, 1, 0), -1);
  EXPECT_EQ(errno, EFAULT);

  EXPECT_EQ(system_error_code([&] { cma_read_all(target.pid(), bad_local, remote); }), EFAULT);
}

// Memory the target cannot access itself is out of reach: writing a read-only page and reading a
// PROT_NONE page give -1/EFAULT (CMA has no ptrace-style force override).
TEST_F(CmaErrors, ProtectedRemotePageIsEfault) {
  const std::size_t ps = page_size();
  TargetProcess target([ps](TargetInfo& info) {
    void* p = ::mmap(nullptr, 2 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return errno;
    fill_pattern(p, 2 * ps, kSeed);
    auto* second = static_cast<char*>(p) + ps;
    if (::mprotect(p, ps, PROT_READ) != 0 || ::mprotect(second, ps, PROT_NONE) != 0) return errno;
    info.addr[0] = reinterpret_cast<std::uintptr_t>(p);
    info.addr[1] = reinterpret_cast<std::uintptr_t>(second);
    return 0;
  });
  std::vector<unsigned char> buf(64, kUntouched);
  std::vector<iovec> local{iov_at(buf.data(), buf.size())};

  CallResult w = raw_writev(target.pid(), local, {iov_at(target.info().addr[0], buf.size())});
  EXPECT_EQ(w.rc, -1);
  EXPECT_EQ(w.err, EFAULT);
  CallResult r = raw_readv(target.pid(), local, {iov_at(target.info().addr[1], buf.size())});
  EXPECT_EQ(r.rc, -1);
  EXPECT_EQ(r.err, EFAULT);
  for (unsigned char c : buf) ASSERT_EQ(c, kUntouched);

  // The read-only page itself is readable, and kept its contents.
  CallResult ok = raw_readv(target.pid(), local, {iov_at(target.info().addr[0], buf.size())});
  EXPECT_EQ(ok.rc, static_cast<long>(buf.size()));
  EXPECT_EQ(buf, pattern_bytes(kSeed, 0, buf.size()));
}

// A process that has exited and been reaped: both calls fail with ESRCH, and the wrapper throws
// SystemError(ESRCH).
TEST_F(CmaErrors, ReapedPidIsEsrch) {
  ExitedChild child;
  ASSERT_GT(child.pid(), 0);
  ASSERT_TRUE(child.reap());
  // The pid must not have been handed to a new process in between.
  int alive = ::kill(child.pid(), 0);
  int kill_err = errno;
  ASSERT_EQ(alive, -1);
  ASSERT_EQ(kill_err, ESRCH);

  unsigned char buf[64] = {};
  std::vector<iovec> local{iov_at(buf, sizeof buf)};
  std::vector<iovec> remote{iov_at(buf, sizeof buf)};  // the child had the same address space
  CallResult r = raw_readv(child.pid(), local, remote);
  EXPECT_EQ(r.rc, -1);
  EXPECT_EQ(r.err, ESRCH);
  CallResult w = raw_writev(child.pid(), local, remote);
  EXPECT_EQ(w.rc, -1);
  EXPECT_EQ(w.err, ESRCH);
  EXPECT_EQ(system_error_code([&] { cma_read_all(child.pid(), local, remote); }), ESRCH);
  EXPECT_EQ(system_error_code([&] { cma_write_all(child.pid(), local, remote); }), ESRCH);
}

// A process that has exited but is not yet reaped (a zombie: the pid exists, the memory is gone)
// also gives ESRCH.
TEST_F(CmaErrors, ZombiePidIsEsrch) {
  ExitedChild child;
  ASSERT_GT(child.pid(), 0);
  ASSERT_TRUE(child.wait_zombie());

  unsigned char buf[64] = {};
  std::vector<iovec> local{iov_at(buf, sizeof buf)};
  std::vector<iovec> remote{iov_at(buf, sizeof buf)};
  CallResult r = raw_readv(child.pid(), local, remote);
  EXPECT_EQ(r.rc, -1);
  EXPECT_EQ(r.err, ESRCH);
  CallResult w = raw_writev(child.pid(), local, remote);
  EXPECT_EQ(w.rc, -1);
  EXPECT_EQ(w.err, ESRCH);
  EXPECT_TRUE(child.reap());
}

// Any nonzero flags value gives -1/EINVAL, and nothing is copied; flags == 0 with the same
// arguments works.
TEST_F(CmaErrors, NonzeroFlagsIsEinval) {
  TargetProcess target(pattern_region(1, kSeed));
  std::vector<unsigned char> buf(64, kUntouched);
  std::vector<iovec> local{iov_at(buf.data(), buf.size())};
  std::vector<iovec> remote{iov_at(target.info().addr[0], buf.size())};

  for (unsigned long flags : {1UL, 2UL, 0x80000000UL, ~0UL}) {
    CallResult r = raw_readv(target.pid(), local, remote, flags);
    EXPECT_EQ(r.rc, -1) << flags;
    EXPECT_EQ(r.err, EINVAL) << flags;
    CallResult w = raw_writev(target.pid(), local, remote, flags);
    EXPECT_EQ(w.rc, -1) << flags;
    EXPECT_EQ(w.err, EINVAL) << flags;
  }
  for (unsigned char c : buf) ASSERT_EQ(c, kUntouched);
  EXPECT_EQ(target.dump(target.info().addr[0], buf.size()), pattern_bytes(kSeed, 0, buf.size()));

  CallResult ok = raw_readv(target.pid(), local, remote, 0);
  EXPECT_EQ(ok.rc, static_cast<long>(buf.size()));
  EXPECT_EQ(buf, pattern_bytes(kSeed, 0, buf.size()));
}

// liovcnt or riovcnt above IOV_MAX gives -1/EINVAL; exactly IOV_MAX is accepted and moves every
// byte.
TEST_F(CmaErrors, MoreThanIovMaxIovecsIsEinval) {
  constexpr std::size_t kMax = IOV_MAX;
  TargetProcess target(pattern_region(1, kSeed));
  const std::uintptr_t base = target.info().addr[0];
  std::vector<unsigned char> buf(kMax + 1, kUntouched);

  // kMax + 1 one-byte pieces against one piece of the same total length, on each side.
  std::vector<iovec> pieces_local, pieces_remote;
  for (std::size_t i = 0; i <= kMax; ++i) {
    pieces_local.push_back(iov_at(buf.data() + i, 1));
    pieces_remote.push_back(iov_at(base + i, 1));
  }
  std::vector<iovec> whole_local{iov_at(buf.data(), kMax + 1)};
  std::vector<iovec> whole_remote{iov_at(base, kMax + 1)};

  CallResult r = raw_readv(target.pid(), pieces_local, whole_remote);
  EXPECT_EQ(r.rc, -1);
  EXPECT_EQ(r.err, EINVAL);
  r = raw_readv(target.pid(), whole_local, pieces_remote);
  EXPECT_EQ(r.rc, -1);
  EXPECT_EQ(r.err, EINVAL);
  CallResult w = raw_writev(target.pid(), pieces_local, whole_remote);
  EXPECT_EQ(w.rc, -1);
  EXPECT_EQ(w.err, EINVAL);
  w = raw_writev(target.pid(), whole_local, pieces_remote);
  EXPECT_EQ(w.rc, -1);
  EXPECT_EQ(w.err, EINVAL);
  for (unsigned char c : buf) ASSERT_EQ(c, kUntouched);

  pieces_local.pop_back();
  pieces_remote.pop_back();
  std::vector<iovec> max_local{iov_at(buf.data(), kMax)};
  std::vector<iovec> max_remote{iov_at(base, kMax)};
  EXPECT_EQ(raw_readv(target.pid(), pieces_local, max_remote).rc, static_cast<long>(kMax));
  std::fill(buf.begin(), buf.end(), kUntouched);
  EXPECT_EQ(raw_readv(target.pid(), max_local, pieces_remote).rc, static_cast<long>(kMax));
  EXPECT_EQ(std::vector<unsigned char>(buf.begin(), buf.begin() + static_cast<long>(kMax)),
            pattern_bytes(kSeed, 0, kMax));
  EXPECT_EQ(buf[kMax], kUntouched);
}

}  // namespace
}  // namespace crossmem::conformance
