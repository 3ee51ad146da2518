// How process_vm_readv/writev walk iovec lists: zero-length entries, local and remote lists cut at
// different places, and lists longer than one call accepts (the wrappers must split them).
#include <gtest/gtest.h>
#include <sys/uio.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <vector>

#include "crossmem/kernel/cma.hpp"
#include "support/checks.hpp"
#include "support/fixtures.hpp"
#include "support/pattern.hpp"
#include "support/target_process.hpp"

namespace crossmem::conformance {
namespace {

using kernel::cma_read_all;
using kernel::cma_write_all;

constexpr unsigned char kUntouched = 0x3c;

using CmaZeroLength = CmaTest;
using CmaLayout = CmaTest;
using CmaSplit = CmaTest;

// A piece of the target region: offset from its base and length.
struct Piece {
  std::size_t offset;
  std::size_t len;
};

std::vector<iovec> remote_iovecs(std::uintptr_t base, const std::vector<Piece>& pieces) {
  std::vector<iovec> out;
  for (const Piece& p : pieces) out.push_back(iov_at(base + p.offset, p.len));
  return out;
}

// The bytes a read of `pieces` from a region filled with pattern `seed` delivers, in order.
std::vector<unsigned char> pattern_of(unsigned seed, const std::vector<Piece>& pieces) {
  std::vector<unsigned char> out;
  for (const Piece& p : pieces) {
    auto part = pattern_bytes(seed, p.offset, p.len);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

// The region filled with pattern `seed` after `stream` was written over `pieces`, in order.
std::vector<unsigned char> region_after_write(unsigned seed, std::size_t region_len,
                                              const std::vector<Piece>& pieces,
                                              const std::vector<unsigned char>& stream) {
  std::vector<unsigned char> out = pattern_bytes(seed, 0, region_len);
  std::size_t at = 0;
  for (const Piece& p : pieces) {
    std::copy_n(stream.begin() + static_cast<long>(at), p.len,
                out.begin() + static_cast<long>(p.offset));
    at += p.len;
  }
  return out;
}

// Local buffers, one per length, each prefilled with kUntouched.
struct LocalPieces {
  explicit LocalPieces(const std::vector<std::size_t>& lens) {
    for (std::size_t len : lens) bufs.emplace_back(len, kUntouched);
    for (auto& b : bufs) iovs.push_back(iov_at(b.data(), b.size()));
  }
  std::vector<unsigned char> joined() const {
    std::vector<unsigned char> out;
    for (const auto& b : bufs) out.insert(out.end(), b.begin(), b.end());
    return out;
  }
  void fill(const std::vector<unsigned char>& stream) {
    std::size_t at = 0;
    for (auto& b : bufs) {
      std::copy_n(stream.begin() + static_cast<long>(at), b.size(), b.begin());
      at += b.size();
    }
  }
  std::vector<std::vector<unsigned char>> bufs;
  std::vector<iovec> iovs;
};

// Nothing to move: no iovecs, or only zero-length ones on either side, returns 0 and touches
// nothing; the wrappers return 0 after no system call at all.
TEST_F(CmaZeroLength, AllZeroLengthReturnsZero) {
  constexpr unsigned kSeed = 31;
  TargetProcess target(pattern_region(1, kSeed));
  const std::uintptr_t base = target.info().addr[0];
  std::vector<unsigned char> buf(64, kUntouched);
  std::vector<iovec> zero_local{iov_at(buf.data(), 0), iov_at(buf.data() + 8, 0)};
  std::vector<iovec> zero_remote{iov_at(base, 0), iov_at(base + 8, 0), iov_at(base + 16, 0)};
  std::vector<iovec> full_remote{iov_at(base, buf.size())};

  EXPECT_EQ(raw_readv(target.pid(), {}, {}).rc, 0);
  EXPECT_EQ(raw_writev(target.pid(), {}, {}).rc, 0);
  EXPECT_EQ(raw_readv(target.pid(), zero_local, zero_remote).rc, 0);
  EXPECT_EQ(raw_writev(target.pid(), zero_local, zero_remote).rc, 0);
  EXPECT_EQ(raw_readv(target.pid(), zero_local, full_remote).rc, 0);
  EXPECT_EQ(raw_writev(target.pid(), zero_local, full_remote).rc, 0);
  for (unsigned char c : buf) ASSERT_EQ(c, kUntouched);
  EXPECT_EQ(target.dump(base, buf.size()), pattern_bytes(kSeed, 0, buf.size()));

  std::size_t calls = 99;
  EXPECT_EQ(cma_read_all(target.pid(), zero_local, zero_remote, &calls), 0u);
  EXPECT_EQ(calls, 0u);
  calls = 99;
  EXPECT_EQ(cma_write_all(target.pid(), {}, {}, &calls), 0u);
  EXPECT_EQ(calls, 0u);
}

// Zero-length entries mixed in on both sides (with null bases) are skipped: the bytes of the other
// entries arrive in order and the count is their sum; same through the wrappers.
TEST_F(CmaZeroLength, ZeroLengthEntriesAreSkipped) {
  constexpr unsigned kSeed = 37;
  TargetProcess target(pattern_region(1, kSeed));
  const std::uintptr_t base = target.info().addr[0];
  std::vector<unsigned char> buf(40, kUntouched);
  std::vector<iovec> local{iov_at(nullptr, 0), iov_at(buf.data(), 10),      iov_at(nullptr, 0),
                           iov_at(nullptr, 0), iov_at(buf.data() + 10, 20), iov_at(nullptr, 0)};
  constexpr std::uintptr_t kNull = 0;
  std::vector<iovec> remote{iov_at(kNull, 0), iov_at(base + 100, 5), iov_at(kNull, 0),
                            iov_at(base + 300, 25), iov_at(kNull, 0)};
  const std::vector<Piece> pieces{{100, 5}, {300, 25}};
  const std::vector<unsigned char> expect = pattern_of(kSeed, pieces);

  CallResult r = raw_readv(target.pid(), local, remote);
  ASSERT_EQ(r.err, 0);
  EXPECT_EQ(r.rc, 30);
  EXPECT_EQ(std::vector<unsigned char>(buf.begin(), buf.begin() + 30), expect);
  for (std::size_t i = 30; i < buf.size(); ++i) ASSERT_EQ(buf[i], kUntouched);

  std::fill(buf.begin(), buf.end(), kUntouched);
  std::size_t calls = 0;
  EXPECT_EQ(cma_read_all(target.pid(), local, remote, &calls), 30u);
  EXPECT_EQ(calls, 1u);
  EXPECT_EQ(std::vector<unsigned char>(buf.begin(), buf.begin() + 30), expect);

  const std::vector<unsigned char> stream = pattern_bytes(kSeed + 1, 0, 30);
  std::copy(stream.begin(), stream.end(), buf.begin());
  EXPECT_EQ(cma_write_all(target.pid(), local, remote, &calls), 30u);
  EXPECT_EQ(calls, 1u);
  EXPECT_EQ(target.dump(base, 400), region_after_write(kSeed, 400, pieces, stream));
}

// Three local pieces against five remote pieces of other sizes, scattered and out of order (one
// crosses a page boundary): the raw calls and the wrappers deliver the remote pieces, concatenated,
// into the local pieces, concatenated.
TEST_F(CmaLayout, UnequalLayoutsRead) {
  constexpr unsigned kSeed = 41;
  const std::size_t ps = page_size();
  TargetProcess target(pattern_region(4, kSeed));
  const std::vector<Piece> pieces{{3 * ps + 100, 900},
                                  {50, 1200},
                                  {2 * ps - 300, 600},
                                  {ps + 2000, 333},
                                  {2 * ps + 1000, 1467}};
  const std::vector<std::size_t> local_lens{1000, 2700, 800};
  std::vector<iovec> remote = remote_iovecs(target.info().addr[0], pieces);
  const std::vector<unsigned char> expect = pattern_of(kSeed, pieces);
  ASSERT_EQ(expect.size(), 4500u);

  LocalPieces raw(local_lens);
  CallResult r = raw_readv(target.pid(), raw.iovs, remote);
  ASSERT_EQ(r.err, 0);
  EXPECT_EQ(r.rc, 4500);
  EXPECT_EQ(raw.joined(), expect);

  LocalPieces wrapped(local_lens);
  std::size_t calls = 0;
  EXPECT_EQ(cma_read_all(target.pid(), wrapped.iovs, remote, &calls), 4500u);
  EXPECT_EQ(calls, 1u);
  EXPECT_EQ(wrapped.joined(), expect);
}

// The same layouts for writes: each remote piece receives its slice of the local stream, and the
// bytes between the pieces keep their old contents.
TEST_F(CmaLayout, UnequalLayoutsWrite) {
  constexpr unsigned kSeed = 43;
  const std::size_t ps = page_size();
  const std::vector<Piece> pieces{{3 * ps + 100, 900},
                                  {50, 1200},
                                  {2 * ps - 300, 600},
                                  {ps + 2000, 333},
                                  {2 * ps + 1000, 1467}};
  const std::vector<std::size_t> local_lens{1000, 2700, 800};

  {
    TargetProcess target(pattern_region(4, kSeed));
    LocalPieces local(local_lens);
    const std::vector<unsigned char> stream = pattern_bytes(kSeed + 1, 0, 4500);
    local.fill(stream);
    CallResult w =
        raw_writev(target.pid(), local.iovs, remote_iovecs(target.info().addr[0], pieces));
    ASSERT_EQ(w.err, 0);
    EXPECT_EQ(w.rc, 4500);
    EXPECT_EQ(target.dump(target.info().addr[0], 4 * ps),
              region_after_write(kSeed, 4 * ps, pieces, stream));
  }
  {
    TargetProcess target(pattern_region(4, kSeed));
    LocalPieces local(local_lens);
    const std::vector<unsigned char> stream = pattern_bytes(kSeed + 2, 0, 4500);
    local.fill(stream);
    std::size_t calls = 0;
    EXPECT_EQ(cma_write_all(target.pid(), local.iovs, remote_iovecs(target.info().addr[0], pieces),
                            &calls),
              4500u);
    EXPECT_EQ(calls, 1u);
    EXPECT_EQ(target.dump(target.info().addr[0], 4 * ps),
              region_after_write(kSeed, 4 * ps, pieces, stream));
  }
}

// Unequal totals in a raw call: the transfer ends with the shorter side, and the count says how
// much moved.
TEST_F(CmaLayout, UnequalTotalsStopAtTheShorterSide) {
  constexpr unsigned kSeed = 47;
  TargetProcess target(pattern_region(1, kSeed));
  const std::uintptr_t base = target.info().addr[0];
  std::vector<unsigned char> buf(300, kUntouched);

  CallResult r = raw_readv(target.pid(), {iov_at(buf.data(), 100)}, {iov_at(base, 300)});
  EXPECT_EQ(r.rc, 100);
  EXPECT_EQ(std::vector<unsigned char>(buf.begin(), buf.begin() + 100),
            pattern_bytes(kSeed, 0, 100));
  EXPECT_EQ(buf[100], kUntouched);

  std::fill(buf.begin(), buf.end(), kUntouched);
  r = raw_readv(target.pid(), {iov_at(buf.data(), 300)},
                {iov_at(base + 7, 60), iov_at(base + 500, 40)});
  EXPECT_EQ(r.rc, 100);
  EXPECT_EQ(std::vector<unsigned char>(buf.begin(), buf.begin() + 100),
            pattern_of(kSeed, {{7, 60}, {500, 40}}));
  for (std::size_t i = 100; i < buf.size(); ++i) ASSERT_EQ(buf[i], kUntouched);
}

// A remote list longer than IOV_MAX cannot go in one call: cma_read_all splits it into several
// calls (at least ceil(n / IOV_MAX)) and every byte arrives in order.
TEST_F(CmaSplit, ReadAllSplitsRemoteListLongerThanIovMax) {
  constexpr unsigned kSeed = 53;
  constexpr std::size_t kPieces = 2 * IOV_MAX + 7, kLen = 24, kStride = 40;
  const std::size_t ps = page_size();
  TargetProcess target(pattern_region(kPieces * kStride / ps + 1, kSeed));
  std::vector<Piece> pieces;
  for (std::size_t i = 0; i < kPieces; ++i) pieces.push_back({i * kStride + 3, kLen});
  std::vector<unsigned char> buf(kPieces * kLen, kUntouched);
  std::vector<iovec> local{iov_at(buf.data(), buf.size())};

  std::size_t calls = 0;
  EXPECT_EQ(cma_read_all(target.pid(), local, remote_iovecs(target.info().addr[0], pieces), &calls),
            buf.size());
  EXPECT_GT(calls, 1u);
  EXPECT_GE(calls, (kPieces + IOV_MAX - 1) / IOV_MAX);
  EXPECT_EQ(buf, pattern_of(kSeed, pieces));
  RecordProperty("calls", static_cast<int>(calls));
}

// A local list longer than IOV_MAX, written with cma_write_all: split into several calls, and the
// target holds every piece in order.
TEST_F(CmaSplit, WriteAllSplitsLocalListLongerThanIovMax) {
  constexpr unsigned kSeed = 59;
  constexpr std::size_t kPieces = 3 * IOV_MAX + 1, kLen = 8;
  const std::size_t ps = page_size();
  const std::size_t total = kPieces * kLen;
  TargetProcess target(pattern_region(total / ps + 2, kSeed));
  std::vector<unsigned char> stream = pattern_bytes(kSeed + 1, 0, total);
  std::vector<iovec> local;
  for (std::size_t i = 0; i < kPieces; ++i) local.push_back(iov_at(stream.data() + i * kLen, kLen));
  const std::uintptr_t base = target.info().addr[0];
  const std::vector<Piece> whole{{5, total}};

  std::size_t calls = 0;
  EXPECT_EQ(cma_write_all(target.pid(), local, remote_iovecs(base, whole), &calls), total);
  EXPECT_GT(calls, 1u);
  EXPECT_GE(calls, (kPieces + IOV_MAX - 1) / IOV_MAX);
  EXPECT_EQ(target.dump(base, total + 10), region_after_write(kSeed, total + 10, whole, stream));
  RecordProperty("calls", static_cast<int>(calls));
}

}  // namespace
}  // namespace crossmem::conformance
