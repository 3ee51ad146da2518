// Building blocks shared by several strategies (internal to the strategies target).
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "crossmem/kernel/fd.hpp"
#include "crossmem/strategy.hpp"

namespace crossmem::detail {

// Whether this process may use ptrace-checked access to a peer (CMA, /proc/PID/mem), judged from
// Yama's ptrace_scope and CAP_SYS_PTRACE, and whether `errno_of_self_test` (the result of trying
// the call on ourselves) shows a seccomp filter or a kernel without the call. `call` names the
// call.
Availability ptrace_availability(int errno_of_self_test, std::string_view call);

// Pull rendezvous, sender side: announces (address, length) of the message and returns when the
// receiver reports it has copied the bytes. Used by every strategy whose receiver reads the sender.
class PullSender : public Sender {
 public:
  explicit PullSender(Link& link) : link_(link) {}
  void send(std::span<const std::byte> src) override;

 protected:
  // The address the receiver will use for `src`: its virtual address, unless overridden.
  virtual std::uint64_t address_of(std::span<const std::byte> src) const;
  Link& link_;
};

// Pull rendezvous, receiver side: waits for the announcement, calls copy(), reports completion.
class PullReceiver : public Receiver {
 public:
  explicit PullReceiver(Link& link) : link_(link) {}
  void recv(std::span<std::byte> dst) override;

 protected:
  // Copies dst.size() bytes from the sender's address `remote` into `dst`.
  virtual void copy(std::span<std::byte> dst, std::uint64_t remote) = 0;
  // The two halves of the rendezvous, for receives that do something else than copy (combining
  // receives): the announced address of a message of `len` bytes (throws SystemError when the
  // sender announced another length), then the completion note that frees the sender's buffer.
  std::uint64_t await_announcement(std::size_t len);
  void report_done();
  Link& link_;
};

// Push rendezvous, receiver side: announces where the message must go (clear to send) and returns
// when the sender reports it has written the bytes.
class PushReceiver : public Receiver {
 public:
  explicit PushReceiver(Link& link) : link_(link) {}
  void recv(std::span<std::byte> dst) override;
  // Clear-to-send with dst's address; then the completion note.
  void post(std::span<std::byte> dst) override;
  void complete(std::span<std::byte> dst) override;

 private:
  Link& link_;
};

// Push rendezvous, sender side: waits for clear-to-send, calls copy(), reports completion.
class PushSender : public Sender {
 public:
  explicit PushSender(Link& link) : link_(link) {}
  void send(std::span<const std::byte> src) override;

 protected:
  // Copies `src` to the receiver's address `remote`.
  virtual void copy(std::span<const std::byte> src, std::uint64_t remote) = 0;
  Link& link_;
};

// Scatter/gather lists for one message: the local buffer split into `local_parts` iovecs and the
// remote one into `remote_parts`, nearly equal, at least one byte each (fewer parts for tiny
// messages). Reuses its storage: no allocation once warmed up.
class ScatterPlan {
 public:
  ScatterPlan(std::size_t local_parts, std::size_t remote_parts)
      : local_parts_(local_parts), remote_parts_(remote_parts) {}
  void plan(void* local, std::uint64_t remote, std::size_t len);
  std::span<const iovec> local() const { return local_; }
  std::span<const iovec> remote() const { return remote_; }

 private:
  std::size_t local_parts_, remote_parts_;
  std::vector<iovec> local_, remote_;
};

// Messages streamed through a pipe that the receiver creates (grown to `pipe_size` bytes, or as far
// as pipe-max-size allows when 0) and whose write end it hands to the sender. Both ends are
// non-blocking; waits for room or data go through the doorbell's wait_fd, so spin/futex mode and
// liveness checks apply as for every other strategy.
//
// The sender pushes what fits, signals the receiver, then pushes the rest as the receiver drains
// the pipe. With `await_reader`, the sender also waits for the receiver's note that it has read the
// whole message (vmsplice: until then the pipe references the sender's pages).
class PipeStreamSender : public Sender {
 public:
  PipeStreamSender(Link& link, bool await_reader);
  void send(std::span<const std::byte> src) override;

 protected:
  // Moves up to `len` bytes at `data` into the pipe without blocking; returns the count or
  // -1/errno.
  virtual ssize_t push(int fd, const std::byte* data, std::size_t len) = 0;

 private:
  Link& link_;
  kernel::UniqueFd fd_;
  bool await_reader_;
};

class PipeStreamReceiver : public Receiver {
 public:
  // Throws SystemError or PeerLost; nothing it opened stays open then.
  PipeStreamReceiver(Link& link, std::size_t pipe_size, bool report_done);
  void recv(std::span<std::byte> dst) override;

 private:
  Link& link_;
  kernel::UniqueFd fd_;
  bool report_done_;
};

}  // namespace crossmem::detail
