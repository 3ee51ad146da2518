// The reduce API on the host: the flags encoding of the ABI header, names, which op/type pairs
// exist, the user-space reference arithmetic (overflow, NaN, infinities, signed zeros), and the
// probe's answer on a kernel without the reduce patch.
#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "crossmem/error.hpp"
#include "crossmem/kernel/probe.hpp"
#include "crossmem/kernel/reduce.hpp"
#include "crossmem/uapi/process_vm_reduce.h"

namespace crossmem::kernel {
namespace {

bool bitwise(ReduceOp op) {
  return op == ReduceOp::band || op == ReduceOp::bor || op == ReduceOp::bxor;
}
bool floating(ReduceType type) {
  return type == ReduceType::f32 || type == ReduceType::f64;
}

// Calls f(op, type) for every op and type of the ABI, defined together or not.
template <class F>
void for_each_op_and_type(F f) {
  for (ReduceOp op : kReduceOps) {
    for (ReduceType type : kReduceTypes) f(op, type);
  }
}

TEST(ReduceFlags, OpAndTypeSitInTheirOwnBitsClearOfTheLowByte) {
  std::set<unsigned long> seen;
  for_each_op_and_type([&seen](ReduceOp op, ReduceType type) {
    if (!reduce_defined(op, type)) return;
    unsigned long flags = reduce_flags(op, type);
    EXPECT_EQ(flags & 0xffUL, 0UL) << to_string(op) << "/" << to_string(type);
    EXPECT_EQ(flags & ~(PROCESS_VM_REDUCE_OP_MASK | PROCESS_VM_REDUCE_TYPE_MASK), 0UL);
    EXPECT_NE(flags & PROCESS_VM_REDUCE_OP_MASK, 0UL);
    EXPECT_NE(flags & PROCESS_VM_REDUCE_TYPE_MASK, 0UL);
    EXPECT_TRUE(seen.insert(flags).second) << "flags not unique: " << flags;
  });
  EXPECT_EQ(seen.size(), 30u);
  EXPECT_EQ(PROCESS_VM_REDUCE_OP_MASK, 0xff00UL);
  EXPECT_EQ(PROCESS_VM_REDUCE_TYPE_MASK, 0xff0000UL);
}

TEST(ReduceFlags, MatchTheHeaderConstants) {
  struct Row {
    ReduceOp op;
    ReduceType type;
    unsigned long flags;
  };
  for (const Row& r :
       {Row{ReduceOp::sum, ReduceType::f64, PROCESS_VM_REDUCE_SUM | PROCESS_VM_REDUCE_F64},
        Row{ReduceOp::min, ReduceType::i32, PROCESS_VM_REDUCE_MIN | PROCESS_VM_REDUCE_I32},
        Row{ReduceOp::max, ReduceType::u64, PROCESS_VM_REDUCE_MAX | PROCESS_VM_REDUCE_U64},
        Row{ReduceOp::band, ReduceType::u32, PROCESS_VM_REDUCE_BAND | PROCESS_VM_REDUCE_U32},
        Row{ReduceOp::bor, ReduceType::i64, PROCESS_VM_REDUCE_BOR | PROCESS_VM_REDUCE_I64},
        Row{ReduceOp::bxor, ReduceType::i32, PROCESS_VM_REDUCE_BXOR | PROCESS_VM_REDUCE_I32},
        Row{ReduceOp::sum, ReduceType::f32, PROCESS_VM_REDUCE_SUM | PROCESS_VM_REDUCE_F32}}) {
    EXPECT_EQ(reduce_flags(r.op, r.type), r.flags) << to_string(r.op) << "/" << to_string(r.type);
  }
  // The field values the header documents.
  EXPECT_EQ(PROCESS_VM_REDUCE_SUM, 1UL << 8);
  EXPECT_EQ(PROCESS_VM_REDUCE_BXOR, 6UL << 8);
  EXPECT_EQ(PROCESS_VM_REDUCE_I32, 1UL << 16);
  EXPECT_EQ(PROCESS_VM_REDUCE_F64, 6UL << 16);
}

TEST(ReduceFlags, UndefinedPairsThrowInvalidInput) {
  for (ReduceOp op : {ReduceOp::band, ReduceOp::bor, ReduceOp::bxor}) {
    for (ReduceType type : {ReduceType::f32, ReduceType::f64}) {
      EXPECT_THROW(reduce_flags(op, type), InvalidInput);
      EXPECT_THROW(reduce_readv(::getpid(), nullptr, 0, nullptr, 0, op, type), InvalidInput);
      EXPECT_THROW(reduce_writev(::getpid(), nullptr, 0, nullptr, 0, op, type), InvalidInput);
    }
  }
}

TEST(ReduceDefined, BitwiseOpsOnlyOnIntegerTypes) {
  int defined = 0;
  for_each_op_and_type([&defined](ReduceOp op, ReduceType type) {
    bool expect = !(bitwise(op) && floating(type));
    EXPECT_EQ(reduce_defined(op, type), expect) << to_string(op) << "/" << to_string(type);
    defined += reduce_defined(op, type) ? 1 : 0;
  });
  EXPECT_EQ(defined, 30);
  EXPECT_FALSE(reduce_defined(static_cast<ReduceOp>(6), ReduceType::i32));
  EXPECT_FALSE(reduce_defined(ReduceOp::sum, static_cast<ReduceType>(6)));
}

TEST(ReduceNames, RoundTripAndRejectOthers) {
  std::vector<std::string> ops, types;
  for (ReduceOp op : kReduceOps) {
    ops.emplace_back(to_string(op));
    EXPECT_EQ(parse_reduce_op(to_string(op)), op);
  }
  for (ReduceType type : kReduceTypes) {
    types.emplace_back(to_string(type));
    EXPECT_EQ(parse_reduce_type(to_string(type)), type);
  }
  EXPECT_EQ(ops, (std::vector<std::string>{"sum", "min", "max", "band", "bor", "bxor"}));
  EXPECT_EQ(types, (std::vector<std::string>{"i32", "u32", "i64", "u64", "f32", "f64"}));
  for (const char* bad : {"", "SUM", "sum ", "prod", "and", "f16", "i8", "double"}) {
    EXPECT_FALSE(parse_reduce_op(bad)) << bad;
    EXPECT_FALSE(parse_reduce_type(bad)) << bad;
  }
}

TEST(ReduceNames, ElementSizes) {
  EXPECT_EQ(element_size(ReduceType::i32), 4u);
  EXPECT_EQ(element_size(ReduceType::u32), 4u);
  EXPECT_EQ(element_size(ReduceType::f32), 4u);
  EXPECT_EQ(element_size(ReduceType::i64), 8u);
  EXPECT_EQ(element_size(ReduceType::u64), 8u);
  EXPECT_EQ(element_size(ReduceType::f64), 8u);
}

// --- The reference arithmetic against an independent formulation -------------------------------

template <class T>
std::vector<std::byte> bytes_of(const std::vector<T>& v) {
  std::vector<std::byte> out(v.size() * sizeof(T));
  std::memcpy(out.data(), v.data(), out.size());
  return out;
}

template <class T>
std::vector<T> values_of(const std::vector<std::byte>& b) {
  std::vector<T> out(b.size() / sizeof(T));
  std::memcpy(out.data(), b.data(), b.size());
  return out;
}

// Accumulator and source operands: every pair of `edge` values, then 1000 pairs of draw(rng).
template <class T, class Rng, class Draw>
std::pair<std::vector<T>, std::vector<T>> operands(const std::vector<T>& edge, Rng rng, Draw draw) {
  std::vector<T> acc, src;
  for (T a : edge) {
    for (T s : edge) {
      acc.push_back(a);
      src.push_back(s);
    }
  }
  for (int i = 0; i < 1000; ++i) {
    acc.push_back(draw(rng));
    src.push_back(draw(rng));
  }
  return {acc, src};
}

template <class T>
std::vector<T> reduced(std::vector<T> acc, const std::vector<T>& src, ReduceOp op,
                       ReduceType type) {
  auto a = bytes_of(acc);
  auto s = bytes_of(src);
  reduce_reference(a, s, op, type);
  return values_of<T>(a);
}

// Integer expectations computed in 128-bit arithmetic, reduced modulo 2^N.
template <class T>
T int_expected(T a, T s, ReduceOp op) {
  using W = __int128;
  constexpr int bits = 8 * static_cast<int>(sizeof(T));
  const unsigned __int128 mask = (static_cast<unsigned __int128>(1) << bits) - 1;
  auto wrap = [&](W x) {
    auto u = static_cast<unsigned __int128>(x) & mask;
    using U = std::make_unsigned_t<T>;
    return std::bit_cast<T>(static_cast<U>(u));
  };
  switch (op) {
    case ReduceOp::sum:
      return wrap(static_cast<W>(a) + static_cast<W>(s));
    case ReduceOp::min:
      return static_cast<W>(s) < static_cast<W>(a) ? s : a;
    case ReduceOp::max:
      return static_cast<W>(s) > static_cast<W>(a) ? s : a;
    case ReduceOp::band:
      return wrap(static_cast<W>(a) & static_cast<W>(s));
    case ReduceOp::bor:
      return wrap(static_cast<W>(a) | static_cast<W>(s));
    case ReduceOp::bxor:
      return wrap(static_cast<W>(a) ^ static_cast<W>(s));
  }
  return a;
}

template <class T>
void check_integer_type(ReduceType type) {
  using L = std::numeric_limits<T>;
  std::vector<T> edge = {0,
                         1,
                         2,
                         static_cast<T>(-1),
                         L::max(),
                         L::min(),
                         static_cast<T>(L::max() - 1),
                         static_cast<T>(L::min() + 1)};
  auto [acc, src] = operands(edge, std::mt19937_64(7),
                             [](std::mt19937_64& rng) { return static_cast<T>(rng()); });
  for (ReduceOp op : kReduceOps) {
    auto got = reduced(acc, src, op, type);
    ASSERT_EQ(got.size(), acc.size());
    for (std::size_t i = 0; i < acc.size(); ++i) {
      ASSERT_EQ(got[i], int_expected(acc[i], src[i], op))
          << to_string(op) << "/" << to_string(type) << " acc=" << +acc[i] << " src=" << +src[i];
    }
  }
}

TEST(ReduceReference, I32) {
  check_integer_type<std::int32_t>(ReduceType::i32);
}
TEST(ReduceReference, U32) {
  check_integer_type<std::uint32_t>(ReduceType::u32);
}
TEST(ReduceReference, I64) {
  check_integer_type<std::int64_t>(ReduceType::i64);
}
TEST(ReduceReference, U64) {
  check_integer_type<std::uint64_t>(ReduceType::u64);
}

TEST(ReduceReference, IntegerSumWrapsAndMinMaxFollowTheSign) {
  EXPECT_EQ(reduced<std::int32_t>({INT32_MAX}, {1}, ReduceOp::sum, ReduceType::i32)[0], INT32_MIN);
  EXPECT_EQ(reduced<std::uint32_t>({UINT32_MAX}, {2}, ReduceOp::sum, ReduceType::u32)[0], 1u);
  EXPECT_EQ(reduced<std::int64_t>({INT64_MIN}, {-1}, ReduceOp::sum, ReduceType::i64)[0], INT64_MAX);
  EXPECT_EQ(reduced<std::int32_t>({1}, {-1}, ReduceOp::min, ReduceType::i32)[0], -1);
  EXPECT_EQ(reduced<std::uint32_t>({1}, {0xffffffffu}, ReduceOp::min, ReduceType::u32)[0], 1u);
  EXPECT_EQ(reduced<std::int64_t>({-5}, {3}, ReduceOp::max, ReduceType::i64)[0], 3);
  EXPECT_EQ(reduced<std::uint64_t>({5}, {UINT64_MAX}, ReduceOp::max, ReduceType::u64)[0],
            UINT64_MAX);
  EXPECT_EQ(reduced<std::uint32_t>({0xf0f0u}, {0xff00u}, ReduceOp::band, ReduceType::u32)[0],
            0xf000u);
  EXPECT_EQ(reduced<std::uint32_t>({0xf0f0u}, {0xff00u}, ReduceOp::bor, ReduceType::u32)[0],
            0xfff0u);
  EXPECT_EQ(reduced<std::uint32_t>({0xf0f0u}, {0xff00u}, ReduceOp::bxor, ReduceType::u32)[0],
            0x0ff0u);
}

// Float expectations: a NaN anywhere gives NaN; otherwise the comparisons of the header.
template <class T>
T float_expected(T a, T s, ReduceOp op) {
  const T nan = std::numeric_limits<T>::quiet_NaN();
  switch (op) {
    case ReduceOp::sum:
      return a + s;
    case ReduceOp::min:
      if (std::isnan(a) || std::isnan(s)) return nan;
      return s < a ? s : a;
    case ReduceOp::max:
      if (std::isnan(a) || std::isnan(s)) return nan;
      return s > a ? s : a;
    default:
      break;
  }
  return a;
}

// Same value, or both NaN; zeros must agree in sign too.
template <class T>
bool same_float(T x, T y) {
  if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
  return x == y && std::signbit(x) == std::signbit(y);
}

template <class T>
void check_float_type(ReduceType type) {
  using L = std::numeric_limits<T>;
  std::vector<T> edge = {
      T(0),          -T(0),          T(1),           T(-1),           T(1.5),
      L::max(),      L::lowest(),    L::min(),       L::denorm_min(), -L::denorm_min(),
      L::infinity(), -L::infinity(), L::quiet_NaN(), -L::quiet_NaN(), L::signaling_NaN()};
  std::uniform_real_distribution<T> dist(T(-1e6), T(1e6));
  auto [acc, src] =
      operands(edge, std::mt19937(11), [&dist](std::mt19937& rng) { return dist(rng); });
  for (ReduceOp op : {ReduceOp::sum, ReduceOp::min, ReduceOp::max}) {
    auto got = reduced(acc, src, op, type);
    for (std::size_t i = 0; i < acc.size(); ++i) {
      ASSERT_TRUE(same_float(got[i], float_expected(acc[i], src[i], op)))
          << to_string(op) << "/" << to_string(type) << " acc=" << acc[i] << " src=" << src[i]
          << " got=" << got[i];
    }
  }
}

TEST(ReduceReference, F32) {
  check_float_type<float>(ReduceType::f32);
}
TEST(ReduceReference, F64) {
  check_float_type<double>(ReduceType::f64);
}

TEST(ReduceReference, NanAndInfinityRules) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto f64 = [](double a, double s, ReduceOp op) {
    return reduced<double>({a}, {s}, op, ReduceType::f64)[0];
  };
  EXPECT_EQ(f64(inf, 1, ReduceOp::sum), inf);
  EXPECT_EQ(f64(-inf, -1e308, ReduceOp::sum), -inf);
  EXPECT_EQ(f64(1e308, 1e308, ReduceOp::sum), inf);
  EXPECT_TRUE(std::isnan(f64(inf, -inf, ReduceOp::sum)));
  EXPECT_TRUE(std::isnan(f64(nan, 1, ReduceOp::sum)));
  EXPECT_TRUE(std::isnan(f64(1, nan, ReduceOp::sum)));
  EXPECT_TRUE(std::isnan(f64(nan, 1, ReduceOp::min)));
  EXPECT_TRUE(std::isnan(f64(1, nan, ReduceOp::min)));
  EXPECT_TRUE(std::isnan(f64(nan, -inf, ReduceOp::max)));
  EXPECT_TRUE(std::isnan(f64(inf, nan, ReduceOp::max)));
  EXPECT_EQ(f64(-inf, 3, ReduceOp::max), 3);
  EXPECT_EQ(f64(inf, 3, ReduceOp::min), 3);
  EXPECT_EQ(f64(2, 1, ReduceOp::min), 1);
  EXPECT_EQ(f64(1, 2, ReduceOp::min), 1);
  // Equal values and zeros of opposite sign: the destination's value stays.
  EXPECT_FALSE(std::signbit(f64(0.0, -0.0, ReduceOp::min)));
  EXPECT_TRUE(std::signbit(f64(-0.0, 0.0, ReduceOp::min)));
  EXPECT_FALSE(std::signbit(f64(0.0, -0.0, ReduceOp::max)));
  EXPECT_TRUE(std::signbit(f64(-0.0, 0.0, ReduceOp::max)));
  // No flush-to-zero: subnormals add exactly.
  const double tiny = std::numeric_limits<double>::denorm_min();
  EXPECT_EQ(f64(tiny, tiny, ReduceOp::sum), 2 * tiny);
  const float ftiny = std::numeric_limits<float>::denorm_min();
  EXPECT_EQ(reduced<float>({ftiny}, {ftiny}, ReduceOp::sum, ReduceType::f32)[0], 2 * ftiny);
  EXPECT_EQ(reduced<float>({16777216.0f}, {1.0f}, ReduceOp::sum, ReduceType::f32)[0],
            16777216.0f);  // rounded to nearest even in single precision
}

TEST(ReduceReference, AcceptsAnyAlignment) {
  std::vector<std::byte> acc(8 * 5 + 3), src(8 * 5 + 5);
  for (std::size_t i = 0; i < 5; ++i) {
    double a = static_cast<double>(i), s = 10.0 * static_cast<double>(i);
    std::memcpy(acc.data() + 3 + 8 * i, &a, 8);
    std::memcpy(src.data() + 5 + 8 * i, &s, 8);
  }
  reduce_reference(std::span(acc).subspan(3, 40), std::span<const std::byte>(src).subspan(5, 40),
                   ReduceOp::sum, ReduceType::f64);
  for (std::size_t i = 0; i < 5; ++i) {
    double got;
    std::memcpy(&got, acc.data() + 3 + 8 * i, 8);
    EXPECT_EQ(got, 11.0 * static_cast<double>(i));
  }
}

TEST(ReduceReference, RejectsBadSizesAndUndefinedPairs) {
  std::vector<std::byte> a(16), b(16), c(8), odd(12);
  EXPECT_THROW(reduce_reference(a, c, ReduceOp::sum, ReduceType::i64), InvalidInput);
  EXPECT_THROW(reduce_reference(odd, odd, ReduceOp::sum, ReduceType::u64), InvalidInput);
  EXPECT_NO_THROW(reduce_reference(odd, odd, ReduceOp::sum, ReduceType::u32));
  EXPECT_THROW(reduce_reference(a, b, ReduceOp::bxor, ReduceType::f64), InvalidInput);
  EXPECT_NO_THROW(reduce_reference({}, {}, ReduceOp::max, ReduceType::f32));
}

// --- The probe ---------------------------------------------------------------------------------

// The patched guest kernel (kernel/build-kernel) carries this in its release string.
bool kernel_has_reduce_patch() {
  return kernel_release().find("crossmem-reduce") != std::string::npos;
}

TEST(ProbeReduce, UnpatchedKernelAnswersEinvalAndTheProbeSaysSo) {
  if (kernel_has_reduce_patch()) GTEST_SKIP() << "kernel " << kernel_release() << " is patched";
  errno = 0;
  long rc = ::process_vm_readv(::getpid(), nullptr, 0, nullptr, 0,
                               PROCESS_VM_REDUCE_SUM | PROCESS_VM_REDUCE_F64);
  int err = errno;
  if (rc < 0 && err == ENOSYS) GTEST_SKIP() << "process_vm_readv itself is unavailable (ENOSYS)";
  ASSERT_EQ(rc, -1);
  ASSERT_EQ(err, EINVAL);
  ReduceSupport s = probe_reduce();
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.reason, "reduce flags: EINVAL from this kernel");
  EXPECT_NE(s.remedy.find("crossmem-vm --kernel patched"), std::string::npos) << s.remedy;
}

TEST(ProbeReduce, PatchedKernelIsReportedSupported) {
  if (!kernel_has_reduce_patch()) GTEST_SKIP() << "kernel " << kernel_release() << " is unpatched";
  ReduceSupport s = probe_reduce();
  EXPECT_TRUE(s.ok) << s.reason;
  EXPECT_TRUE(s.reason.empty());
}

}  // namespace
}  // namespace crossmem::kernel
