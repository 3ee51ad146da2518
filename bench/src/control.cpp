#include "control.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "crossmem/doorbell.hpp"
#include "crossmem/error.hpp"

namespace crossmem::bench::control {
namespace {

void copy_text(char* out, std::size_t cap, const std::string& text) {
  std::size_t n = std::min(cap - 1, text.size());
  std::memcpy(out, text.data(), n);
  out[n] = '\0';
}

}  // namespace

void send(int fd, const void* data, std::size_t len) {
  ssize_t rc;
  do {
    rc = ::send(fd, data, len, MSG_NOSIGNAL);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0 && (errno == EPIPE || errno == ECONNRESET)) throw PeerLost("peer process is gone");
  if (rc != static_cast<ssize_t>(len)) throw_errno("sending a control message");
}

void send_nowait(int fd, const Command& cmd) noexcept {
  (void)::send(fd, &cmd, sizeof cmd, MSG_NOSIGNAL | MSG_DONTWAIT);
}

bool receive(int fd, void* data, std::size_t len, int timeout_ms) {
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

Reply failure(const std::string& message) {
  Reply reply;
  reply.ok = 0;
  copy_text(reply.message, sizeof reply.message, message);
  return reply;
}

Reply failure(const std::exception& e) {
  Reply reply;
  reply.ok = 0;
  if (const auto* u = dynamic_cast<const Unsupported*>(&e)) {
    reply.unsupported = 1;
    copy_text(reply.message, sizeof reply.message, u->reason());
    copy_text(reply.remedy, sizeof reply.remedy, u->remedy());
  } else {
    copy_text(reply.message, sizeof reply.message, e.what());
  }
  return reply;
}

void throw_failure(const Reply& reply, const std::string& context) {
  if (reply.unsupported) throw Unsupported(reply.message, reply.remedy);
  throw SystemError(EIO, context + ": " + reply.message);
}

}  // namespace crossmem::bench::control
