// The control protocol between rank 0 and its children: fixed-size commands and replies over each
// child's SOCK_SEQPACKET control socket. Both sides are the same binary (the children are forked),
// so the records travel as plain bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "crossmem/bench/team.hpp"

namespace crossmem::bench::control {

// One pid per rank in a command.
using bench::kMaxProcs;

struct Command {
  enum class Op : std::uint32_t { grant, construct, prepare, run, probe, quit } op;
  std::uint32_t flags = 0;  // run: bit 0 fresh, bit 1 validate; prepare: pages
  std::uint64_t size = 0;
  std::uint64_t slots = 1;  // prepare: slots per buffer
  std::uint64_t count = 0;  // run: iterations; probe: rounds
  std::uint64_t seed = 0;
  std::uint32_t seq = 0;     // run: GO value; probe: base sequence
  std::int32_t tracer = -1;  // grant: the rank this child names with PR_SET_PTRACER, or -1
  std::int32_t pids[kMaxProcs] = {};
};

struct Reply {
  std::int32_t ok = 1;
  std::int32_t unsupported = 0;
  std::uint64_t involuntary = 0;
  double seconds = 0;  // run: this rank's own time for its part of the batch
  char message[480] = {};
  char remedy[480] = {};
};

// Sends one record. Throws PeerLost when the other end is gone, SystemError otherwise.
void send(int fd, const void* data, std::size_t len);
inline void send(int fd, const Command& cmd) {
  send(fd, &cmd, sizeof cmd);
}
inline void send(int fd, const Reply& reply) {
  send(fd, &reply, sizeof reply);
}
// Sends without waiting and without reporting errors (best effort, for shutdown).
void send_nowait(int fd, const Command& cmd) noexcept;

// Receives one record of exactly `len` bytes; false when the other end is gone. Waits at most
// `timeout_ms` (-1: forever). Throws WaitTimeout, SystemError (EPROTO on a short record).
bool receive(int fd, void* data, std::size_t len, int timeout_ms);
template <class T>
bool receive(int fd, T& record, int timeout_ms) {
  return receive(fd, &record, sizeof record, timeout_ms);
}

// A failure reply carrying `message` only.
Reply failure(const std::string& message);
// The failure reply for `e`: Unsupported keeps its reason and remedy, anything else its what().
Reply failure(const std::exception& e);

// Throws what a failure reply carries: Unsupported as sent, anything else as SystemError(EIO)
// prefixed with `context` ("rank 2 failed while preparing buffers").
[[noreturn]] void throw_failure(const Reply& reply, const std::string& context);

}  // namespace crossmem::bench::control
