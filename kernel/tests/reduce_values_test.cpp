// What the reduce flags compute: every op x type in both directions against the user-space
// reference (kernel::reduce_reference), NaN and infinities, independence from the caller's own
// floating-point mode, and iovec layouts with elements at page boundaries and iovec edges.
#include <gtest/gtest.h>
#include <sys/uio.h>
#include <xmmintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "support/checks.hpp"
#include "support/reduce_data.hpp"
#include "support/target_process.hpp"

namespace crossmem::conformance {
namespace {

using kernel::element_size;
using kernel::kReduceOps;
using kernel::kReduceTypes;
using kernel::reduce_defined;
using kernel::reduce_reference;

// Byte ranges (offset, length): local ones in a local buffer, remote ones in the target's mapping.
using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;

struct Layout {
  std::size_t local_size = 0;
  Ranges local;
  std::size_t remote_pages = 0;
  Ranges remote;
};

std::vector<std::byte> gather(const std::vector<std::byte>& buf, const Ranges& ranges) {
  std::vector<std::byte> out;
  for (auto [off, len] : ranges) {
    auto first = buf.begin() + static_cast<long>(off);
    out.insert(out.end(), first, first + static_cast<long>(len));
  }
  return out;
}

void scatter(std::vector<std::byte>& buf, const Ranges& ranges,
             const std::vector<std::byte>& stream, std::size_t n) {
  std::size_t pos = 0;
  for (auto [off, len] : ranges) {
    std::size_t take = std::min(len, n - pos);
    std::copy_n(stream.begin() + static_cast<long>(pos), take,
                buf.begin() + static_cast<long>(off));
    pos += take;
    if (pos == n) return;
  }
}

// One call of `dir` with `layout`; checks the return value, the reduced side against the
// reference (bytes outside the iovecs untouched), and the other side unchanged.
void check_layout(Dir dir, ReduceOp op, ReduceType type, const Layout& layout, unsigned seed) {
  SCOPED_TRACE(std::string(to_string(dir)) + " " + std::string(kernel::to_string(op)) + "/" +
               std::string(kernel::to_string(type)));
  const std::size_t ps = page_size();
  const std::size_t es = element_size(type);
  std::vector<std::byte> local = reduce_data(type, layout.local_size / es, seed);
  std::vector<std::byte> remote = reduce_data(type, layout.remote_pages * ps / es, seed + 1);
  TargetProcess target(bytes_region(remote, layout.remote_pages));
  const std::uintptr_t base = target.info().addr[0];

  std::vector<iovec> liov, riov;
  for (auto [off, len] : layout.local) liov.push_back(iov_at(local.data() + off, len));
  for (auto [off, len] : layout.remote) riov.push_back(iov_at(base + off, len));
  std::vector<std::byte> lstream = gather(local, layout.local);
  std::vector<std::byte> rstream = gather(remote, layout.remote);
  const std::size_t n = std::min(lstream.size(), rstream.size());

  std::vector<std::byte> want_local = local, want_remote = remote;
  if (dir == Dir::read) {
    std::vector<std::byte> acc(lstream.begin(), lstream.begin() + static_cast<long>(n));
    reduce_reference(acc, std::span(rstream).first(n), op, type);
    scatter(want_local, layout.local, acc, n);
  } else {
    std::vector<std::byte> acc(rstream.begin(), rstream.begin() + static_cast<long>(n));
    reduce_reference(acc, std::span(lstream).first(n), op, type);
    scatter(want_remote, layout.remote, acc, n);
  }

  CallResult r = raw_reduce(dir, target.pid(), liov, riov, op, type);
  ASSERT_EQ(r.err, 0);
  ASSERT_EQ(r.rc, static_cast<long>(n));
  EXPECT_TRUE(same_elements(local, want_local, type)) << "local side";
  EXPECT_TRUE(same_elements(as_bytes(target.dump(base, remote.size())), want_remote, type))
      << "remote side";
}

class ReduceValues : public ReduceDirTest {};

// Every op on every type it is defined on, one iovec each side: a remote range that starts three
// elements before the end of a page and spans two page boundaries, a local one at a different
// alignment within its buffer.
TEST_P(ReduceValues, EveryOpAndTypeMatchesTheReference) {
  const std::size_t ps = page_size();
  unsigned seed = 1;
  for (ReduceType type : kReduceTypes) {
    const std::size_t es = element_size(type);
    const std::size_t len = 2 * ps + 8 * es;
    Layout layout{len + 16 * es, {{5 * es, len}}, 4, {{ps - 3 * es, len}}};
    for (ReduceOp op : kReduceOps) {
      if (!reduce_defined(op, type)) continue;
      check_layout(GetParam(), op, type, layout, seed++);
    }
  }
}

// Many iovecs on both sides, split differently, with zero-length iovecs (even misaligned ones,
// which are ignored) in between: elements sit at iovec edges, at both sides of page boundaries,
// and at the first and last slot of a page.
TEST_P(ReduceValues, IovecLayoutsWithElementsAtPageAndIovecEdges) {
  const std::size_t ps = page_size();
  unsigned seed = 100;
  for (ReduceType type : {ReduceType::f64, ReduceType::f32, ReduceType::i32, ReduceType::u64}) {
    const std::size_t es = element_size(type);
    Layout layout;
    layout.local_size = 3 * ps;
    layout.local = {{0, es},           {es + 1, 0},       {2 * es, 3 * es},
                    {ps - es, 2 * es}, {ps + es, 7 * es}, {2 * ps - 4 * es, 4 * es},
                    {2 * ps, 11 * es}};
    layout.remote_pages = 4;
    layout.remote = {{ps - es, es},         {ps, 2 * es},     {3, 0}, {2 * ps - 2 * es, 4 * es},
                     {3 * ps - es, 9 * es}, {5 * es, 13 * es}};
    check_layout(GetParam(), ReduceOp::sum, type, layout, seed++);
    check_layout(GetParam(), ReduceOp::max, type, layout, seed++);
  }
}

// Unequal totals: the call reduces as many elements as the shorter side holds, like the copy.
TEST_P(ReduceValues, ShorterSideBoundsTheCount) {
  const std::size_t ps = page_size();
  Layout short_local{64, {{8, 24}}, 1, {{0, 200}}};
  check_layout(GetParam(), ReduceOp::sum, ReduceType::i64, short_local, 7);
  Layout short_remote{ps, {{0, 400}}, 1, {{ps - 16, 16}}};
  check_layout(GetParam(), ReduceOp::min, ReduceType::f64, short_remote, 8);
}

// More remote pages than one pinning batch (1024 pages of struct page pointers), so the kernel
// loops over batches within one iovec.
TEST_P(ReduceValues, RemoteRangeLongerThanOnePinningBatch) {
  const std::size_t ps = page_size();
  const std::size_t len = 1030 * ps;
  Layout layout{len + 8, {{8, len}}, 1031, {{ps / 2, len}}};
  check_layout(GetParam(), ReduceOp::sum, ReduceType::f64, layout, 9);
  check_layout(GetParam(), ReduceOp::bxor, ReduceType::u32, layout, 10);
}

INSTANTIATE_TEST_SUITE_P(Both, ReduceValues, ::testing::Values(Dir::read, Dir::write),
                         [](const auto& param_info) {
                           return std::string(to_string(param_info.param));
                         });

// --- Floating-point special values, with literal expectations -----------------------------------

template <class T>
struct FloatCase {
  T dst, src, sum, min, max;
};

template <class T>
std::vector<FloatCase<T>> float_cases() {
  const T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const T tiny = std::numeric_limits<T>::denorm_min();
  const T big = std::numeric_limits<T>::max();
  return {
      {nan, T(1), nan, nan, nan},          {T(1), nan, nan, nan, nan},
      {nan, nan, nan, nan, nan},           {inf, -inf, nan, -inf, inf},
      {inf, T(1), inf, T(1), inf},         {-inf, T(-1), -inf, -inf, T(-1)},
      {nan, inf, nan, nan, nan},           {-inf, nan, nan, nan, nan},
      {big, big, inf, big, big},           {-big, -big, -inf, -big, -big},
      {T(0), -T(0), T(0), T(0), T(0)},     {-T(0), T(0), T(0), -T(0), -T(0)},
      {-T(0), -T(0), -T(0), -T(0), -T(0)}, {tiny, tiny, 2 * tiny, tiny, tiny},
      {T(2), T(1), T(3), T(1), T(2)},      {T(1), T(2), T(3), T(1), T(2)},
  };
}

template <class T>
bool same_value(T got, T want) {
  if (std::isnan(want)) return std::isnan(got);
  return got == want && std::signbit(got) == std::signbit(want);
}

template <class T>
void check_float_cases(Dir dir, ReduceType type) {
  const auto cases = float_cases<T>();
  const std::size_t bytes = cases.size() * sizeof(T);
  for (ReduceOp op : {ReduceOp::sum, ReduceOp::min, ReduceOp::max}) {
    SCOPED_TRACE(std::string(to_string(dir)) + " " + std::string(kernel::to_string(op)) + "/" +
                 std::string(kernel::to_string(type)));
    std::vector<T> dst, src;
    for (const auto& c : cases) {
      dst.push_back(c.dst);
      src.push_back(c.src);
    }
    // The destination is the local side for readv, the remote side for writev.
    std::vector<std::byte> dst_bytes(bytes), src_bytes(bytes);
    std::memcpy(dst_bytes.data(), dst.data(), bytes);
    std::memcpy(src_bytes.data(), src.data(), bytes);
    std::vector<std::byte> local = dir == Dir::read ? dst_bytes : src_bytes;
    TargetProcess target(bytes_region(dir == Dir::read ? src_bytes : dst_bytes, 1));
    const std::uintptr_t base = target.info().addr[0];
    CallResult r = raw_reduce(dir, target.pid(), {iov_at(local.data(), bytes)},
                              {iov_at(base, bytes)}, op, type);
    ASSERT_EQ(r.err, 0);
    ASSERT_EQ(r.rc, static_cast<long>(bytes));
    std::vector<std::byte> out = dir == Dir::read ? local : as_bytes(target.dump(base, bytes));
    for (std::size_t i = 0; i < cases.size(); ++i) {
      T got;
      std::memcpy(&got, out.data() + i * sizeof(T), sizeof(T));
      const auto& c = cases[i];
      T want = op == ReduceOp::sum ? c.sum : op == ReduceOp::min ? c.min : c.max;
      EXPECT_TRUE(same_value(got, want)) << "case " << i << ": dst " << c.dst << " src " << c.src
                                         << " gave " << got << ", want " << want;
    }
  }
}

class ReduceFloat : public ReduceDirTest {};

TEST_P(ReduceFloat, NanInfinitiesZerosAndSubnormals) {
  check_float_cases<float>(GetParam(), ReduceType::f32);
  check_float_cases<double>(GetParam(), ReduceType::f64);
}

// The kernel reduces in the default floating-point environment whatever the caller's: with
// flush-to-zero, denormals-are-zero and rounding upward set in this thread's MXCSR, subnormals
// still add exactly and 1 + 2^-60 still rounds to nearest.
TEST_P(ReduceFloat, CallerFloatingPointModeDoesNotMatter) {
  const double tiny = std::numeric_limits<double>::denorm_min();
  const double small = std::ldexp(1.0, -60);
  std::vector<double> dst{tiny, 1.0, 1.0}, src{tiny, small, -small};
  const std::vector<double> want{2 * tiny, 1.0, 1.0};
  const std::size_t bytes = dst.size() * sizeof(double);
  std::vector<std::byte> dst_bytes(bytes), src_bytes(bytes);
  std::memcpy(dst_bytes.data(), dst.data(), bytes);
  std::memcpy(src_bytes.data(), src.data(), bytes);
  const Dir dir = GetParam();
  std::vector<std::byte> local = dir == Dir::read ? dst_bytes : src_bytes;
  TargetProcess target(bytes_region(dir == Dir::read ? src_bytes : dst_bytes, 1));
  const std::uintptr_t base = target.info().addr[0];
  std::vector<iovec> liov{iov_at(local.data(), bytes)}, riov{iov_at(base, bytes)};
  const unsigned long flags = kernel::reduce_flags(ReduceOp::sum, ReduceType::f64);

  const unsigned saved = _mm_getcsr();
  _mm_setcsr((saved & ~0x6000u) | 0x8000u | 0x0040u | 0x4000u);  // FTZ, DAZ, round up
  CallResult r = raw_reduce(dir, target.pid(), liov, riov, flags);
  _mm_setcsr(saved);

  ASSERT_EQ(r.err, 0);
  ASSERT_EQ(r.rc, static_cast<long>(bytes));
  std::vector<std::byte> out = dir == Dir::read ? local : as_bytes(target.dump(base, bytes));
  std::vector<double> got(dst.size());
  std::memcpy(got.data(), out.data(), bytes);
  EXPECT_EQ(got, want);
}

INSTANTIATE_TEST_SUITE_P(Both, ReduceFloat, ::testing::Values(Dir::read, Dir::write),
                         [](const auto& param_info) {
                           return std::string(to_string(param_info.param));
                         });

}  // namespace
}  // namespace crossmem::conformance
