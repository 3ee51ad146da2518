#include "common.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <utility>

#include "crossmem/error.hpp"
#include "crossmem/kernel/pipes.hpp"
#include "crossmem/kernel/probe.hpp"

namespace crossmem::detail {
namespace {

bool has_cap_sys_ptrace() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("CapEff:", 0) == 0) {
      std::uint64_t caps = std::stoull(line.substr(7), nullptr, 16);
      return (caps >> 19) & 1u;  // CAP_SYS_PTRACE
    }
  }
  return false;
}

}  // namespace

Availability ptrace_availability(int errno_of_self_test, std::string_view call) {
  std::string name(call);
  if (errno_of_self_test == ENOSYS) {
    return {
        false,
        name +
            " returns ENOSYS: the kernel lacks CONFIG_CROSS_MEMORY_ATTACH or a seccomp "
            "filter rejects the call",
        "run on a kernel with CONFIG_CROSS_MEMORY_ATTACH=y, outside a seccomp profile that blocks "
        "it (e.g. docker --security-opt seccomp=unconfined or --cap-add SYS_PTRACE)"};
  }
  if (errno_of_self_test == EPERM || errno_of_self_test == EACCES) {
    return {false,
            name + " on this process itself fails with " + std::strerror(errno_of_self_test) +
                ": a seccomp filter or security module blocks it",
            "run outside the restricting container profile (docker: --cap-add SYS_PTRACE or "
            "--security-opt seccomp=unconfined)"};
  }
  if (errno_of_self_test != 0) {
    return {false, name + " on this process itself fails: " + std::strerror(errno_of_self_test),
            ""};
  }
  auto scope = kernel::yama_ptrace_scope();
  if (scope && *scope == 3) {
    return {false, "Yama ptrace_scope is 3: no process may access another's memory",
            "ptrace_scope 3 cannot be lowered without a reboot; boot with it at 0 or 1"};
  }
  if (scope && *scope == 2 && !has_cap_sys_ptrace()) {
    return {
        false, "Yama ptrace_scope is 2: only CAP_SYS_PTRACE may access another process",
        "as root: echo 1 > /proc/sys/kernel/yama/ptrace_scope (scope 1 suffices: crossmem names "
        "each peer with PR_SET_PTRACER), or grant CAP_SYS_PTRACE"};
  }
  return {};
}

void PullSender::send(std::span<const std::byte> src) {
  link_.notify({address_of(src), src.size(), 0});
  link_.await();
}

std::uint64_t PullSender::address_of(std::span<const std::byte> src) const {
  return reinterpret_cast<std::uint64_t>(src.data());
}

std::uint64_t PullReceiver::await_announcement(std::size_t len) {
  Note note = link_.await();
  if (note[1] != len) {
    throw SystemError(EPROTO, "sender announced " + std::to_string(note[1]) +
                                  " bytes, receiver expects " + std::to_string(len));
  }
  return note[0];
}

void PullReceiver::report_done() {
  link_.notify();
}

void PullReceiver::recv(std::span<std::byte> dst) {
  copy(dst, await_announcement(dst.size()));
  report_done();
}

void PushReceiver::post(std::span<std::byte> dst) {
  link_.notify({reinterpret_cast<std::uint64_t>(dst.data()), dst.size(), 0});
}

void PushReceiver::complete(std::span<std::byte>) {
  link_.await();
}

void PushReceiver::recv(std::span<std::byte> dst) {
  post(dst);
  complete(dst);
}

void PushSender::send(std::span<const std::byte> src) {
  Note note = link_.await();
  if (note[1] != src.size()) {
    throw SystemError(EPROTO, "receiver expects " + std::to_string(note[1]) +
                                  " bytes, sender has " + std::to_string(src.size()));
  }
  copy(src, note[0]);
  link_.notify();
}

namespace {

void split(std::uint64_t base, std::size_t len, std::size_t parts, std::vector<iovec>& out) {
  out.clear();
  if (parts > len) parts = len > 0 ? len : 1;
  std::size_t step = len / parts, extra = len % parts, at = 0;
  for (std::size_t i = 0; i < parts; ++i) {
    std::size_t n = step + (i < extra ? 1 : 0);
    out.push_back({reinterpret_cast<void*>(base + at), n});
    at += n;
  }
}

}  // namespace

void ScatterPlan::plan(void* local, std::uint64_t remote, std::size_t len) {
  split(reinterpret_cast<std::uint64_t>(local), len, local_parts_, local_);
  split(remote, len, remote_parts_, remote_);
}

PipeStreamSender::PipeStreamSender(Link& link, bool await_reader)
    : link_(link), await_reader_(await_reader) {
  link_.take_value<std::size_t>(&fd_);
  if (!fd_) throw SystemError(EPROTO, "no pipe descriptor from the receiver");
  kernel::set_nonblocking(fd_.get(), true);
}

void PipeStreamSender::send(std::span<const std::byte> src) {
  std::size_t done = 0;
  bool signalled = false;
  for (;;) {
    bool full = false;
    if (done < src.size()) {
      ssize_t n = push(fd_.get(), src.data() + done, src.size() - done);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
      } else if (n < 0 && errno == EAGAIN) {
        full = true;
      } else if (n < 0 && errno == EPIPE) {
        throw PeerLost("pipe reader is gone");
      } else if (n < 0 && errno != EINTR) {
        throw_errno("pushing into the pipe");
      }
    }
    if (!signalled) {
      link_.notify();
      signalled = true;
    }
    if (done == src.size()) break;
    if (full) link_.doorbell().wait_fd(fd_.get(), POLLOUT);
  }
  if (await_reader_) link_.await();
}

PipeStreamReceiver::PipeStreamReceiver(Link& link, std::size_t pipe_size, bool report_done)
    : link_(link), report_done_(report_done) {
  kernel::PipeFds p = kernel::make_pipe();
  std::size_t granted = kernel::grow_pipe(p.write_end.get(), pipe_size);
  kernel::set_nonblocking(p.read_end.get(), true);
  link_.post_value(granted, p.write_end.get());
  // The sender holds its own copy of the write end now; ours closes with `p`.
  fd_ = std::move(p.read_end);
}

void PipeStreamReceiver::recv(std::span<std::byte> dst) {
  link_.await();
  std::size_t done = 0;
  while (done < dst.size()) {
    ssize_t n = ::read(fd_.get(), dst.data() + done, dst.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (n == 0) {
      throw PeerLost("pipe writer is gone");
    } else if (errno == EAGAIN) {
      link_.doorbell().wait_fd(fd_.get(), POLLIN);
    } else if (errno != EINTR) {
      throw_errno("reading from the pipe");
    }
  }
  if (report_done_) link_.notify();
}

}  // namespace crossmem::detail
