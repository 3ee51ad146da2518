// The default combining receive: a plain receive into scratch, then the user-space reduction.
#include "crossmem/error.hpp"
#include "crossmem/strategy.hpp"

namespace crossmem {

void Receiver::recv_reduce(std::span<std::byte> acc, std::span<std::byte> scratch,
                           kernel::ReduceOp op, kernel::ReduceType type) {
  if (scratch.size() != acc.size()) {
    throw SystemError(EINVAL, "combining receive: scratch of " + std::to_string(scratch.size()) +
                                  " bytes for an accumulator of " + std::to_string(acc.size()));
  }
  recv(scratch);
  kernel::reduce_reference(acc, scratch, op, type);
}

}  // namespace crossmem
