// Partial transfers: a process_vm_readv/writev whose range runs into an unmapped page moves the
// bytes before the page and returns their count; the *_all wrappers must turn that into an error.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/uio.h>

#include <cerrno>
#include <vector>

#include "crossmem/kernel/cma.hpp"
#include "support/checks.hpp"
#include "support/fixtures.hpp"
#include "support/local_pages.hpp"
#include "support/pattern.hpp"
#include "support/target_process.hpp"

namespace crossmem::conformance {
namespace {

using kernel::cma_read_all;
using kernel::cma_write_all;

constexpr unsigned kSeed = 11;
constexpr std::size_t kStart = 1000;  // offset of the transfer in the first page
constexpr unsigned char kUntouched = 0xa5;

using CmaPartial = CmaTest;

// A remote range from inside a mapped page across into an unmapped one: process_vm_readv returns
// exactly the bytes up to the hole, copies them correctly and leaves the rest of the local buffer
// alone.
TEST_F(CmaPartial, ReadStopsAtUnmappedRemotePage) {
  const std::size_t ps = page_size();
  TargetProcess target(pattern_region(2, kSeed, 1));
  std::vector<unsigned char> buf(2 * ps, kUntouched);
  const std::size_t want = 2 * ps - kStart;

  CallResult r = raw_readv(target.pid(), {iov_at(buf.data(), want)},
                           {iov_at(target.info().addr[0] + kStart, want)});
  ASSERT_EQ(r.err, 0);
  ASSERT_EQ(r.rc, static_cast<long>(ps - kStart));
  std::vector<unsigned char> got(buf.begin(), buf.begin() + static_cast<long>(ps - kStart));
  EXPECT_EQ(got, pattern_bytes(kSeed, kStart, ps - kStart));
  for (std::size_t i = ps - kStart; i < buf.size(); ++i) ASSERT_EQ(buf[i], kUntouched) << i;
}

// Same for process_vm_writev: the bytes before the hole land in the target, the count says so.
TEST_F(CmaPartial, WriteStopsAtUnmappedRemotePage) {
  const std::size_t ps = page_size();
  TargetProcess target(pattern_region(2, kSeed, 1));
  const std::size_t want = 2 * ps - kStart;
  std::vector<unsigned char> src = pattern_bytes(kSeed + 1, 0, want);

  CallResult r = raw_writev(target.pid(), {iov_at(src.data(), want)},
                            {iov_at(target.info().addr[0] + kStart, want)});
  ASSERT_EQ(r.err, 0);
  ASSERT_EQ(r.rc, static_cast<long>(ps - kStart));
  std::vector<unsigned char> expect = pattern_bytes(kSeed, 0, kStart);
  expect.insert(expect.end(), src.begin(), src.begin() + static_cast<long>(ps - kStart));
  EXPECT_EQ(target.dump(target.info().addr[0], ps), expect);
}

// With several remote iovecs the transfer stops at the first one that faults: a valid iovec after
// it is not copied, and the count covers only the iovecs before.
TEST_F(CmaPartial, ReadStopsAtFirstFaultingRemoteIovec) {
  const std::size_t ps = page_size();
  TargetProcess target([ps](TargetInfo& info) {
    void* p = ::mmap(nullptr, 3 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return errno;
    fill_pattern(p, 3 * ps, kSeed);
    if (::munmap(static_cast<char*>(p) + ps, ps) != 0) return errno;
    info.addr[0] = reinterpret_cast<std::uintptr_t>(p);
    return 0;
  });
  const std::uintptr_t base = target.info().addr[0];
  std::vector<unsigned char> buf(300, kUntouched);

  CallResult r = raw_readv(
      target.pid(), {iov_at(buf.data(), buf.size())},
      {iov_at(base + 10, 100), iov_at(base + ps + 10, 100), iov_at(base + 2 * ps + 10, 100)});
  ASSERT_EQ(r.err, 0);
  ASSERT_EQ(r.rc, 100);
  EXPECT_EQ(std::vector<unsigned char>(buf.begin(), buf.begin() + 100),
            pattern_bytes(kSeed, 10, 100));
  for (std::size_t i = 100; i < buf.size(); ++i) ASSERT_EQ(buf[i], kUntouched) << i;
}

// The local side faults too: a local buffer that runs into an unmapped page of the caller gives a
// short count, never more than the bytes before the hole, and those bytes are right.
TEST_F(CmaPartial, ReadStopsAtUnmappedLocalPage) {
  const std::size_t ps = page_size();
  TargetProcess target(pattern_region(2, kSeed));
  LocalPages local(2);
  const std::size_t want = 2 * ps - kStart;
  std::vector<iovec> local_iov{iov_at(local.data() + kStart, want)};
  std::vector<iovec> remote_iov{iov_at(target.info().addr[0], want)};
  local.unmap_from(1);

  CallResult r = raw_readv(target.pid(), local_iov, remote_iov);
  ASSERT_EQ(r.err, 0);
  ASSERT_GT(r.rc, 0);
  ASSERT_LE(r.rc, static_cast<long>(ps - kStart));
  auto n = static_cast<std::size_t>(r.rc);
  EXPECT_EQ(std::vector<unsigned char>(local.data() + kStart, local.data() + kStart + n),
            pattern_bytes(kSeed, 0, n));
  RecordProperty("local_partial_bytes", static_cast<int>(n));
}

// The wrappers promise all bytes or an exception: across an unmapped remote page, cma_read_all and
// cma_write_all make the partial call (its bytes arrive), retry at the hole, and throw
// SystemError(EFAULT).
TEST_F(CmaPartial, WrappersThrowEfaultAtUnmappedRemotePage) {
  const std::size_t ps = page_size();
  TargetProcess target(pattern_region(2, kSeed, 1));
  const std::size_t want = 2 * ps - kStart;
  std::vector<unsigned char> buf(want);
  std::vector<iovec> local{iov_at(buf.data(), want)};
  std::vector<iovec> remote{iov_at(target.info().addr[0] + kStart, want)};

  EXPECT_EQ(system_error_code([&] { cma_read_all(target.pid(), local, remote); }), EFAULT);
  EXPECT_EQ(std::vector<unsigned char>(buf.begin(), buf.begin() + static_cast<long>(ps - kStart)),
            pattern_bytes(kSeed, kStart, ps - kStart));
  EXPECT_EQ(system_error_code([&] { cma_write_all(target.pid(), local, remote); }), EFAULT);
}

}  // namespace
}  // namespace crossmem::conformance
