// The one notification mechanism every strategy uses: a 32-bit sequence number on its own cache
// line in memory shared by the two processes. Signalling stores a new value; waiting spins until
// the value reaches a target. The cost of "your data is there" is therefore the same for every
// strategy, and it can be measured on its own (see bench/probe).
//
// Two wait modes, fixed for a whole run and recorded in its output:
// - spin:  busy-wait (with the CPU's pause hint). Lowest latency; needs one core per process.
// - futex: spin a bounded number of times, then sleep in futex(2). Frees the core, costs a wake-up.
//
// Waits never hang: every few hundred microseconds of waiting, the waiter checks a watch descriptor
// (a socket whose other end the peer holds) for hang-up, and a deadline. A dead peer raises
// PeerLost; an expired deadline raises WaitTimeout.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace crossmem {

enum class WaitMode { spin, futex };
std::string_view to_string(WaitMode mode);
// Parses "spin" or "futex"; throws InvalidInput otherwise.
WaitMode parse_wait_mode(std::string_view text);

// A notification line: sequence number, sleeper count (futex mode) and three words of payload that
// travel with the signal on the same cache line.
struct alignas(64) Flag {
  std::atomic<std::uint32_t> seq{0};
  std::atomic<std::uint32_t> sleepers{0};
  std::atomic<std::uint64_t> arg[3] = {};
};
static_assert(sizeof(Flag) == 64);

class PeerLost : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
class WaitTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Doorbell {
 public:
  // `watch_fd`: a descriptor whose hang-up means the peer is gone (-1: none, e.g. in-process).
  Doorbell(WaitMode mode, int watch_fd, std::chrono::milliseconds timeout);

  // Publishes `value` (release). In futex mode, wakes sleepers.
  void signal(Flag& flag, std::uint32_t value) const;

  // Waits until `flag.seq` has reached `target` (wrap-around aware: seq - target >= 0 as signed).
  // Returns the observed value (acquire). Throws PeerLost or WaitTimeout.
  std::uint32_t wait(const Flag& flag, std::uint32_t target) const;
  // Same, for a flag the caller does not own (the sleeper count is updated in futex mode).
  std::uint32_t wait(Flag& flag, std::uint32_t target) const;

  // Waits until `fd` is ready for `events` (POLLIN/POLLOUT), with the same spin/sleep policy,
  // liveness check and deadline as wait().
  void wait_fd(int fd, short events) const;

  // Throws PeerLost if the watch descriptor has hung up.
  void check_peer() const;

  WaitMode mode() const { return mode_; }
  int watch_fd() const { return watch_fd_; }

 private:
  bool peer_gone() const;

  WaitMode mode_;
  int watch_fd_;
  std::chrono::milliseconds timeout_;
};

// True when `seq` has reached `target`, counting modulo 2^32.
inline bool reached(std::uint32_t seq, std::uint32_t target) {
  return static_cast<std::int32_t>(seq - target) >= 0;
}

inline void cpu_relax() {
  __builtin_ia32_pause();
}

}  // namespace crossmem
