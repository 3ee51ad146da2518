// Helpers of the reduce conformance tests: typed test data with the edge values of each element
// type, a target process holding given bytes, elementwise comparison that accepts any NaN for a
// NaN, and the reduce fixture that skips (or fails, where the patched kernel is required) when the
// kernel lacks the reduce flags.
#pragma once

#include <gtest/gtest.h>
#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "checks.hpp"
#include "crossmem/kernel/reduce.hpp"
#include "target_process.hpp"

namespace crossmem::conformance {

using kernel::ReduceOp;
using kernel::ReduceType;

// The two calls: process_vm_readv (local = local OP remote), process_vm_writev (remote = remote OP
// local).
enum class Dir { read, write };
const char* to_string(Dir dir);

// `n` elements of `type` from `seed`: mostly pseudo-random values, with the type's edge values
// (zero, one, extremes; for floats also -0, infinities, NaN and subnormals) every few elements.
std::vector<std::byte> reduce_data(ReduceType type, std::size_t n, unsigned seed);

// Target setup: maps `pages` pages, copies `bytes` to the start of the mapping, then unmaps the
// pages from index `unmap_from` on. addr[0] is the mapping, addr[1] the first unmapped address (0
// when none).
TargetSetup bytes_region(std::vector<std::byte> bytes, std::size_t pages,
                         std::size_t unmap_from = SIZE_MAX);

std::vector<std::byte> as_bytes(const std::vector<unsigned char>& v);

// Equal element by element: the same bits, or both NaN for the floating-point types.
::testing::AssertionResult same_elements(const std::vector<std::byte>& got,
                                         const std::vector<std::byte>& want, ReduceType type);

// The raw call with reduce flags `flags`, errno kept.
CallResult raw_reduce(Dir dir, pid_t pid, const std::vector<iovec>& local,
                      const std::vector<iovec>& remote, unsigned long flags);
CallResult raw_reduce(Dir dir, pid_t pid, const std::vector<iovec>& local,
                      const std::vector<iovec>& remote, ReduceOp op, ReduceType type);

// Skips when CMA cannot be tested here or the kernel lacks the reduce flags; with the environment
// variable CROSSMEM_REQUIRE_REDUCE=1 (set by the vm test of the patched kernel) a kernel without
// them is a failure instead.
class ReduceTest : public ::testing::Test {
 protected:
  void SetUp() override;
};

class ReduceDirTest : public ::testing::TestWithParam<Dir> {
 protected:
  void SetUp() override;
};

}  // namespace crossmem::conformance
