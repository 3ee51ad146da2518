#include "crossmem/kernel/reduce.hpp"

#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "crossmem/error.hpp"
#include "crossmem/uapi/process_vm_reduce.h"

namespace crossmem::kernel {
namespace {

constexpr std::string_view kOpNames[] = {"sum", "min", "max", "band", "bor", "bxor"};
constexpr std::string_view kTypeNames[] = {"i32", "u32", "i64", "u64", "f32", "f64"};

std::size_t index(ReduceOp op) {
  return static_cast<std::size_t>(op);
}
std::size_t index(ReduceType type) {
  return static_cast<std::size_t>(type);
}

bool is_float(ReduceType type) {
  return type == ReduceType::f32 || type == ReduceType::f64;
}

// The operations, elementwise: `a` is the destination's value, `s` the source's.
struct Sum {
  template <class T>
  T operator()(T a, T s) const {
    if constexpr (std::is_integral_v<T>) {
      using U = std::make_unsigned_t<T>;
      return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(s)));
    } else {
      return a + s;
    }
  }
};
struct Min {
  template <class T>
  T operator()(T a, T s) const {
    if constexpr (std::is_floating_point_v<T>) {
      return (s < a || std::isnan(s)) ? s : a;
    } else {
      return s < a ? s : a;
    }
  }
};
struct Max {
  template <class T>
  T operator()(T a, T s) const {
    if constexpr (std::is_floating_point_v<T>) {
      return (s > a || std::isnan(s)) ? s : a;
    } else {
      return s > a ? s : a;
    }
  }
};
struct Band {
  template <class T>
  T operator()(T a, T s) const {
    return static_cast<T>(a & s);
  }
};
struct Bor {
  template <class T>
  T operator()(T a, T s) const {
    return static_cast<T>(a | s);
  }
};
struct Bxor {
  template <class T>
  T operator()(T a, T s) const {
    return static_cast<T>(a ^ s);
  }
};

// memcpy loads and stores: any alignment, no aliasing questions, and still vectorised.
template <class T, class Op>
void combine(std::byte* acc, const std::byte* src, std::size_t n, Op op) {
  for (std::size_t i = 0; i < n; ++i) {
    T a;
    T s;
    std::memcpy(&a, acc + i * sizeof(T), sizeof(T));
    std::memcpy(&s, src + i * sizeof(T), sizeof(T));
    a = op(a, s);
    std::memcpy(acc + i * sizeof(T), &a, sizeof(T));
  }
}

template <class T>
void combine_op(std::byte* acc, const std::byte* src, std::size_t n, ReduceOp op) {
  switch (op) {
    case ReduceOp::sum:
      return combine<T>(acc, src, n, Sum{});
    case ReduceOp::min:
      return combine<T>(acc, src, n, Min{});
    case ReduceOp::max:
      return combine<T>(acc, src, n, Max{});
    case ReduceOp::band:
      if constexpr (std::is_integral_v<T>) return combine<T>(acc, src, n, Band{});
      break;
    case ReduceOp::bor:
      if constexpr (std::is_integral_v<T>) return combine<T>(acc, src, n, Bor{});
      break;
    case ReduceOp::bxor:
      if constexpr (std::is_integral_v<T>) return combine<T>(acc, src, n, Bxor{});
      break;
  }
}

ssize_t reduce_call(bool write, pid_t pid, const iovec* local, unsigned long liovcnt,
                    const iovec* remote, unsigned long riovcnt, ReduceOp op, ReduceType type) {
  unsigned long flags = reduce_flags(op, type);
  return write ? ::process_vm_writev(pid, local, liovcnt, remote, riovcnt, flags)
               : ::process_vm_readv(pid, local, liovcnt, remote, riovcnt, flags);
}

}  // namespace

std::size_t element_size(ReduceType type) {
  switch (type) {
    case ReduceType::i32:
    case ReduceType::u32:
    case ReduceType::f32:
      return 4;
    case ReduceType::i64:
    case ReduceType::u64:
    case ReduceType::f64:
      return 8;
  }
  throw InvalidInput("unknown reduce type");
}

std::string_view to_string(ReduceOp op) {
  return index(op) < std::size(kOpNames) ? kOpNames[index(op)] : "unknown";
}

std::string_view to_string(ReduceType type) {
  return index(type) < std::size(kTypeNames) ? kTypeNames[index(type)] : "unknown";
}

std::optional<ReduceOp> parse_reduce_op(std::string_view text) {
  for (ReduceOp op : kReduceOps) {
    if (to_string(op) == text) return op;
  }
  return std::nullopt;
}

std::optional<ReduceType> parse_reduce_type(std::string_view text) {
  for (ReduceType type : kReduceTypes) {
    if (to_string(type) == text) return type;
  }
  return std::nullopt;
}

bool reduce_defined(ReduceOp op, ReduceType type) {
  if (index(op) >= std::size(kOpNames) || index(type) >= std::size(kTypeNames)) return false;
  bool bitwise = op == ReduceOp::band || op == ReduceOp::bor || op == ReduceOp::bxor;
  return !(bitwise && is_float(type));
}

unsigned long reduce_flags(ReduceOp op, ReduceType type) {
  if (!reduce_defined(op, type)) {
    throw InvalidInput("reduce op " + std::string(to_string(op)) + " is not defined on type " +
                       std::string(to_string(type)));
  }
  static constexpr unsigned long kOpFlags[] = {PROCESS_VM_REDUCE_SUM, PROCESS_VM_REDUCE_MIN,
                                               PROCESS_VM_REDUCE_MAX, PROCESS_VM_REDUCE_BAND,
                                               PROCESS_VM_REDUCE_BOR, PROCESS_VM_REDUCE_BXOR};
  static constexpr unsigned long kTypeFlags[] = {PROCESS_VM_REDUCE_I32, PROCESS_VM_REDUCE_U32,
                                                 PROCESS_VM_REDUCE_I64, PROCESS_VM_REDUCE_U64,
                                                 PROCESS_VM_REDUCE_F32, PROCESS_VM_REDUCE_F64};
  return kOpFlags[index(op)] | kTypeFlags[index(type)];
}

ssize_t reduce_readv(pid_t pid, const struct iovec* local, unsigned long liovcnt,
                     const struct iovec* remote, unsigned long riovcnt, ReduceOp op,
                     ReduceType type) {
  return reduce_call(false, pid, local, liovcnt, remote, riovcnt, op, type);
}

ssize_t reduce_writev(pid_t pid, const struct iovec* local, unsigned long liovcnt,
                      const struct iovec* remote, unsigned long riovcnt, ReduceOp op,
                      ReduceType type) {
  return reduce_call(true, pid, local, liovcnt, remote, riovcnt, op, type);
}

ReduceSupport probe_reduce() {
  static const std::string kRemedy =
      "boot the kernel built with the reduce patch in the VM: kernel/vm/crossmem-vm --kernel "
      "patched -- COMMAND (see docs/kernel-reduce.md)";
  ssize_t rc = reduce_readv(::getpid(), nullptr, 0, nullptr, 0, ReduceOp::sum, ReduceType::f64);
  if (rc == 0) return {true, {}, {}};
  if (rc > 0) return {false, "reduce flags: a zero-length call reported progress", kRemedy};
  int err = errno;
  if (err == EINVAL) return {false, "reduce flags: EINVAL from this kernel", kRemedy};
  return {false, std::string("reduce flags: process_vm_readv failed: ") + std::strerror(err),
          kRemedy};
}

void reduce_reference(std::span<std::byte> acc, std::span<const std::byte> src, ReduceOp op,
                      ReduceType type) {
  if (!reduce_defined(op, type)) {
    throw InvalidInput("reduce op " + std::string(to_string(op)) + " is not defined on type " +
                       std::string(to_string(type)));
  }
  std::size_t size = element_size(type);
  if (acc.size() != src.size() || acc.size() % size != 0) {
    throw InvalidInput("reduce_reference: sizes " + std::to_string(acc.size()) + " and " +
                       std::to_string(src.size()) + " are not equal multiples of " +
                       std::to_string(size) + " bytes");
  }
  std::size_t n = acc.size() / size;
  switch (type) {
    case ReduceType::i32:
      return combine_op<std::int32_t>(acc.data(), src.data(), n, op);
    case ReduceType::u32:
      return combine_op<std::uint32_t>(acc.data(), src.data(), n, op);
    case ReduceType::i64:
      return combine_op<std::int64_t>(acc.data(), src.data(), n, op);
    case ReduceType::u64:
      return combine_op<std::uint64_t>(acc.data(), src.data(), n, op);
    case ReduceType::f32:
      return combine_op<float>(acc.data(), src.data(), n, op);
    case ReduceType::f64:
      return combine_op<double>(acc.data(), src.data(), n, op);
  }
}

}  // namespace crossmem::kernel
