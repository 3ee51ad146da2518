#include "crossmem/doorbell.hpp"

#include <poll.h>

#include <string>

#include "crossmem/error.hpp"
#include "crossmem/kernel/futex.hpp"

namespace crossmem {
namespace {

using Clock = std::chrono::steady_clock;
// Spins between liveness checks: long enough that poll() costs nothing measurable, short enough
// that a dead peer is noticed within a millisecond.
constexpr unsigned kSpinsPerCheck = 1u << 13;
// futex mode: spins before going to sleep.
constexpr unsigned kSpinsBeforeSleep = 1u << 10;
constexpr long kSleepSliceNs = 20'000'000;

}  // namespace

std::string_view to_string(WaitMode mode) {
  return mode == WaitMode::spin ? "spin" : "futex";
}

WaitMode parse_wait_mode(std::string_view text) {
  if (text == "spin") return WaitMode::spin;
  if (text == "futex") return WaitMode::futex;
  throw InvalidInput("unknown wait mode '" + std::string(text) + "' (expected spin or futex)");
}

Doorbell::Doorbell(WaitMode mode, int watch_fd, std::chrono::milliseconds timeout)
    : mode_(mode), watch_fd_(watch_fd), timeout_(timeout) {}

void Doorbell::signal(Flag& flag, std::uint32_t value) const {
  if (mode_ == WaitMode::spin) {
    flag.seq.store(value, std::memory_order_release);
    return;
  }
  flag.seq.store(value, std::memory_order_seq_cst);
  if (flag.sleepers.load(std::memory_order_seq_cst) != 0) kernel::futex_wake_all(flag.seq);
}

bool Doorbell::peer_gone() const {
  if (watch_fd_ < 0) return false;
  pollfd p{watch_fd_, POLLRDHUP, 0};
  int rc = ::poll(&p, 1, 0);
  return rc > 0 && (p.revents & (POLLHUP | POLLRDHUP | POLLERR)) != 0;
}

void Doorbell::check_peer() const {
  if (peer_gone()) throw PeerLost("peer process is gone");
}

std::uint32_t Doorbell::wait(const Flag& flag, std::uint32_t target) const {
  return wait(const_cast<Flag&>(flag), target);
}

std::uint32_t Doorbell::wait(Flag& flag, std::uint32_t target) const {
  std::uint32_t v = flag.seq.load(std::memory_order_acquire);
  if (reached(v, target)) return v;
  const auto deadline = Clock::now() + timeout_;
  unsigned spins = 0;
  for (;;) {
    v = flag.seq.load(std::memory_order_acquire);
    if (reached(v, target)) return v;
    ++spins;
    if (mode_ == WaitMode::futex && spins >= kSpinsBeforeSleep) {
      flag.sleepers.fetch_add(1, std::memory_order_seq_cst);
      v = flag.seq.load(std::memory_order_seq_cst);
      if (!reached(v, target)) kernel::futex_wait(flag.seq, v, kSleepSliceNs);
      flag.sleepers.fetch_sub(1, std::memory_order_seq_cst);
      spins = kSpinsPerCheck;  // check liveness after every sleep
    }
    if (spins >= kSpinsPerCheck) {
      spins = 0;
      check_peer();
      if (Clock::now() > deadline) {
        throw WaitTimeout("no signal from peer within " + std::to_string(timeout_.count()) +
                          " ms (waiting for " + std::to_string(target) + ", have " +
                          std::to_string(v) + ")");
      }
      continue;
    }
    cpu_relax();
  }
}

void Doorbell::wait_fd(int fd, short events) const {
  const auto deadline = Clock::now() + timeout_;
  unsigned spins = 0;
  for (;;) {
    pollfd p[2] = {{fd, events, 0}, {watch_fd_, POLLRDHUP, 0}};
    nfds_t n = watch_fd_ >= 0 ? 2 : 1;
    int wait_ms = mode_ == WaitMode::futex && spins > 16 ? 20 : 0;
    if (wait_ms == 0) ++spins;
    int rc = ::poll(p, n, wait_ms);
    if (rc < 0 && errno != EINTR) throw_errno("poll");
    if (rc > 0 && (p[0].revents & (events | POLLERR | POLLHUP)) != 0) return;
    if (n == 2 && (p[1].revents & (POLLHUP | POLLRDHUP | POLLERR)) != 0) {
      throw PeerLost("peer process is gone");
    }
    // Sleeping polls check the deadline every time, spinning ones every 256 polls.
    if ((wait_ms > 0 || (spins & 0xff) == 0) && Clock::now() > deadline) {
      throw WaitTimeout("descriptor not ready within " + std::to_string(timeout_.count()) + " ms");
    }
    cpu_relax();
  }
}

}  // namespace crossmem
