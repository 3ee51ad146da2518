#include "reduce_data.hpp"

#include <sys/mman.h>

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>

#include "fixtures.hpp"

namespace crossmem::conformance {
namespace {

template <class T>
std::vector<T> edges() {
  using L = std::numeric_limits<T>;
  if constexpr (std::is_integral_v<T>) {
    return {T(0), T(1), static_cast<T>(-1), L::max(), L::min(), static_cast<T>(L::max() - 1)};
  } else {
    return {T(0),           -T(0),           T(1),
            T(-1),          L::infinity(),   -L::infinity(),
            L::quiet_NaN(), L::denorm_min(), -L::denorm_min(),
            L::max(),       L::lowest(),     L::min()};
  }
}

template <class T>
std::vector<std::byte> typed_data(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  const std::vector<T> edge = edges<T>();
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 5 == 0) {
      v[i] = edge[(i / 5 + seed) % edge.size()];
    } else if constexpr (std::is_integral_v<T>) {
      v[i] = static_cast<T>(rng());
    } else {
      std::uniform_real_distribution<T> dist(T(-1e6), T(1e6));
      v[i] = dist(rng);
    }
  }
  std::vector<std::byte> out(n * sizeof(T));
  std::memcpy(out.data(), v.data(), out.size());
  return out;
}

template <class T>
::testing::AssertionResult compare(const std::vector<std::byte>& got,
                                   const std::vector<std::byte>& want) {
  for (std::size_t i = 0; i + sizeof(T) <= want.size(); i += sizeof(T)) {
    T g, w;
    std::memcpy(&g, got.data() + i, sizeof(T));
    std::memcpy(&w, want.data() + i, sizeof(T));
    bool same = std::memcmp(&g, &w, sizeof(T)) == 0;
    if constexpr (std::is_floating_point_v<T>) same = same || (std::isnan(g) && std::isnan(w));
    if (!same) {
      return ::testing::AssertionFailure()
             << "element " << i / sizeof(T) << " (byte " << i << "): got " << +g << ", want " << +w;
    }
  }
  return ::testing::AssertionSuccess();
}

std::string reduce_unusable_reason() {
  std::string why = cma_unusable_reason();
  if (!why.empty()) return why;
  kernel::ReduceSupport s = kernel::probe_reduce();
  return s.ok ? std::string() : s.reason;
}

void reduce_setup() {
  std::string why = reduce_unusable_reason();
  if (why.empty()) return;
  const char* require = std::getenv("CROSSMEM_REQUIRE_REDUCE");
  if (require && std::string(require) == "1") {
    GTEST_FAIL() << "CROSSMEM_REQUIRE_REDUCE=1 but: " << why;
  }
  GTEST_SKIP() << why;
}

}  // namespace

const char* to_string(Dir dir) {
  return dir == Dir::read ? "readv" : "writev";
}

std::vector<std::byte> reduce_data(ReduceType type, std::size_t n, unsigned seed) {
  switch (type) {
    case ReduceType::i32:
      return typed_data<std::int32_t>(n, seed);
    case ReduceType::u32:
      return typed_data<std::uint32_t>(n, seed);
    case ReduceType::i64:
      return typed_data<std::int64_t>(n, seed);
    case ReduceType::u64:
      return typed_data<std::uint64_t>(n, seed);
    case ReduceType::f32:
      return typed_data<float>(n, seed);
    case ReduceType::f64:
      return typed_data<double>(n, seed);
  }
  return {};
}

TargetSetup bytes_region(std::vector<std::byte> bytes, std::size_t pages, std::size_t unmap_from) {
  return [bytes = std::move(bytes), pages, unmap_from](TargetInfo& info) {
    if (bytes.size() > pages * page_size()) return EINVAL;
    return map_region(info, pages, unmap_from, [&bytes](void* base, std::size_t) {
      if (!bytes.empty()) std::memcpy(base, bytes.data(), bytes.size());
    });
  };
}

std::vector<std::byte> as_bytes(const std::vector<unsigned char>& v) {
  std::vector<std::byte> out(v.size());
  std::memcpy(out.data(), v.data(), v.size());
  return out;
}

::testing::AssertionResult same_elements(const std::vector<std::byte>& got,
                                         const std::vector<std::byte>& want, ReduceType type) {
  if (got.size() != want.size()) {
    return ::testing::AssertionFailure() << "sizes " << got.size() << " and " << want.size();
  }
  switch (type) {
    case ReduceType::i32:
      return compare<std::int32_t>(got, want);
    case ReduceType::u32:
      return compare<std::uint32_t>(got, want);
    case ReduceType::i64:
      return compare<std::int64_t>(got, want);
    case ReduceType::u64:
      return compare<std::uint64_t>(got, want);
    case ReduceType::f32:
      return compare<float>(got, want);
    case ReduceType::f64:
      return compare<double>(got, want);
  }
  return ::testing::AssertionFailure() << "unknown type";
}

CallResult raw_reduce(Dir dir, pid_t pid, const std::vector<iovec>& local,
                      const std::vector<iovec>& remote, unsigned long flags) {
  return dir == Dir::read ? raw_readv(pid, local, remote, flags)
                          : raw_writev(pid, local, remote, flags);
}

CallResult raw_reduce(Dir dir, pid_t pid, const std::vector<iovec>& local,
                      const std::vector<iovec>& remote, ReduceOp op, ReduceType type) {
  return raw_reduce(dir, pid, local, remote, kernel::reduce_flags(op, type));
}

void ReduceTest::SetUp() {
  reduce_setup();
}
void ReduceDirTest::SetUp() {
  reduce_setup();
}

}  // namespace crossmem::conformance
