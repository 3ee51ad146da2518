#include "crossmem/link.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "crossmem/error.hpp"

namespace crossmem {
namespace {

constexpr int kSetupTimeoutMs = 30'000;

}  // namespace

Link::Link(Side side, LinkLines& lines, int sock, pid_t peer, const Doorbell& bell)
    : side_(side),
      out_(side == Side::sender ? lines.to_receiver : lines.to_sender),
      in_(side == Side::sender ? lines.to_sender : lines.to_receiver),
      sock_(sock),
      peer_(peer),
      bell_(bell) {
  sent_ = out_.seq.load(std::memory_order_relaxed);
  seen_ = in_.seq.load(std::memory_order_relaxed);
}

void Link::notify(const Note& note) {
  if (free_running_) {
    // Rewriting an unchanged line would pull it away from the peer reading it on every message.
    for (std::size_t i = 0; i < note.size(); ++i) {
      if (out_.arg[i].load(std::memory_order_relaxed) != note[i]) {
        out_.arg[i].store(note[i], std::memory_order_relaxed);
      }
    }
    return;
  }
  for (std::size_t i = 0; i < note.size(); ++i)
    out_.arg[i].store(note[i], std::memory_order_relaxed);
  bell_.signal(out_, ++sent_);
}

Note Link::await() {
  if (!free_running_) bell_.wait(in_, ++seen_);
  Note note;
  for (std::size_t i = 0; i < note.size(); ++i)
    note[i] = in_.arg[i].load(std::memory_order_relaxed);
  return note;
}

void Link::post(const void* data, std::size_t len, int fd) {
  if (sock_ < 0) throw SystemError(ENOTCONN, "setup message on a link without a socket");
  iovec iov{const_cast<void*>(data), len};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  if (fd >= 0) {
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &fd, sizeof fd);
  }
  for (;;) {
    ssize_t rc = ::sendmsg(sock_, &msg, MSG_NOSIGNAL);
    if (rc == static_cast<ssize_t>(len)) return;
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0 && (errno == EPIPE || errno == ECONNRESET)) throw PeerLost("peer process is gone");
    throw_errno("sending a setup message");
  }
}

kernel::UniqueFd Link::take(void* data, std::size_t len) {
  if (sock_ < 0) throw SystemError(ENOTCONN, "setup message on a link without a socket");
  pollfd p{sock_, POLLIN, 0};
  int rc;
  do {
    rc = ::poll(&p, 1, kSetupTimeoutMs);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) throw_errno("waiting for a setup message");
  if (rc == 0) throw WaitTimeout("no setup message from peer within 30 s");
  iovec iov{data, len};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t got;
  do {
    got = ::recvmsg(sock_, &msg, MSG_CMSG_CLOEXEC);
  } while (got < 0 && errno == EINTR);
  if (got == 0) throw PeerLost("peer process is gone");
  if (got < 0) throw_errno("receiving a setup message");
  kernel::UniqueFd fd;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
      int raw = -1;
      std::memcpy(&raw, CMSG_DATA(c), sizeof raw);
      fd.reset(raw);
    }
  }
  if (static_cast<std::size_t>(got) != len || (msg.msg_flags & MSG_TRUNC)) {
    throw SystemError(EPROTO, "setup message of " + std::to_string(got) + " bytes, expected " +
                                  std::to_string(len));
  }
  return fd;
}

}  // namespace crossmem
