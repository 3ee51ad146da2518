// The process runner. A Team is a set of pinned processes (rank 0 is the calling process, ranks
// 1..n-1 are forked children) joined by links, each process holding the endpoints of its links. The
// children obey commands from rank 0 over a control socket; every timed batch starts with a
// ready/GO barrier. A workload (ping-pong, many-to-one...) decides what each rank does in a batch;
// strategies decide how bytes move on each link. Neither forks, pins or reads a clock.
//
// Never hangs: children die with their parent (PR_SET_PDEATHSIG), every wait is bounded, a child
// that fails reports why and exits, so its peers see the hang-up at once. Destroying a Team stops
// and reaps every child. Constructing a Team sets SIGPIPE to be ignored in the calling process, so
// that writing to a dead peer's pipe is an error rather than the end of the process.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "crossmem/bench/buffers.hpp"
#include "crossmem/doorbell.hpp"
#include "crossmem/kernel/fd.hpp"
#include "crossmem/placement/topology.hpp"
#include "crossmem/strategy.hpp"

namespace crossmem::bench {

// Most processes a team holds (the control command carries one pid per rank).
inline constexpr int kMaxProcs = 64;

struct LinkSpec {
  int sender;
  int receiver;
};

class Member;
struct BufferLayout;

// What a workload does in every process. The same calls happen in every rank (rank 0 included),
// each acting on its own endpoints.
class Workload {
 public:
  virtual ~Workload() = default;
  virtual std::string name() const = 0;
  // The links among `procs` processes, as (sender rank, receiver rank).
  virtual std::vector<LinkSpec> links(int procs) const = 0;
  // Called in every process holding endpoints, after the team (re)allocated the message buffers
  // as `layout` says and before the validated exchange: for buffers the workload keeps itself
  // (the reduce's accumulator). Throws Unsupported when the workload cannot run with `layout`.
  virtual void prepare(Member& /*me*/, const BufferLayout& /*layout*/) {}
  // One exchange with stamped payloads, checked on arrival. Throws ValidationError on a mismatch.
  virtual void validate(Member& me, std::uint64_t seed) = 0;
  // One timed batch of `iterations`; `fresh`: rewrite before send and read after receive;
  // `validate`: stamp and check every message.
  virtual void run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
                   std::uint64_t seed) = 0;
};

class ValidationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TeamSpec {
  const Strategy* strategy = nullptr;
  Params params;
  int procs = 2;
  std::vector<unsigned> pus;  // one OS PU index per rank
  WaitMode wait_mode = WaitMode::spin;
  std::chrono::milliseconds timeout{10'000};
  // --buffer-node: "" (no binding), "sender", "receiver" or a NUMA node's logical index. Every
  // buffer of a link is bound there (relative to that link's sender and receiver) and checked.
  std::string buffer_node;
};

// What one process holds: its endpoints and buffers.
class Member {
 public:
  int rank() const { return rank_; }
  int procs() const { return procs_; }
  // True when every rank's endpoints live in this one process (reference strategies).
  bool in_process() const { return in_process_; }
  const std::vector<LinkSpec>& links() const { return links_; }

  // Endpoints of link `l` (this process must be its sender / receiver).
  Sender& sender(std::size_t l) { return *senders_.at(l); }
  Receiver& receiver(std::size_t l) { return *receivers_.at(l); }
  // Where the next message of link `l` is sent from / received into: the same bytes every time
  // with hot buffers, the next slot of the buffer's ring with cold ones (Buffer::next).
  std::span<std::byte> next_source(std::size_t l) { return sources_.at(l)->next(); }
  std::span<std::byte> next_destination(std::size_t l) { return destinations_.at(l)->next(); }
  // This process's end of link `l` on `side`.
  Link& end(std::size_t l, Side side) { return *ends_.at({l, side}); }
  // Switches every link end of this process to or from free-running notes (sync-free baselines).
  void set_free_running(bool on) {
    for (Link& link : link_ends_) link.set_free_running(on);
  }

 private:
  friend class MemberSetup;
  int rank_ = 0;
  int procs_ = 0;
  bool in_process_ = false;
  std::vector<LinkSpec> links_;
  std::deque<Doorbell> bells_;
  std::deque<Link> link_ends_;
  std::map<std::pair<std::size_t, Side>, Link*> ends_;
  std::map<std::size_t, std::unique_ptr<Sender>> senders_;
  std::map<std::size_t, std::unique_ptr<Receiver>> receivers_;
  std::map<std::size_t, std::unique_ptr<Buffer>> sources_;
  std::map<std::size_t, std::unique_ptr<Buffer>> destinations_;
  std::unique_ptr<placement::Topology> topology_;  // loaded on first use (buffer binding)
  int buffer_node_ = -1;                           // node the last bound buffer was verified on
 public:
  // The NUMA node (logical index) this process's buffers were last bound to and found on, or -1.
  int buffer_node() const { return buffer_node_; }
};

struct BatchResult {
  double seconds = 0;             // rank 0's clock, GO to end of its part
  std::uint64_t involuntary = 0;  // involuntary context switches, all ranks, during the batch
  // Each rank's own steady_clock, from GO (rank 0: ringing it; the others: seeing it) to the end of
  // its part; index = rank. Idle ranks (in-process strategies) report about 0.
  std::vector<double> rank_seconds;
};

// How message buffers are laid out: message size, page backing, and slots per buffer (1: hot;
// more: a ring the messages rotate through, see slots_for()).
struct BufferLayout {
  std::size_t size = 0;
  Pages pages = Pages::small;
  std::size_t slots = 1;
  bool operator==(const BufferLayout&) const = default;
};

struct ProbeResult {
  double handoff_ns = 0;   // one-way cache-line handoff between rank 0 and rank 1 (plain atomics)
  double doorbell_ns = 0;  // one-way cost of the doorbell in the team's wait mode
};

class SharedBlock;
class Children;
namespace control {
struct Command;
struct Reply;
}  // namespace control

class Team {
 public:
  // Pins this process to spec.pus[0], forks and pins the other ranks, grants exactly the ptrace
  // access the strategy needs, constructs every endpoint. With an in-process strategy, rank 0 holds
  // every endpoint and the other ranks stay idle, pinned, for barriers and the handoff probe.
  // Throws Unsupported, SystemError, PeerLost, WaitTimeout.
  Team(const TeamSpec& spec, Workload& workload);
  Team(const Team&) = delete;
  Team& operator=(const Team&) = delete;
  ~Team();

  // (Re)allocates every message buffer as `layout` says, then runs one validated exchange (the
  // first iteration of each size is always checked).
  void prepare(const BufferLayout& layout, std::uint64_t seed);
  void prepare(std::size_t size, Pages pages, std::uint64_t seed) {
    prepare({size, pages, 1}, seed);
  }
  // One timed batch in every rank.
  BatchResult run(std::uint64_t iterations, bool fresh, bool validate, std::uint64_t seed);
  // Cache-line handoff and doorbell probe between rank 0 and rank 1: `rounds` timed round trips
  // each, after one untimed one (in which rank 1 wakes up to take the command).
  ProbeResult probe(int rounds);

  const TeamSpec& spec() const { return spec_; }
  const Member& self() const { return *me_; }
  std::vector<pid_t> pids() const;

 private:
  void broadcast(const control::Command& cmd);
  control::Reply collect(int rank, const char* what);
  void collect_all(const char* what);
  [[noreturn]] void rethrow_with_child_reason(const std::exception& e);
  // Runs `body`; a lost peer or a timeout in it becomes the failed child's own reason when it sent
  // one (validation errors pass through as they are).
  void with_child_reason(const std::function<void()>& body);
  void stop_children() noexcept;

  TeamSpec spec_;
  Workload& workload_;
  std::vector<LinkSpec> links_;
  // Destroyed in reverse order: the children first, then rank 0's endpoints, then the link
  // sockets they use, then the shared block.
  std::unique_ptr<SharedBlock> shared_;
  std::vector<kernel::UniqueFd> link_fds_;  // [2l]: link l's sender end, [2l+1]: its receiver's
  std::unique_ptr<Member> me_;
  std::unique_ptr<Children> children_;  // child i is rank i+1
  std::uint32_t go_seq_ = 0;
  std::uint32_t probe_seq_ = 0;
};

}  // namespace crossmem::bench
