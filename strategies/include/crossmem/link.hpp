// A link is one direction of traffic between two processes: a sender endpoint in one, a receiver
// endpoint in the other (or both in one process, for in-process reference points). Each process
// holds its own Link object for its end. A link gives a strategy everything it may use:
//
// - notes: a signal to the peer carrying up to three 64-bit words (an address, a length...),
// through
//   the shared Doorbell. Each direction holds one note: a side must not send a note with arguments
//   until the peer has taken the previous one (strategies keep to request/reply pairs, or send
//   notes without arguments, whose counts simply accumulate).
// - setup messages: small byte blobs, optionally with a file descriptor, over a socket. For
//   construction and buffer preparation only, never on the timed path.
// - the peer's pid, the doorbell (for flags the strategy keeps in its own shared memory), and the
//   strategy's tunables.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "crossmem/doorbell.hpp"
#include "crossmem/kernel/fd.hpp"

namespace crossmem {

// The two notification lines of one link, in memory both processes map.
struct LinkLines {
  Flag to_receiver;
  Flag to_sender;
};

enum class Side { sender, receiver };

using Note = std::array<std::uint64_t, 3>;

class Link {
 public:
  // `lines`: the shared lines of this link. `sock`: this side's end of the link's socket pair
  // (-1 in-process); `peer`: the other side's pid.
  Link(Side side, LinkLines& lines, int sock, pid_t peer, const Doorbell& bell);

  // Signals the peer, publishing `note` with the signal.
  void notify(const Note& note = {});
  // Waits for the peer's next signal and returns its note. Throws PeerLost/WaitTimeout.
  Note await();

  // Sends a setup message, with `fd` attached when >= 0. Throws SystemError.
  void post(const void* data, std::size_t len, int fd = -1);
  // Receives the next setup message into `data` (exactly `len` bytes expected); returns the
  // attached descriptor (empty when none came). Throws PeerLost or SystemError on a short or
  // missing message (an attached descriptor is closed then).
  kernel::UniqueFd take(void* data, std::size_t len);

  template <class T>
  void post_value(const T& value, int fd = -1) {
    post(&value, sizeof value, fd);
  }
  template <class T>
  T take_value(kernel::UniqueFd* fd = nullptr) {
    T value{};
    kernel::UniqueFd got = take(&value, sizeof value);
    if (fd) *fd = std::move(got);
    return value;
  }

  // Sync-free baselines only: while on, notify() just stores the note's arguments and await() just
  // returns the last ones, neither signalling nor waiting, so a strategy's own code runs with its
  // mechanism's flow control (pipe capacity, ring flags) and nothing else. Sequence counts are left
  // untouched, so turning it off on both sides resumes normal notes.
  void set_free_running(bool on) { free_running_ = on; }

  Side side() const { return side_; }
  pid_t peer() const { return peer_; }
  const Doorbell& doorbell() const { return bell_; }

 private:
  Side side_;
  Flag& out_;
  Flag& in_;
  int sock_;
  pid_t peer_;
  const Doorbell& bell_;
  std::uint32_t sent_ = 0;
  std::uint32_t seen_ = 0;
  bool free_running_ = false;
};

}  // namespace crossmem
