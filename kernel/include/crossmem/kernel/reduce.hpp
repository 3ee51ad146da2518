// Reduce instead of copy: process_vm_readv / process_vm_writev with the reduce flags of
// crossmem/uapi/process_vm_reduce.h (the ABI, shared with the kernel patch in kernel/patches/).
//
//   reduce_readv:  local[i]  = local[i]  OP remote[i]
//   reduce_writev: remote[i] = remote[i] OP local[i]
//
// Only a kernel built with kernel/build-kernel implements the flags; any other answers EINVAL.
// probe_reduce() tells which. The arithmetic (wrapping integer sum, NaN-propagating min/max, ...)
// is specified in the uapi header; reduce_reference() computes exactly the same in user space.
#pragma once

#include <sys/types.h>
#include <sys/uio.h>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace crossmem::kernel {

enum class ReduceOp { sum, min, max, band, bor, bxor };
enum class ReduceType { i32, u32, i64, u64, f32, f64 };

inline constexpr ReduceOp kReduceOps[] = {ReduceOp::sum,  ReduceOp::min, ReduceOp::max,
                                          ReduceOp::band, ReduceOp::bor, ReduceOp::bxor};
inline constexpr ReduceType kReduceTypes[] = {ReduceType::i32, ReduceType::u32, ReduceType::i64,
                                              ReduceType::u64, ReduceType::f32, ReduceType::f64};

// Bytes per element: 4 or 8.
std::size_t element_size(ReduceType type);

// "sum", "min", "max", "band", "bor", "bxor".
std::string_view to_string(ReduceOp op);
// "i32", "u32", "i64", "u64", "f32", "f64".
std::string_view to_string(ReduceType type);

// The inverse of to_string (exact, lower case); nullopt for anything else.
std::optional<ReduceOp> parse_reduce_op(std::string_view text);
std::optional<ReduceType> parse_reduce_type(std::string_view text);

// Whether the ABI defines `op` on `type` (bitwise ops only on integer types).
bool reduce_defined(ReduceOp op, ReduceType type);

// The flags word selecting `op` on `type` (PROCESS_VM_REDUCE_<OP> | PROCESS_VM_REDUCE_<TYPE>);
// throws InvalidInput where !reduce_defined.
unsigned long reduce_flags(ReduceOp op, ReduceType type);

// process_vm_readv with reduce flags: local = local OP remote. Raw syscall result: bytes reduced,
// or -1 with errno (EINVAL: kernel without the flags, or misaligned iovecs; otherwise as for the
// copy). Throws InvalidInput where !reduce_defined(op, type).
ssize_t reduce_readv(pid_t pid, const struct iovec* local, unsigned long liovcnt,
                     const struct iovec* remote, unsigned long riovcnt, ReduceOp op,
                     ReduceType type);

// process_vm_writev with reduce flags: remote = remote OP local. Same contract as reduce_readv.
ssize_t reduce_writev(pid_t pid, const struct iovec* local, unsigned long liovcnt,
                      const struct iovec* remote, unsigned long riovcnt, ReduceOp op,
                      ReduceType type);

// Whether this kernel implements the reduce flags (a zero-length reduce_readv on the caller's own
// pid; an unpatched kernel answers EINVAL for any flag). When not: reason "reduce flags: EINVAL
// from this kernel" (or the errno of a kernel or filter that refuses the call itself) and a remedy
// naming the patched kernel in the VM (`crossmem-vm --kernel patched`).
struct ReduceSupport {
  bool ok = false;
  std::string reason;
  std::string remedy;
};
ReduceSupport probe_reduce();

// The user-space reference: acc[i] = acc[i] OP src[i] elementwise, exactly what the kernel computes
// (same NaN and overflow rules; a NaN result may differ in payload). Sizes must be equal multiples
// of element_size(type), and reduce_defined(op, type) must hold: InvalidInput otherwise. Any
// alignment is accepted. Written so that the compiler vectorises it: the reduce workload uses it as
// the user-space combine step.
void reduce_reference(std::span<std::byte> acc, std::span<const std::byte> src, ReduceOp op,
                      ReduceType type);

}  // namespace crossmem::kernel
