#include "reduce.hpp"

#include <algorithm>
#include <cstring>

#include "crossmem/bench/workloads.hpp"
#include "crossmem/error.hpp"

namespace crossmem::bench {
namespace {

using kernel::ReduceOp;
using kernel::ReduceType;

std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

template <typename T>
void fill_as(std::span<std::byte> buf, std::uint64_t seed, std::uint64_t id, int rank) {
  const std::size_t n = buf.size() / sizeof(T);
  for (std::size_t i = 0; i < n; ++i) {
    T v = static_cast<T>(reduce_element(seed, id, rank, i));
    std::memcpy(buf.data() + i * sizeof(T), &v, sizeof(T));
  }
}

template <typename T>
void fill_constant(std::span<std::byte> buf, T value) {
  T* data = reinterpret_cast<T*>(buf.data());
  std::fill(data, data + buf.size() / sizeof(T), value);
}

template <typename T>
std::string check_as(std::span<const std::byte> acc, std::uint64_t seed, std::uint64_t id,
                     int procs) {
  const std::size_t n = acc.size() / sizeof(T);
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t want = 0;
    for (int r = 0; r < procs; ++r) want += reduce_element(seed, id, r, i);
    T got;
    std::memcpy(&got, acc.data() + i * sizeof(T), sizeof(T));
    if (got != static_cast<T>(want)) {
      return "element " + std::to_string(i) + " of " + std::to_string(n) + ": got " +
             std::to_string(got) + ", expected " + std::to_string(want);
    }
  }
  return {};
}

}  // namespace

std::int64_t reduce_element(std::uint64_t seed, std::uint64_t id, int rank, std::size_t index) {
  const std::uint64_t key = mix(seed) ^ mix((id << 8) + static_cast<std::uint64_t>(rank) + 1);
  return static_cast<std::int64_t>(mix(key ^ (index * 0x2545f4914f6cdd1dull)) % 2001) - 1000;
}

void fill_reduce_vector(std::span<std::byte> buf, ReduceType type, std::uint64_t seed,
                        std::uint64_t id, int rank) {
  if (type == ReduceType::f64) {
    fill_as<double>(buf, seed, id, rank);
  } else {
    fill_as<std::int64_t>(buf, seed, id, rank);
  }
}

std::string check_reduce_sum(std::span<const std::byte> acc, ReduceType type, std::uint64_t seed,
                             std::uint64_t id, int procs) {
  return type == ReduceType::f64 ? check_as<double>(acc, seed, id, procs)
                                 : check_as<std::int64_t>(acc, seed, id, procs);
}

Reduce::Reduce(ReduceType type) : type_(type) {
  if (type != ReduceType::f64 && type != ReduceType::i64) {
    throw InvalidInput("the reduce workload sums f64 or i64, not " +
                       std::string(kernel::to_string(type)));
  }
}

std::vector<LinkSpec> Reduce::links(int procs) const {
  if (procs < 2) throw InvalidInput("reduce needs at least 2 processes (1 sender)");
  std::vector<LinkSpec> out;
  for (int r = 1; r < procs; ++r) out.push_back({r, 0});
  return out;
}

void Reduce::prepare(Member& me, const BufferLayout& layout) {
  const std::size_t element = kernel::element_size(type_);
  if (layout.size % element != 0 || layout.size == 0) {
    throw Unsupported("reduce of " + std::string(kernel::to_string(type_)) +
                          " combines whole elements: " + std::to_string(layout.size) +
                          " bytes is not a positive multiple of " + std::to_string(element),
                      "give --sizes that are multiples of " + std::to_string(element) + " bytes");
  }
  acc_.reset();
  if (me.in_process() || me.rank() == 0) {
    acc_ = std::make_unique<Buffer>(layout.size, layout.pages, false, layout.slots);
  }
}

void Reduce::round(Member& me, std::uint64_t id, bool fresh, bool validate, std::uint64_t seed) {
  const std::size_t senders = me.links().size();
  auto send = [&](std::size_t l) {
    const int rank = static_cast<int>(l) + 1;
    auto src = me.next_source(l);
    if (validate) {
      fill_reduce_vector(src, type_, seed, id, rank);
    } else if (fresh) {
      // Small integers again, so that the accumulator stays exact.
      if (type_ == ReduceType::f64) {
        fill_constant(src, static_cast<double>(id % 7) + 1.0);
      } else {
        fill_constant(src, static_cast<std::int64_t>(id % 7) + 1);
      }
    }
    me.sender(l).send(src);
  };
  auto root = [&](std::span<std::byte> acc, std::size_t l) {
    me.receiver(l).recv_reduce(acc, me.next_destination(l), ReduceOp::sum, type_);
  };
  if (me.in_process() || me.rank() == 0) {
    if (!acc_) throw SystemError(EINVAL, "reduce: run before prepare");
    std::span<std::byte> acc = acc_->next();
    if (validate) fill_reduce_vector(acc, type_, seed, id, 0);
    for (std::size_t l = 0; l < senders; ++l) {
      if (me.in_process()) send(l);
      root(acc, l);
    }
    if (validate) {
      std::string bad = check_reduce_sum(acc, type_, seed, id, me.procs());
      if (!bad.empty()) {
        throw ValidationError("reduce " + std::to_string(id) + " over " +
                              std::to_string(me.procs()) + " processes: " + bad);
      }
    }
  } else {
    send(static_cast<std::size_t>(me.rank() - 1));
  }
}

void Reduce::validate(Member& me, std::uint64_t seed) {
  round(me, 0, false, true, seed);
}

void Reduce::run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
                 std::uint64_t seed) {
  for (std::uint64_t i = 0; i < iterations; ++i) round(me, i, fresh, validate, seed);
}

namespace {

std::unique_ptr<Workload> make(const WorkloadOptions& options) {
  return std::make_unique<Reduce>(options.reduce_type);
}

}  // namespace

extern const WorkloadRow reduce_workload{
    "reduce",
    "MPI_Reduce (sum) of a vector to rank 0: ranks 1..N send, rank 0 combines each into its own "
    "vector in rank order (--reduce-type f64|i64)",
    2,
    kMaxProcs,
    ProcessCounts::sweep,
    false,
    true,
    "latency_ns = time per reduce (the slowest rank's clock); bytes reduced per round = "
    "(procs - 1) x size (the vectors combined into the root's), bytes_per_second = those / "
    "latency",
    1,
    one_message,
    1,
    make};

}  // namespace crossmem::bench
