// Reduce: MPI_Reduce of a vector to root rank 0, elementwise sum, over 2..N processes. Ranks
// 1..N-1 each send their vector to rank 0 on their own link {r -> 0} (link r-1); rank 0 combines
// them one after the other, in rank order, into its own vector with the strategy's combining
// receive (Receiver::recv_reduce): the root's vector is the accumulator, as with MPI_IN_PLACE at
// the root, so a reduce is acc = acc + v1 + ... + v(N-1). That is the shape the kernel's reduce
// flags serve (local = local OP remote) and the one where fusing the sum into the receive saves a
// pass over the data.
//
// How each strategy combines (docs/workloads.md): the default receives into the link's
// destination buffer (scratch) and then sums with kernel::reduce_reference (cma-read,
// proc-mem-read, vmsplice, pipe, and the push strategies cma-write and proc-mem-write, whose
// sender writes the scratch); shm-copy sums straight out of its ring slots, shared-map straight
// out of the sender's mapped buffer, cma-reduce in the kernel; memcpy sums inside one process
// (the reduction's own ceiling).
//
// Exactness: every element is a small integer (|v| <= 1000), so every partial sum is an integer
// far below 2^53 and the double sum is exact whatever the order; the i64 sum is exact too. A
// validated reduce re-initialises every vector from (seed, message id, rank) and checks each
// element of the result against the integer sum. Between validated reduces the accumulator keeps
// growing by at most 63,000 per reduce: exact for 2^37 reduces.
#pragma once

#include <memory>

#include "crossmem/bench/buffers.hpp"
#include "crossmem/bench/team.hpp"
#include "crossmem/kernel/reduce.hpp"

namespace crossmem::bench {

// Element `index` of rank `rank`'s vector in reduce `id`: an integer in [-1000, 1000].
std::int64_t reduce_element(std::uint64_t seed, std::uint64_t id, int rank, std::size_t index);
// Fills `buf` (a whole number of elements of `type`) with rank `rank`'s vector for reduce `id`.
void fill_reduce_vector(std::span<std::byte> buf, kernel::ReduceType type, std::uint64_t seed,
                        std::uint64_t id, int rank);
// Empty when `acc` holds the sum over ranks 0..procs-1 of their vectors for reduce `id`,
// otherwise a one-line description of the first wrong element.
std::string check_reduce_sum(std::span<const std::byte> acc, kernel::ReduceType type,
                             std::uint64_t seed, std::uint64_t id, int procs);

class Reduce final : public Workload {
 public:
  // Sum of `type` elements: f64 or i64 (throws InvalidInput for another type).
  explicit Reduce(kernel::ReduceType type);
  std::string name() const override { return "reduce"; }
  // {r -> 0} for r = 1..procs-1, link index r-1. Throws InvalidInput for procs < 2.
  std::vector<LinkSpec> links(int procs) const override;
  // Rank 0 allocates the accumulator as `layout` says (same size, pages and slots as the message
  // buffers). Throws Unsupported when the size is not a whole number of elements.
  void prepare(Member& me, const BufferLayout& layout) override;
  void validate(Member& me, std::uint64_t seed) override;
  // `fresh`: each sender rewrites its vector before each send. `validate`: every reduce is
  // re-initialised and checked.
  void run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
           std::uint64_t seed) override;

 private:
  void round(Member& me, std::uint64_t id, bool fresh, bool validate, std::uint64_t seed);

  kernel::ReduceType type_;
  std::unique_ptr<Buffer> acc_;  // rank 0 (or the in-process rank): the accumulator
};

}  // namespace crossmem::bench
