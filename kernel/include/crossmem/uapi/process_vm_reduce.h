/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Reduce instead of copy: flags of process_vm_readv(2) and process_vm_writev(2).
 *
 * With flags == 0 both calls copy, as always. A flags word made of one
 * operation and one element type makes them combine elementwise instead:
 *
 *   process_vm_readv:  local[i]  = local[i]  OP remote[i]
 *   process_vm_writev: remote[i] = remote[i] OP local[i]
 *
 * The operation lives in bits 8-15 and the element type in bits 16-23, clear
 * of the low bits that other proposed flags use. Both fields must be set, and
 * no other bit: anything else, and an operation the type does not define (a
 * bitwise operation on a floating-point type), fails with EINVAL, which is
 * also what a kernel without this support answers for any flag. A call with
 * reduce flags whose local iovecs total zero bytes returns 0 once the flags
 * are accepted: that is how user space probes for support.
 *
 * Every iovec with a nonzero length, on both sides, must start at an address
 * and have a length that are multiples of the element size (EINVAL
 * otherwise), so an element never spans an iovec edge or a page boundary and
 * is never split. Access checks, errors and partial progress are those of the
 * copy: the return value is the number of bytes reduced, a multiple of the
 * element size, and a fault after some progress ends the call early.
 *
 * Arithmetic:
 * - Integer sum wraps modulo 2^N; min and max compare as signed for i32 and
 *   i64, unsigned for u32 and u64; band, bor and bxor are bitwise.
 * - Floating-point sum is IEEE 754 addition in the element's precision,
 *   rounded to nearest even, without flush-to-zero, whatever the caller's own
 *   floating-point mode: an infinity plus a finite value is that infinity,
 *   inf + -inf is NaN, and a NaN operand gives NaN.
 * - Floating-point min and max propagate NaN: a NaN in either operand gives
 *   NaN. Otherwise min(a, b) is b if b < a, else a (so of two zeros of
 *   opposite sign, and of equal values, the destination's own value stays);
 *   max likewise with b > a.
 * - A NaN result is a quiet NaN whose sign and payload are unspecified.
 *
 * The floating-point types are implemented on x86-64 only; elsewhere they
 * fail with EINVAL like an unknown type.
 */
#ifndef _UAPI_LINUX_PROCESS_VM_REDUCE_H
#define _UAPI_LINUX_PROCESS_VM_REDUCE_H

#define PROCESS_VM_REDUCE_OP_MASK	0x0000ff00UL
#define PROCESS_VM_REDUCE_TYPE_MASK	0x00ff0000UL

/* Operations (bits 8-15) */
#define PROCESS_VM_REDUCE_SUM		0x00000100UL
#define PROCESS_VM_REDUCE_MIN		0x00000200UL
#define PROCESS_VM_REDUCE_MAX		0x00000300UL
#define PROCESS_VM_REDUCE_BAND		0x00000400UL
#define PROCESS_VM_REDUCE_BOR		0x00000500UL
#define PROCESS_VM_REDUCE_BXOR		0x00000600UL

/* Element types (bits 16-23); each element is naturally sized, native endian */
#define PROCESS_VM_REDUCE_I32		0x00010000UL
#define PROCESS_VM_REDUCE_U32		0x00020000UL
#define PROCESS_VM_REDUCE_I64		0x00030000UL
#define PROCESS_VM_REDUCE_U64		0x00040000UL
#define PROCESS_VM_REDUCE_F32		0x00050000UL
#define PROCESS_VM_REDUCE_F64		0x00060000UL

#endif /* _UAPI_LINUX_PROCESS_VM_REDUCE_H */
