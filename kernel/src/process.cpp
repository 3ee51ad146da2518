#include "crossmem/kernel/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "crossmem/error.hpp"

namespace crossmem::kernel {
namespace {

constexpr int kSetupFailed = 126;
constexpr int kExecFailed = 127;

// Descriptors of the parent's side, closed on every path out.
struct Fds {
  int fd[6] = {-1, -1, -1, -1, -1, -1};  // out r/w, err r/w, status r/w
  ~Fds() {
    for (int f : fd) close_fd(f);
  }
  static void close_fd(int& f) {
    if (f >= 0) ::close(f);
    f = -1;
  }
};

void make_pipe(int* ends, const std::string& program) {
  if (::pipe2(ends, O_CLOEXEC) != 0) throw_errno("creating a pipe for " + program);
}

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void child(const Command& c, int out, int err, int status) {
  int devnull = ::open("/dev/null", O_RDONLY);
  if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
  ::dup2(out, STDOUT_FILENO);
  ::dup2(err, STDERR_FILENO);
  if (c.timeout.count() > 0) ::setpgid(0, 0);
  std::string failure;
  if (!c.cwd.empty() && ::chdir(c.cwd.c_str()) != 0) {
    failure = "cannot enter " + c.cwd.string() + ": " + std::strerror(errno);
  } else if (c.before_exec) {
    failure = c.before_exec();
  }
  if (!failure.empty()) {
    write_all(status, failure);
    ::_exit(kSetupFailed);
  }
  std::vector<char*> args, envp;
  for (const auto& a : c.argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  if (c.env) {
    for (const auto& e : *c.env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    ::execvpe(args[0], args.data(), envp.data());
  } else {
    ::execvp(args[0], args.data());
  }
  write_all(status, "cannot run " + c.argv[0] + ": " + std::strerror(errno));
  ::_exit(kExecFailed);
}

// Appends what `fd` has now; closes it at end of file.
void drain(int& fd, std::string& into) {
  char buf[4096];
  while (fd >= 0) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      into.append(buf, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) Fds::close_fd(fd);
      return;
    }
  }
}

}  // namespace

Finished run(const Command& command) {
  if (command.argv.empty()) throw InvalidInput("no program to run");
  const std::string& program = command.argv[0];
  Fds p;
  make_pipe(&p.fd[0], program);
  if (command.merge_output) {
    p.fd[3] = ::fcntl(p.fd[1], F_DUPFD_CLOEXEC, 0);
    if (p.fd[3] < 0) throw_errno("duplicating a pipe for " + program);
  } else {
    make_pipe(&p.fd[2], program);
  }
  make_pipe(&p.fd[4], program);

  pid_t pid = ::fork();
  if (pid < 0) throw_errno("forking to run " + program);
  if (pid == 0) child(command, p.fd[1], p.fd[3], p.fd[5]);
  if (command.timeout.count() > 0) ::setpgid(pid, pid);
  Fds::close_fd(p.fd[1]);
  Fds::close_fd(p.fd[3]);
  Fds::close_fd(p.fd[5]);
  for (int i : {0, 2}) {
    if (p.fd[i] >= 0) ::fcntl(p.fd[i], F_SETFL, ::fcntl(p.fd[i], F_GETFL) | O_NONBLOCK);
  }

  Finished f;
  const auto deadline = std::chrono::steady_clock::now() + command.timeout;
  int status = 0;
  bool exited = false;
  while (!exited) {
    pollfd fds[2] = {{p.fd[0], POLLIN, 0}, {p.fd[2], POLLIN, 0}};
    // Short waits: the program may exit while a child of its own keeps the pipes open.
    int rc = ::poll(fds, 2, 20);
    if (rc < 0 && errno != EINTR) throw_errno("waiting for output of " + program);
    drain(p.fd[0], f.out);
    drain(p.fd[2], f.err);
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done < 0 && errno != EINTR) throw_errno("waiting for " + program);
    exited = done == pid;
    if (!exited && command.timeout.count() > 0 && std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw_errno("waiting for " + program);
      }
      f.timed_out = true;
      exited = true;
    }
  }
  drain(p.fd[0], f.out);
  drain(p.fd[2], f.err);

  std::string failure;
  drain(p.fd[4], failure);
  const bool setup_failed =
      WIFEXITED(status) && !failure.empty() &&
      (WEXITSTATUS(status) == kSetupFailed || WEXITSTATUS(status) == kExecFailed);
  f.started = !setup_failed;
  if (setup_failed) f.failure = failure;
  if (WIFEXITED(status) && !f.timed_out) f.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) f.signal = WTERMSIG(status);
  return f;
}

}  // namespace crossmem::kernel
