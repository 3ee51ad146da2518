// probe_cross_process(): a target and a reader, forked siblings, talking over pipes. The children
// use only system calls and stack memory, so the test is safe in a multi-threaded caller.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <thread>

#include "crossmem/doctor/peer_access.hpp"
#include "crossmem/kernel/fd.hpp"

namespace crossmem::doctor {
namespace {

constexpr std::size_t kProbeBytes = 256;
constexpr int kTimeoutMs = 5000;

unsigned char pattern_byte(std::size_t i) {
  return static_cast<unsigned char>(i * 7 + 13);
}

constexpr char kReady = 'R';
constexpr char kNameReader = 'N';
constexpr char kNotDumpable = 'D';
constexpr char kQuit = 'Q';

// What the reader sends back to the parent.
struct Wire {
  AccessErrnos unrelated;
  int set_ptracer_errno;
  AccessErrnos named;
  int set_dumpable_errno;
  AccessErrnos non_dumpable;
};

bool read_exact(int fd, void* buf, std::size_t len, int timeout_ms) {
  auto* p = static_cast<char*>(buf);
  while (len > 0) {
    pollfd pfd{fd, POLLIN, 0};
    int rc = ::poll(&pfd, 1, timeout_ms);
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) return false;
    ssize_t n = ::read(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<std::size_t>(n);
  }
  return true;
}

bool write_exact(int fd, const void* buf, std::size_t len) {
  const auto* p = static_cast<const char*>(buf);
  while (len > 0) {
    ssize_t n = ::write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<std::size_t>(n);
  }
  return true;
}

void die_with(pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (::getppid() != parent) ::_exit(1);
}

[[noreturn]] void target_main(int cmd_fd, int reply_fd, unsigned char* region, pid_t parent) {
  die_with(parent);
  // A fresh process after exec is dumpable; this one may have inherited "not dumpable" from a
  // caller that changed its credentials. The test is about ordinary peers.
  ::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
  for (std::size_t i = 0; i < kProbeBytes; ++i) region[i] = pattern_byte(i);
  if (!write_exact(reply_fd, &kReady, 1)) ::_exit(1);
  for (;;) {
    char cmd = 0;
    if (!read_exact(cmd_fd, &cmd, 1, kTimeoutMs)) ::_exit(0);
    int err = 0;
    if (cmd == kNameReader) {
      pid_t reader = 0;
      if (!read_exact(cmd_fd, &reader, sizeof reader, kTimeoutMs)) ::_exit(1);
      err = ::prctl(PR_SET_PTRACER, static_cast<unsigned long>(reader), 0, 0, 0) == 0 ? 0 : errno;
    } else if (cmd == kNotDumpable) {
      err = ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 ? 0 : errno;
    } else {
      ::_exit(0);
    }
    if (!write_exact(reply_fd, &err, sizeof err)) ::_exit(1);
  }
}

int check_read(ssize_t rc, const unsigned char* got) {
  if (rc < 0) return errno;
  if (rc != static_cast<ssize_t>(kProbeBytes)) return EIO;
  for (std::size_t i = 0; i < kProbeBytes; ++i) {
    if (got[i] != pattern_byte(i)) return EIO;
  }
  return 0;
}

int check_write(ssize_t rc) {
  if (rc < 0) return errno;
  return rc == static_cast<ssize_t>(kProbeBytes) ? 0 : EIO;
}

AccessErrnos try_access(pid_t target, unsigned char* remote) {
  AccessErrnos out;
  unsigned char expect[kProbeBytes], got[kProbeBytes];
  for (std::size_t i = 0; i < kProbeBytes; ++i) expect[i] = pattern_byte(i);

  std::memset(got, 0, sizeof got);
  iovec local{got, kProbeBytes}, far{remote, kProbeBytes};
  out.cma_read = check_read(::process_vm_readv(target, &local, 1, &far, 1, 0), got);
  local = {expect, kProbeBytes};
  out.cma_write = check_write(::process_vm_writev(target, &local, 1, &far, 1, 0));

  char path[64] = "/proc/";
  auto [end, ec] = std::to_chars(path + 6, path + 40, target);
  (void)ec;
  std::memcpy(end, "/mem", 5);
  auto offset = static_cast<off_t>(reinterpret_cast<std::uintptr_t>(remote));

  if (kernel::UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC)); !fd) {
    out.proc_mem_read = errno;
  } else {
    std::memset(got, 0, sizeof got);
    out.proc_mem_read = check_read(::pread(fd.get(), got, kProbeBytes, offset), got);
  }
  if (kernel::UniqueFd fd(::open(path, O_WRONLY | O_CLOEXEC)); !fd) {
    out.proc_mem_write = errno;
  } else {
    out.proc_mem_write = check_write(::pwrite(fd.get(), expect, kProbeBytes, offset));
  }
  return out;
}

[[noreturn]] void reader_main(pid_t target, int cmd_fd, int reply_fd, int result_fd,
                              unsigned char* region, pid_t parent) {
  die_with(parent);
  Wire w{};
  char ready = 0;
  if (!read_exact(reply_fd, &ready, 1, kTimeoutMs) || ready != kReady) ::_exit(1);
  w.unrelated = try_access(target, region);

  pid_t me = ::getpid();
  if (!write_exact(cmd_fd, &kNameReader, 1) || !write_exact(cmd_fd, &me, sizeof me) ||
      !read_exact(reply_fd, &w.set_ptracer_errno, sizeof(int), kTimeoutMs)) {
    ::_exit(1);
  }
  w.named = try_access(target, region);

  if (!write_exact(cmd_fd, &kNotDumpable, 1) ||
      !read_exact(reply_fd, &w.set_dumpable_errno, sizeof(int), kTimeoutMs)) {
    ::_exit(1);
  }
  w.non_dumpable = try_access(target, region);

  write_exact(cmd_fd, &kQuit, 1);
  ::_exit(write_exact(result_fd, &w, sizeof w) ? 0 : 1);
}

// Waits up to `timeout_ms` for `pid` to exit, then kills it; always reaps.
void reap(pid_t pid, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int status = 0;
    pid_t rc = ::waitpid(pid, &status, WNOHANG);
    if (rc == pid || (rc < 0 && errno != EINTR)) return;
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

// A pipe whose ends close with it; errno when it cannot be created.
int open_pipe(kernel::UniqueFd& read_end, kernel::UniqueFd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return errno;
  read_end.reset(fds[0]);
  write_end.reset(fds[1]);
  return 0;
}

}  // namespace

int AccessErrnos::get(AccessKind kind) const {
  switch (kind) {
    case AccessKind::cma_read:
      return cma_read;
    case AccessKind::cma_write:
      return cma_write;
    case AccessKind::proc_mem_read:
      return proc_mem_read;
    case AccessKind::proc_mem_write:
      return proc_mem_write;
  }
  return -1;
}

const char* access_kind_name(AccessKind kind) {
  switch (kind) {
    case AccessKind::cma_read:
      return "process_vm_readv";
    case AccessKind::cma_write:
      return "process_vm_writev";
    case AccessKind::proc_mem_read:
      return "/proc/PID/mem read";
    case AccessKind::proc_mem_write:
      return "/proc/PID/mem write";
  }
  return "?";
}

CrossProcessResult probe_cross_process() {
  CrossProcessResult out;
  alignas(64) unsigned char region[kProbeBytes] = {};
  // [0]: read end, [1]: write end. Each process resets the ends it does not use.
  kernel::UniqueFd cmd[2], reply[2], result[2];
  int err = open_pipe(cmd[0], cmd[1]);
  if (err == 0) err = open_pipe(reply[0], reply[1]);
  if (err == 0) err = open_pipe(result[0], result[1]);
  if (err != 0) {
    out.error = std::string("creating pipes: ") + std::strerror(err);
    return out;
  }
  pid_t parent = ::getpid();
  pid_t target = ::fork();
  if (target == 0) {
    for (kernel::UniqueFd* fd : {&cmd[1], &reply[0], &result[0], &result[1]}) fd->reset();
    target_main(cmd[0].get(), reply[1].get(), region, parent);
  }
  if (target < 0) {
    out.error = std::string("fork: ") + std::strerror(errno);
    return out;
  }
  pid_t reader = ::fork();
  if (reader == 0) {
    for (kernel::UniqueFd* fd : {&cmd[0], &reply[1], &result[0]}) fd->reset();
    reader_main(target, cmd[1].get(), reply[0].get(), result[1].get(), region, parent);
  }
  int fork_errno = errno;
  for (kernel::UniqueFd* fd : {&cmd[0], &cmd[1], &reply[0], &reply[1], &result[1]}) fd->reset();
  if (reader < 0) {
    out.error = std::string("fork: ") + std::strerror(fork_errno);
    result[0].reset();
    reap(target, 0);
    return out;
  }
  Wire w{};
  bool got = read_exact(result[0].get(), &w, sizeof w, 2 * kTimeoutMs);
  result[0].reset();
  reap(reader, got ? 1000 : 0);
  reap(target, got ? 1000 : 0);
  if (!got) {
    out.error =
        "the test processes did not report within " + std::to_string(2 * kTimeoutMs / 1000) + " s";
    return out;
  }
  out.ran = true;
  out.target_pid = target;
  out.unrelated = w.unrelated;
  out.set_ptracer_errno = w.set_ptracer_errno;
  out.named = w.named;
  out.non_dumpable = w.non_dumpable;
  return out;
}

}  // namespace crossmem::doctor
