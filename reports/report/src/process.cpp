#include "process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "crossmem/error.hpp"

namespace crossmem::report {

namespace {

constexpr int kExecFailed = 127;

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw_errno("creating a pipe for " + argv.at(0));
  // A second pipe reports exec failure: it is closed on a successful exec, written otherwise.
  int status_fds[2];
  if (pipe2(status_fds, O_CLOEXEC) != 0) {
    close(fds[0]);
    close(fds[1]);
    throw_errno("creating a pipe for " + argv.at(0));
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::string dir = cwd.string();

  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    for (int fd : {fds[0], fds[1], status_fds[0], status_fds[1]}) close(fd);
    throw SystemError(err, "forking to run " + argv.at(0));
  }
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    int err = 0;
    if (chdir(dir.c_str()) != 0) {
      err = errno;
    } else {
      execvp(args[0], args.data());
      err = errno;
    }
    ssize_t ignored = write(status_fds[1], &err, sizeof err);
    (void)ignored;
    _exit(kExecFailed);
  }
  close(fds[1]);
  close(status_fds[1]);

  ProcessResult result;
  char buf[4096];
  while (true) {
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n > 0) {
      result.output.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(fds[0]);
  int exec_err = 0;
  ssize_t got = read(status_fds[0], &exec_err, sizeof exec_err);
  close(status_fds[0]);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw_errno("waiting for " + argv.at(0));
  }
  result.started = got != static_cast<ssize_t>(sizeof exec_err);
  if (!result.started) result.output = std::string("cannot run: ") + std::strerror(exec_err);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace crossmem::report
