// The team itself: rank 0's side (construction, commands, barriers) and the children's command
// loop. The pieces it is made of: control.hpp (the wire records), spawn.hpp (fork and reap),
// grants.hpp (who names whom with PR_SET_PTRACER), member_setup.hpp (endpoints and buffers),
// shared_block.hpp (the memory every rank maps) and handoff_probe.hpp.
#include "crossmem/bench/team.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "control.hpp"
#include "crossmem/bench/grants.hpp"
#include "crossmem/bench/pinning.hpp"
#include "crossmem/error.hpp"
#include "crossmem/kernel/probe.hpp"
#include "handoff_probe.hpp"
#include "member_setup.hpp"
#include "shared_block.hpp"
#include "spawn.hpp"

namespace crossmem::bench {
namespace {

using Clock = std::chrono::steady_clock;
using control::Command;
using control::Reply;

std::uint64_t involuntary_switches() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<std::uint64_t>(u.ru_nivcsw);
}

void name_tracer(int tracer, const std::int32_t* pids) {
  if (tracer < 0) return;
  if (::prctl(PR_SET_PTRACER, static_cast<unsigned long>(pids[tracer]), 0, 0, 0) != 0) {
    throw_errno("PR_SET_PTRACER naming rank " + std::to_string(tracer));
  }
}

// A child's life: pinned, obeying commands until told to quit or until rank 0 goes away. `socks`:
// this child's ends of the link sockets (see MemberSetup::construct_endpoints).
[[noreturn]] void child_main(const TeamSpec& spec, Workload& workload, SharedBlock& shared,
                             int rank, int control_fd, const std::vector<LinkSpec>& links,
                             const std::vector<int>& socks) {
  Member m;
  MemberSetup::init(m, rank, spec.procs, false, links);
  Doorbell control_bell(spec.wait_mode, control_fd, spec.timeout);
  Reply hello;
  try {
    pin_self(spec.pus[static_cast<std::size_t>(rank)]);
  } catch (const std::exception& e) {
    hello = control::failure(std::string(e.what()));
  }
  control::send(control_fd, hello);
  if (!hello.ok) ::_exit(1);
  std::int32_t pids[control::kMaxProcs] = {};
  for (;;) {
    Command cmd{};
    if (!control::receive(control_fd, cmd, -1)) ::_exit(0);
    Reply reply;
    try {
      // With an in-process strategy every endpoint lives in rank 0; the other ranks only take
      // part in barriers and probes.
      const bool idle = spec.strategy->traits.in_process;
      switch (cmd.op) {
        case Command::Op::grant:
          std::memcpy(pids, cmd.pids, sizeof pids);
          if (!idle) name_tracer(cmd.tracer, pids);
          break;
        case Command::Op::construct:
          if (!idle) MemberSetup::construct_endpoints(m, spec, shared, socks, pids);
          break;
        case Command::Op::prepare:
          if (idle) break;
          MemberSetup::prepare_buffers(m, spec,
                                       {cmd.size, static_cast<Pages>(cmd.flags), cmd.slots});
          workload.prepare(m, {cmd.size, static_cast<Pages>(cmd.flags), cmd.slots});
          workload.validate(m, cmd.seed);
          break;
        case Command::Op::run: {
          control::send(control_fd, reply);  // ready
          control_bell.wait(shared.go(), cmd.seq);
          std::uint64_t before = involuntary_switches();
          auto t0 = Clock::now();
          if (!idle) workload.run(m, cmd.count, cmd.flags & 1u, cmd.flags & 2u, cmd.seed);
          reply.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
          reply.involuntary = involuntary_switches() - before;
          break;
        }
        case Command::Op::probe: {
          const int rounds = static_cast<int>(cmd.count);
          probe_round_trips(shared.probe_ping(), shared.probe_pong(), control_bell, false, false,
                            cmd.seq, rounds);
          probe_round_trips(shared.probe_ping(), shared.probe_pong(), control_bell, false, true,
                            cmd.seq + static_cast<std::uint32_t>(cmd.count) + 1, rounds);
          break;
        }
        case Command::Op::quit:
          ::_exit(0);
      }
    } catch (const std::exception& e) {
      reply = control::failure(e);
    }
    try {
      control::send(control_fd, reply);
    } catch (const std::exception&) {
      ::_exit(1);
    }
    // A failed child leaves at once: its peers see the hang-up instead of waiting for a deadline.
    if (!reply.ok) ::_exit(1);
  }
}

}  // namespace

Team::Team(const TeamSpec& spec, Workload& workload) : spec_(spec), workload_(workload) {
  if (spec_.procs < 2 || spec_.procs > control::kMaxProcs) {
    throw InvalidInput("a team has 2 to " + std::to_string(control::kMaxProcs) + " processes");
  }
  if (spec_.pus.size() != static_cast<std::size_t>(spec_.procs)) {
    throw InvalidInput("one PU per process is needed");
  }
  links_ = workload_.links(spec_.procs);
  // A peer that dies while a pipe strategy writes to it must be an EPIPE error (PeerLost), not a
  // SIGPIPE that ends the benchmark. Children inherit this.
  ::signal(SIGPIPE, SIG_IGN);
  const bool in_process = spec_.strategy->traits.in_process;

  // From here on a failure unwinds through the members' destructors: children stopped and reaped,
  // endpoints destroyed, sockets closed, the shared block unmapped.
  shared_ = std::make_unique<SharedBlock>(links_.size());
  me_ = std::make_unique<Member>();
  MemberSetup::init(*me_, 0, spec_.procs, in_process, links_);
  children_ = std::make_unique<Children>();

  pin_self(spec_.pus[0]);
  link_fds_.resize(2 * links_.size());
  if (!in_process) {
    for (std::size_t l = 0; l < links_.size(); ++l) {
      kernel::SocketPair sp = kernel::make_socket_pair(SOCK_SEQPACKET);
      link_fds_[2 * l] = std::move(sp.first);
      link_fds_[2 * l + 1] = std::move(sp.second);
    }
  }
  std::int32_t pids[control::kMaxProcs] = {};
  pids[0] = ::getpid();
  for (int r = 1; r < spec_.procs; ++r) {
    children_->spawn([&, r](int control_fd) {
      // Each process keeps only its own link ends: a child's death must close every copy of them.
      std::vector<int> mine(link_fds_.size(), -1);
      for (std::size_t l = 0; l < links_.size(); ++l) {
        for (std::size_t end = 0; end < 2; ++end) {
          int owner = end == 0 ? links_[l].sender : links_[l].receiver;
          kernel::UniqueFd& fd = link_fds_[2 * l + end];
          if (owner == r) {
            mine[2 * l + end] = fd.get();
          } else {
            fd.reset();
          }
        }
      }
      child_main(spec_, workload_, *shared_, r, control_fd, links_, mine);
    });
    pids[r] = children_->pid(static_cast<std::size_t>(r - 1));
  }
  for (std::size_t l = 0; l < links_.size(); ++l) {
    if (links_[l].sender != 0) link_fds_[2 * l].reset();
    if (links_[l].receiver != 0) link_fds_[2 * l + 1].reset();
  }
  for (int r = 1; r < spec_.procs; ++r) collect(r, "starting");

  const std::vector<int> tracers =
      ptrace_grants(spec_.strategy->traits, links_, spec_.procs, kernel::yama_ptrace_scope());
  Command grant{Command::Op::grant};
  std::memcpy(grant.pids, pids, sizeof pids);
  for (int r = 1; r < spec_.procs; ++r) {
    grant.tracer = tracers[static_cast<std::size_t>(r)];
    control::send(children_->control(static_cast<std::size_t>(r - 1)), grant);
  }
  name_tracer(tracers[0], pids);
  collect_all("granting access");

  broadcast(Command{Command::Op::construct});
  std::vector<int> socks(link_fds_.size(), -1);
  std::transform(link_fds_.begin(), link_fds_.end(), socks.begin(),
                 [](const kernel::UniqueFd& fd) { return fd.get(); });
  MemberSetup::construct_endpoints(*me_, spec_, *shared_, socks, pids);
  collect_all("building endpoints");
}

Team::~Team() {
  stop_children();
}

void Team::stop_children() noexcept {
  const Command quit{Command::Op::quit};
  for (std::size_t i = 0; i < children_->size(); ++i)
    control::send_nowait(children_->control(i), quit);
  children_->stop();
}

std::vector<pid_t> Team::pids() const {
  std::vector<pid_t> out{::getpid()};
  out.insert(out.end(), children_->pids().begin(), children_->pids().end());
  return out;
}

void Team::broadcast(const Command& cmd) {
  for (std::size_t i = 0; i < children_->size(); ++i) control::send(children_->control(i), cmd);
}

Reply Team::collect(int rank, const char* what) {
  Reply reply;
  int fd = children_->control(static_cast<std::size_t>(rank - 1));
  auto ms = static_cast<int>(std::max<long>(spec_.timeout.count(), 1000) * 3);
  if (!control::receive(fd, reply, ms)) {
    throw PeerLost(std::string("rank ") + std::to_string(rank) + " died while " + what);
  }
  if (!reply.ok) {
    control::throw_failure(reply, "rank " + std::to_string(rank) + " failed while " + what);
  }
  return reply;
}

void Team::collect_all(const char* what) {
  for (int r = 1; r < spec_.procs; ++r) collect(r, what);
}

void Team::rethrow_with_child_reason(const std::exception& e) {
  // A peer that failed has sent its reason before exiting: prefer it to "peer process is gone".
  for (std::size_t i = 0; i < children_->size(); ++i) {
    Reply reply;
    try {
      if (control::receive(children_->control(i), reply, 200) && !reply.ok) {
        control::throw_failure(reply, "rank " + std::to_string(i + 1));
      }
    } catch (const WaitTimeout&) {
    }
  }
  throw SystemError(EIO, e.what());
}

void Team::with_child_reason(const std::function<void()>& body) {
  try {
    body();
  } catch (const ValidationError&) {
    throw;
  } catch (const PeerLost& e) {
    rethrow_with_child_reason(e);
  } catch (const WaitTimeout& e) {
    rethrow_with_child_reason(e);
  }
}

void Team::prepare(const BufferLayout& layout, std::uint64_t seed) {
  Command cmd{Command::Op::prepare};
  cmd.size = layout.size;
  cmd.flags = static_cast<std::uint32_t>(layout.pages);
  cmd.slots = layout.slots;
  cmd.seed = seed;
  with_child_reason([&] {
    broadcast(cmd);
    MemberSetup::prepare_buffers(*me_, spec_, layout);
    workload_.prepare(*me_, layout);
    workload_.validate(*me_, seed);
  });
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
  with_child_reason([&] {
    std::uint64_t before = involuntary_switches();
    auto t0 = Clock::now();
    Doorbell(spec_.wait_mode, -1, spec_.timeout).signal(shared_->go(), go_seq_);
    workload_.run(*me_, iterations, fresh, validate, seed);
    auto t1 = Clock::now();
    result.involuntary = involuntary_switches() - before;
    result.seconds = std::chrono::duration<double>(t1 - t0).count();
  });
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
  const int fd = children_->control(0);
  control::send(fd, cmd);
  Doorbell bell(spec_.wait_mode, fd, spec_.timeout);
  double raw = probe_round_trips(shared_->probe_ping(), shared_->probe_pong(), bell, true, false,
                                 probe_seq_, rounds);
  double door = probe_round_trips(shared_->probe_ping(), shared_->probe_pong(), bell, true, true,
                                  probe_seq_ + static_cast<std::uint32_t>(rounds) + 1, rounds);
  probe_seq_ += 2 * (static_cast<std::uint32_t>(rounds) + 1);
  collect(1, "probing");
  out.handoff_ns = raw / (2.0 * rounds);
  out.doorbell_ns = door / (2.0 * rounds);
  return out;
}

}  // namespace crossmem::bench
