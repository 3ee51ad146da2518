// A strategy is one way of moving a message from one process to another. It moves bytes and
// nothing else: it never forks, pins, reads clocks or prints. The harness gives each side a Link
// (notes through the shared doorbell, setup messages, the peer's pid, tunables) and the buffers.
//
// Contract, for a message of n bytes:
// - Sender::send(src) returns when `src` may be reused (MPI's blocking-send rule). Strategies whose
//   receiver reads the sender's memory therefore wait for the receiver's completion note.
// - Receiver::recv(dst) returns when the n bytes are in `dst`. The receiver knows n from
// dst.size().
// - Every send on a link is matched by one recv (or post + complete) of the same size, in order.
// - prepare(region) is called on both sides, at the same time, whenever the harness (re)allocates
// the
//   buffers messages will live in; spans passed to send/recv lie inside that region. It may
//   exchange setup messages (e.g. to map the peer's region). Not timed.
// - Receiver::recv_reduce(acc, scratch, op, type) is a receive that combines: it returns when
//   acc[i] = acc[i] OP message[i] for every element (MPI_Reduce's step at the root). It matches one
//   send, like recv. By default it receives into `scratch` and then sums with
//   kernel::reduce_reference; a strategy that can combine as the bytes arrive overrides it.
// Errors: throw Unsupported (cannot run here: reason + remedy), SystemError, PeerLost, WaitTimeout.
//
// Adding a strategy: one .cpp file defining a `const Strategy` object, and one row in registry.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crossmem/doctor/mechanism.hpp"
#include "crossmem/kernel/reduce.hpp"
#include "crossmem/link.hpp"

namespace crossmem {

// Memory the harness allocated for messages. `fd` is a memfd backing the region when the strategy
// asked for a shared source (Traits::shared_source), -1 otherwise.
struct Region {
  std::byte* base = nullptr;
  std::size_t size = 0;
  int fd = -1;
};

class Sender {
 public:
  virtual ~Sender() = default;
  virtual void prepare(const Region& /*region*/) {}
  virtual void send(std::span<const std::byte> src) = 0;
};

class Receiver {
 public:
  virtual ~Receiver() = default;
  virtual void prepare(const Region& /*region*/) {}
  virtual void recv(std::span<std::byte> dst) = 0;
  // Split-phase receive, for a process taking messages from several links at once (MPI's Irecv
  // then Wait): post(dst) says that `dst` is ready for the next message, complete(dst) returns when
  // the message is in it. post + complete is recv; a push strategy tells its sender where to write
  // in post, so several senders can write at the same time. By default post does nothing and
  // complete is recv.
  virtual void post(std::span<std::byte> /*dst*/) {}
  virtual void complete(std::span<std::byte> dst) { recv(dst); }
  // Combining receive: acc = acc OP message, elementwise, for a message of acc.size() bytes (a
  // multiple of kernel::element_size(type)). `scratch` (acc.size() bytes, inside the prepared
  // region) is where the default receives the message before combining it: recv(scratch), then
  // kernel::reduce_reference(acc, scratch, op, type). Overrides combine without the scratch copy
  // (shm-copy from its ring slots, shared-map from the mapped source, cma-reduce in the kernel).
  // `acc` may lie outside the prepared region.
  virtual void recv_reduce(std::span<std::byte> acc, std::span<std::byte> scratch,
                           kernel::ReduceOp op, kernel::ReduceType type);
};

// Whose memory the kernel accesses on behalf of whom: the harness grants exactly this ptrace access
// (PR_SET_PTRACER naming the peer) where Yama requires it.
enum class RemoteAccess { none, receiver_reads_sender, sender_writes_receiver };

struct Traits {
  bool in_process = false;     // both endpoints live in one process (reference points)
  bool shared_source = false;  // the sender's region must be a memfd the receiver can map
  RemoteAccess access = RemoteAccess::none;
  int copies = 1;           // copies of the payload per message
  std::string_view copier;  // who performs the copy, for documentation: "receiver (kernel)"...
  // The kernel mechanism the bytes move with: what crossmem-doctor judges for this strategy.
  doctor::Mechanism mechanism = doctor::Mechanism::memory;

  // Only combining receives make sense (Receiver::recv_reduce; cma-reduce): the bench runs it in
  // workloads that combine (reduce) and records it as skipped, with the reason, in the others.
  bool reduce_only = false;
  bool reference = false;  // a reference point to compare against, not a candidate mechanism
};

struct Tunable {
  std::string_view name;
  std::uint64_t fallback;  // default value
  std::string_view help;
  std::uint64_t min;
  std::uint64_t max;
};

// Tunable values for one strategy instance. Missing names take the tunable's default.
class Params {
 public:
  Params() = default;
  explicit Params(std::map<std::string, std::uint64_t> values) : values_(std::move(values)) {}
  std::uint64_t get(const Tunable& t) const {
    auto it = values_.find(std::string(t.name));
    return it == values_.end() ? t.fallback : it->second;
  }
  const std::map<std::string, std::uint64_t>& values() const { return values_; }

 private:
  std::map<std::string, std::uint64_t> values_;
};

// Whether a strategy can run here. When not, `reason` says why and `remedy` what would fix it.
struct Availability {
  bool ok = true;
  std::string reason;
  std::string remedy;
};

struct Strategy {
  std::string_view name;
  std::string_view summary;
  Traits traits;
  std::span<const Tunable> tunables;
  Availability (*probe)();
  std::unique_ptr<Sender> (*make_sender)(Link& link, const Params& params);
  std::unique_ptr<Receiver> (*make_receiver)(Link& link, const Params& params);
};

// Every strategy, in table order.
std::span<const Strategy* const> all_strategies();
// Every strategy as crossmem-doctor judges it (name, Traits::mechanism), with probe() run now.
std::vector<doctor::StrategyInput> doctor_inputs();
// The strategy called `name`, or nullptr.
const Strategy* find_strategy(std::string_view name);

// Builds Params for `strategy` from "name=value" settings; throws InvalidInput for an unknown name,
// a malformed value or one outside [min, max].
Params parse_params(const Strategy& strategy, const std::vector<std::string>& settings);
// The effective value of every tunable of `strategy` under `params`.
std::map<std::string, std::uint64_t> effective_params(const Strategy& strategy,
                                                      const Params& params);

}  // namespace crossmem
