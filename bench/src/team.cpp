#include "crossmem/bench/team.hpp"

#include <hwloc.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <utility>

#include "crossmem/bench/pinning.hpp"
#include "crossmem/error.hpp"
#include "crossmem/kernel/probe.hpp"
#include "crossmem/placement/bind.hpp"
#include "crossmem/placement/buffer_node.hpp"

namespace crossmem::bench {

// Memory every rank maps: the GO flag, the probe flags and every link's notification lines.
struct Shared {
  Flag go;
  Flag probe_ping;
  Flag probe_pong;
  LinkLines lines[1];  // really links_.size() entries
};

struct Team::Command {
  enum class Op : std::uint32_t { grant, construct, prepare, run, probe, quit } op;
  std::uint32_t flags = 0;  // run: bit 0 fresh, bit 1 validate; prepare: pages
  std::uint64_t size = 0;
  std::uint64_t slots = 1;  // prepare: slots per buffer
  std::uint64_t count = 0;  // run: iterations; probe: rounds
  std::uint64_t seed = 0;
  std::uint32_t seq = 0;  // run: GO value; probe: base sequence
  std::int32_t pids[kMaxProcs] = {};
};

struct Team::Reply {
  std::int32_t ok = 1;
  std::int32_t unsupported = 0;
  std::uint64_t involuntary = 0;
  double seconds = 0;  // run: this rank's own time for its part of the batch
  char message[480] = {};
  char remedy[480] = {};
};

namespace {

using Clock = std::chrono::steady_clock;

std::uint64_t involuntary_switches() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<std::uint64_t>(u.ru_nivcsw);
}

void copy_text(char* out, std::size_t cap, const std::string& text) {
  std::size_t n = std::min(cap - 1, text.size());
  std::memcpy(out, text.data(), n);
  out[n] = '\0';
}

void send_all(int fd, const void* data, std::size_t len) {
  ssize_t rc;
  do {
    rc = ::send(fd, data, len, MSG_NOSIGNAL);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0 && (errno == EPIPE || errno == ECONNRESET)) throw PeerLost("peer process is gone");
  if (rc != static_cast<ssize_t>(len)) throw_errno("sending a control message");
}

// Receives one control message; false on EOF. Waits at most `timeout_ms` (-1: forever).
bool recv_msg(int fd, void* data, std::size_t len, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  int rc;
  do {
    rc = ::poll(&p, 1, timeout_ms);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) throw_errno("waiting for a control message");
  if (rc == 0) throw WaitTimeout("no control message within " + std::to_string(timeout_ms) + " ms");
  ssize_t got;
  do {
    got = ::recv(fd, data, len, 0);
  } while (got < 0 && errno == EINTR);
  if (got == 0) return false;
  if (got < 0) {
    if (errno == ECONNRESET) return false;
    throw_errno("receiving a control message");
  }
  if (static_cast<std::size_t>(got) != len) throw SystemError(EPROTO, "short control message");
  return true;
}

// Which process must name which as its ptrace tracer for the strategy to work (Yama scope 1):
// the process whose memory is accessed names the accessor. Returns -1 when none is needed.
int tracer_for(const Strategy& s, const std::vector<LinkSpec>& links, int rank) {
  int tracer = -1;
  for (const LinkSpec& l : links) {
    int accessor = -1;
    if (s.traits.access == RemoteAccess::receiver_reads_sender && l.sender == rank)
      accessor = l.receiver;
    if (s.traits.access == RemoteAccess::sender_writes_receiver && l.receiver == rank)
      accessor = l.sender;
    // Rank 0 is every child's ancestor: Yama scope 1 lets it in without being named.
    if (accessor < 0 || accessor == 0) continue;
    if (tracer >= 0 && tracer != accessor) {
      throw Unsupported("Yama ptrace_scope 1: rank " + std::to_string(rank) +
                            " would have to name two tracers, but PR_SET_PTRACER takes one",
                        "as root: echo 0 > /proc/sys/kernel/yama/ptrace_scope");
    }
    tracer = accessor;
  }
  return tracer;
}

void grant_ptrace(const Strategy& s, const std::vector<LinkSpec>& links, int rank,
                  const std::int32_t* pids) {
  auto scope = kernel::yama_ptrace_scope();
  if (!scope || *scope != 1) return;
  int tracer = tracer_for(s, links, rank);
  if (tracer < 0) return;
  if (::prctl(PR_SET_PTRACER, static_cast<unsigned long>(pids[tracer]), 0, 0, 0) != 0) {
    throw_errno("PR_SET_PTRACER naming rank " + std::to_string(tracer));
  }
}

}  // namespace

// Builds the endpoints of `rank` (or of every rank, in-process). `sock_of(l)`: this process's end
// of link l's socket. Links are constructed in table order in every process, so a constructor that
// waits for its peer's setup message always finds the peer working on the same link.
void Team::construct_endpoints(Member& m, const TeamSpec& spec, Shared& shared,
                               const std::vector<int>& link_socks, const std::int32_t* pids) {
  const Strategy& s = *spec.strategy;
  for (std::size_t l = 0; l < m.links_.size(); ++l) {
    const LinkSpec& ls = m.links_[l];
    bool send_here = m.in_process_ || ls.sender == m.rank_;
    bool recv_here = m.in_process_ || ls.receiver == m.rank_;
    if (!send_here && !recv_here) continue;
    if (send_here) {
      int sock = m.in_process_ ? -1 : link_socks[2 * l];
      m.bells_.emplace_back(spec.wait_mode, sock, spec.timeout);
      m.link_ends_.emplace_back(Side::sender, shared.lines[l], sock, pids[ls.receiver],
                                m.bells_.back());
      m.ends_[{l, Side::sender}] = &m.link_ends_.back();
      m.senders_[l] = s.make_sender(m.link_ends_.back(), spec.params);
    }
    if (recv_here) {
      int sock = m.in_process_ ? -1 : link_socks[2 * l + 1];
      m.bells_.emplace_back(spec.wait_mode, sock, spec.timeout);
      m.link_ends_.emplace_back(Side::receiver, shared.lines[l], sock, pids[ls.sender],
                                m.bells_.back());
      m.ends_[{l, Side::receiver}] = &m.link_ends_.back();
      m.receivers_[l] = s.make_receiver(m.link_ends_.back(), spec.params);
    }
  }
}

// With --buffer-node, every buffer of link l is bound to the node the request resolves to for that
// link's (sender, receiver) pair, and where its pages are is checked.
void Team::bind_to_node(Member& m, const TeamSpec& spec, std::size_t l, const Buffer& buffer) {
  if (spec.buffer_node.empty()) return;
  if (!m.topology_)
    m.topology_ = std::make_unique<placement::Topology>(placement::Topology::this_system());
  const placement::Topology& topo = *m.topology_;
  auto logical = [&](int rank) {
    return hwloc_get_pu_obj_by_os_index(topo.get(), spec.pus.at(static_cast<std::size_t>(rank)))
        ->logical_index;
  };
  const LinkSpec& ls = m.links_[l];
  unsigned node =
      placement::resolve_buffer_node(topo, placement::parse_buffer_node(spec.buffer_node),
                                     logical(ls.sender), logical(ls.receiver));
  auto found =
      placement::bind_buffer_to_node(topo, buffer.region().base, buffer.region().size, node);
  if (found != std::vector<unsigned>{node}) {
    throw SystemError(EXDEV, "buffer of link " + std::to_string(l) + " bound to NUMA node " +
                                 std::to_string(node) + " but its pages are elsewhere");
  }
  m.buffer_node_ = static_cast<int>(node);
}

void Team::prepare_buffers(Member& m, const TeamSpec& spec, const BufferLayout& layout) {
  for (std::size_t l = 0; l < m.links_.size(); ++l) {
    if (m.senders_.count(l)) {
      m.sources_[l].reset();
      m.sources_[l] = std::make_unique<Buffer>(layout.size, layout.pages,
                                               spec.strategy->traits.shared_source, layout.slots);
      bind_to_node(m, spec, l, *m.sources_[l]);
      m.senders_[l]->prepare(m.sources_[l]->region());
    }
    if (m.receivers_.count(l)) {
      m.destinations_[l].reset();
      m.destinations_[l] = std::make_unique<Buffer>(layout.size, layout.pages, false, layout.slots);
      bind_to_node(m, spec, l, *m.destinations_[l]);
      m.receivers_[l]->prepare(m.destinations_[l]->region());
    }
  }
}

// Round trips between rank 0 (`pinger`) and rank 1, first on plain atomics, then through the
// doorbell. Plain loops check the peer every 2^14 spins.
static void raw_wait(const Flag& f, std::uint32_t target, const Doorbell& bell) {
  unsigned spins = 0;
  while (!reached(f.seq.load(std::memory_order_acquire), target)) {
    if (++spins == (1u << 14)) {
      spins = 0;
      bell.check_peer();
    }
    cpu_relax();
  }
}

static double probe_loop(Shared& sh, const Doorbell& bell, bool pinger, bool use_doorbell,
                         std::uint32_t base, int rounds) {
  Flag& out = pinger ? sh.probe_ping : sh.probe_pong;
  Flag& in = pinger ? sh.probe_pong : sh.probe_ping;
  auto t0 = Clock::now();
  for (int k = 1; k <= rounds; ++k) {
    auto v = base + static_cast<std::uint32_t>(k);
    if (pinger) {
      if (use_doorbell) {
        bell.signal(out, v);
        bell.wait(in, v);
      } else {
        out.seq.store(v, std::memory_order_release);
        raw_wait(in, v, bell);
      }
    } else {
      if (use_doorbell) {
        bell.wait(in, v);
        bell.signal(out, v);
      } else {
        raw_wait(in, v, bell);
        out.seq.store(v, std::memory_order_release);
      }
    }
  }
  return std::chrono::duration<double, std::nano>(Clock::now() - t0).count();
}

// A child's life: pinned, obeying commands until told to quit or until rank 0 goes away.
class Child {
 public:
  static void main(const TeamSpec& spec, Workload& workload, Shared& shared, int rank, int control,
                   const std::vector<LinkSpec>& links, const std::vector<int>& link_socks);
};

void Child::main(const TeamSpec& spec, Workload& workload, Shared& shared, int rank, int control,
                 const std::vector<LinkSpec>& links, const std::vector<int>& link_socks) {
  Member m;
  m.rank_ = rank;
  m.procs_ = spec.procs;
  m.links_ = links;
  Doorbell control_bell(spec.wait_mode, control, spec.timeout);
  Team::Reply hello;
  try {
    pin_self(spec.pus[static_cast<std::size_t>(rank)]);
  } catch (const std::exception& e) {
    hello.ok = 0;
    copy_text(hello.message, sizeof hello.message, e.what());
  }
  send_all(control, &hello, sizeof hello);
  if (!hello.ok) ::_exit(1);
  std::int32_t pids[kMaxProcs] = {};
  for (;;) {
    Team::Command cmd{};
    if (!recv_msg(control, &cmd, sizeof cmd, -1)) ::_exit(0);
    Team::Reply reply;
    try {
      // With an in-process strategy every endpoint lives in rank 0; the other ranks only take
      // part in barriers and probes.
      const bool idle = spec.strategy->traits.in_process;
      switch (cmd.op) {
        case Team::Command::Op::grant:
          std::memcpy(pids, cmd.pids, sizeof pids);
          if (!idle) grant_ptrace(*spec.strategy, links, rank, pids);
          break;
        case Team::Command::Op::construct:
          if (!idle) Team::construct_endpoints(m, spec, shared, link_socks, pids);
          break;
        case Team::Command::Op::prepare:
          if (idle) break;
          Team::prepare_buffers(m, spec, {cmd.size, static_cast<Pages>(cmd.flags), cmd.slots});
          workload.prepare(m, {cmd.size, static_cast<Pages>(cmd.flags), cmd.slots});
          workload.validate(m, cmd.seed);
          break;
        case Team::Command::Op::run: {
          send_all(control, &reply, sizeof reply);  // ready
          control_bell.wait(shared.go, cmd.seq);
          std::uint64_t before = involuntary_switches();
          auto t0 = Clock::now();
          if (!idle) workload.run(m, cmd.count, cmd.flags & 1u, cmd.flags & 2u, cmd.seed);
          reply.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
          reply.involuntary = involuntary_switches() - before;
          break;
        }
        case Team::Command::Op::probe:
          probe_loop(shared, control_bell, false, false, cmd.seq, static_cast<int>(cmd.count));
          probe_loop(shared, control_bell, false, true,
                     cmd.seq + static_cast<std::uint32_t>(cmd.count), static_cast<int>(cmd.count));
          break;
        case Team::Command::Op::quit:
          ::_exit(0);
      }
    } catch (const Unsupported& e) {
      reply.ok = 0;
      reply.unsupported = 1;
      copy_text(reply.message, sizeof reply.message, e.reason());
      copy_text(reply.remedy, sizeof reply.remedy, e.remedy());
    } catch (const std::exception& e) {
      reply.ok = 0;
      copy_text(reply.message, sizeof reply.message, e.what());
    }
    try {
      send_all(control, &reply, sizeof reply);
    } catch (const std::exception&) {
      ::_exit(1);
    }
    // A failed child leaves at once: its peers see the hang-up instead of waiting for a deadline.
    if (!reply.ok) ::_exit(1);
  }
}

Team::Team(const TeamSpec& spec, Workload& workload) : spec_(spec), workload_(workload) {
  if (spec_.procs < 2 || spec_.procs > kMaxProcs) {
    throw InvalidInput("a team has 2 to " + std::to_string(kMaxProcs) + " processes");
  }
  if (spec_.pus.size() != static_cast<std::size_t>(spec_.procs)) {
    throw InvalidInput("one PU per process is needed");
  }
  links_ = workload_.links(spec_.procs);
  // A peer that dies while a pipe strategy writes to it must be an EPIPE error (PeerLost), not a
  // SIGPIPE that ends the benchmark. Children inherit this.
  ::signal(SIGPIPE, SIG_IGN);
  const bool in_process = spec_.strategy->traits.in_process;

  shared_bytes_ = sizeof(Shared) + sizeof(LinkLines) * links_.size();
  void* mem =
      ::mmap(nullptr, shared_bytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) throw_errno("mapping the team's shared block");
  shared_ = new (mem) Shared();
  for (std::size_t l = 1; l < links_.size(); ++l) new (&shared_->lines[l]) LinkLines();

  me_ = std::make_unique<Member>();
  me_->rank_ = 0;
  me_->procs_ = spec_.procs;
  me_->in_process_ = in_process;
  me_->links_ = links_;

  std::vector<int> link_socks(2 * links_.size(), -1);  // [2l]: sender's end, [2l+1]: receiver's
  try {
    pin_self(spec_.pus[0]);
    if (!in_process) {
      for (std::size_t l = 0; l < links_.size(); ++l) {
        int sv[2];
        if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
          throw_errno("creating a link socket pair");
        }
        link_socks[2 * l] = sv[0];
        link_socks[2 * l + 1] = sv[1];
      }
    }
    std::int32_t pids[kMaxProcs] = {};
    pids[0] = ::getpid();
    const pid_t parent = ::getpid();
    for (int r = 1; r < spec_.procs; ++r) {
      int sv[2];
      if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        throw_errno("creating a control socket pair");
      }
      pid_t pid = ::fork();
      if (pid < 0) {
        ::close(sv[0]);
        ::close(sv[1]);
        throw_errno("fork");
      }
      if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(1);
        ::close(sv[0]);
        for (int fd : control_) ::close(fd);
        std::vector<int> mine(link_socks.size(), -1);
        for (std::size_t l = 0; l < links_.size(); ++l) {
          for (int end = 0; end < 2; ++end) {
            int owner = end == 0 ? links_[l].sender : links_[l].receiver;
            if (owner == r) {
              mine[2 * l + static_cast<std::size_t>(end)] =
                  link_socks[2 * l + static_cast<std::size_t>(end)];
            } else {
              ::close(link_socks[2 * l + static_cast<std::size_t>(end)]);
            }
          }
        }
        try {
          Child::main(spec_, workload_, *shared_, r, sv[1], links_, mine);
        } catch (...) {
        }
        ::_exit(1);
      }
      ::close(sv[1]);
      children_.push_back(pid);
      control_.push_back(sv[0]);
      pids[r] = pid;
    }
    // Rank 0 keeps only its own link ends: a child's death must close every copy of its ends.
    for (std::size_t l = 0; l < links_.size() && !in_process; ++l) {
      if (links_[l].sender != 0) ::close(std::exchange(link_socks[2 * l], -1));
      if (links_[l].receiver != 0) ::close(std::exchange(link_socks[2 * l + 1], -1));
    }
    for (int r = 1; r < spec_.procs; ++r) collect(r, "starting");

    Command grant{Command::Op::grant};
    std::memcpy(grant.pids, pids, sizeof pids);
    broadcast(grant);
    grant_ptrace(*spec_.strategy, links_, 0, pids);
    collect_all("granting access");

    broadcast(Command{Command::Op::construct});
    construct_endpoints(*me_, spec_, *shared_, link_socks, pids);
    collect_all("building endpoints");
  } catch (const std::exception& e) {
    for (int fd : link_socks) {
      if (fd >= 0) ::close(fd);
    }
    stop_children();
    me_.reset();
    ::munmap(shared_, shared_bytes_);
    shared_ = nullptr;
    throw;
  }
  // Rank 0's link sockets now belong to its Link objects; they are closed in the destructor.
  for (int fd : link_socks) {
    if (fd >= 0) me_owned_fds_.push_back(fd);
  }
}

Team::~Team() {
  stop_children();
  me_.reset();
  for (int fd : me_owned_fds_) ::close(fd);
  if (shared_) ::munmap(shared_, shared_bytes_);
}

void Team::stop_children() noexcept {
  Command quit{Command::Op::quit};
  for (int fd : control_) {
    ::send(fd, &quit, sizeof quit, MSG_NOSIGNAL | MSG_DONTWAIT);
    ::close(fd);
  }
  control_.clear();
  auto deadline = Clock::now() + std::chrono::milliseconds(500);
  for (pid_t pid : children_) {
    for (;;) {
      pid_t got = ::waitpid(pid, nullptr, WNOHANG);
      if (got == pid || (got < 0 && errno != EINTR)) break;
      if (Clock::now() > deadline) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        break;
      }
      ::usleep(200);
    }
  }
  children_.clear();
}

std::vector<pid_t> Team::pids() const {
  std::vector<pid_t> out{::getpid()};
  out.insert(out.end(), children_.begin(), children_.end());
  return out;
}

void Team::broadcast(const Command& cmd) {
  for (int fd : control_) send_all(fd, &cmd, sizeof cmd);
}

Team::Reply Team::collect(int rank, const char* what) {
  Reply reply;
  int fd = control_.at(static_cast<std::size_t>(rank - 1));
  auto ms = static_cast<int>(std::max<long>(spec_.timeout.count(), 1000) * 3);
  if (!recv_msg(fd, &reply, sizeof reply, ms)) {
    throw PeerLost(std::string("rank ") + std::to_string(rank) + " died while " + what);
  }
  if (!reply.ok) {
    if (reply.unsupported) throw Unsupported(reply.message, reply.remedy);
    throw SystemError(EIO, std::string("rank ") + std::to_string(rank) + " failed while " + what +
                               ": " + reply.message);
  }
  return reply;
}

void Team::collect_all(const char* what) {
  for (int r = 1; r < spec_.procs; ++r) collect(r, what);
}

void Team::rethrow_with_child_reason(const std::exception& e) {
  // A peer that failed has sent its reason before exiting: prefer it to "peer process is gone".
  for (std::size_t i = 0; i < control_.size(); ++i) {
    Reply reply;
    try {
      if (recv_msg(control_[i], &reply, sizeof reply, 200) && !reply.ok) {
        if (reply.unsupported) throw Unsupported(reply.message, reply.remedy);
        throw SystemError(EIO, "rank " + std::to_string(i + 1) + ": " + reply.message);
      }
    } catch (const WaitTimeout&) {
    }
  }
  throw SystemError(EIO, e.what());
}

void Team::prepare(const BufferLayout& layout, std::uint64_t seed) {
  Command cmd{Command::Op::prepare};
  cmd.size = layout.size;
  cmd.flags = static_cast<std::uint32_t>(layout.pages);
  cmd.slots = layout.slots;
  cmd.seed = seed;
  try {
    broadcast(cmd);
    prepare_buffers(*me_, spec_, layout);
    workload_.prepare(*me_, layout);
    workload_.validate(*me_, seed);
  } catch (const ValidationError&) {
    throw;
  } catch (const PeerLost& e) {
    rethrow_with_child_reason(e);
  } catch (const WaitTimeout& e) {
    rethrow_with_child_reason(e);
  }
  collect_all("preparing buffers");
}

BatchResult Team::run(std::uint64_t iterations, bool fresh, bool validate, std::uint64_t seed) {
  Command cmd{Command::Op::run};
  cmd.count = iterations;
  cmd.flags = (fresh ? 1u : 0u) | (validate ? 2u : 0u);
  cmd.seed = seed;
  cmd.seq = ++go_seq_;
  broadcast(cmd);
  collect_all("getting ready");
  BatchResult result;
  try {
    std::uint64_t before = involuntary_switches();
    auto t0 = Clock::now();
    Doorbell(spec_.wait_mode, -1, spec_.timeout).signal(shared_->go, go_seq_);
    workload_.run(*me_, iterations, fresh, validate, seed);
    auto t1 = Clock::now();
    result.involuntary = involuntary_switches() - before;
    result.seconds = std::chrono::duration<double>(t1 - t0).count();
  } catch (const ValidationError&) {
    throw;
  } catch (const PeerLost& e) {
    rethrow_with_child_reason(e);
  } catch (const WaitTimeout& e) {
    rethrow_with_child_reason(e);
  }
  result.rank_seconds.assign(static_cast<std::size_t>(spec_.procs), 0.0);
  result.rank_seconds[0] = result.seconds;
  for (int r = 1; r < spec_.procs; ++r) {
    Reply reply = collect(r, "running");
    result.involuntary += reply.involuntary;
    result.rank_seconds[static_cast<std::size_t>(r)] = reply.seconds;
  }
  return result;
}

ProbeResult Team::probe(int rounds) {
  ProbeResult out;
  Command cmd{Command::Op::probe};
  cmd.count = static_cast<std::uint64_t>(rounds);
  cmd.seq = probe_seq_;
  send_all(control_[0], &cmd, sizeof cmd);
  Doorbell bell(spec_.wait_mode, control_[0], spec_.timeout);
  double raw = probe_loop(*shared_, bell, true, false, probe_seq_, rounds);
  double door = probe_loop(*shared_, bell, true, true,
                           probe_seq_ + static_cast<std::uint32_t>(rounds), rounds);
  probe_seq_ += 2 * static_cast<std::uint32_t>(rounds);
  collect(1, "probing");
  out.handoff_ns = raw / (2.0 * rounds);
  out.doorbell_ns = door / (2.0 * rounds);
  return out;
}

}  // namespace crossmem::bench
