// Running another program and waiting for it: the one process runner of crossmem's tools and
// tests (gnuplot for the report, mpirun for the tuner's verification, the commands under test).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace crossmem::kernel {

struct Command {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH when it has no slash
  // The whole environment, "NAME=value" entries; nullopt: this process's environment.
  std::optional<std::vector<std::string>> env;
  std::filesystem::path cwd;  // empty: this process's directory
  // 0: wait as long as it takes. Otherwise the program runs in its own process group, and the
  // whole group is killed (SIGKILL) when it has not exited by then.
  std::chrono::milliseconds timeout{0};
  bool merge_output = false;  // stderr goes to `out` too, interleaved as written
  // Runs in the child after its descriptors are set up, just before exec (a seccomp filter, say).
  // A non-empty return is an error text: the child exits with 126 and run() reports it.
  std::function<std::string()> before_exec;
};

struct Finished {
  bool started = false;  // exec succeeded
  std::string failure;   // when not started: why ("cannot run gnuplot: No such file or directory")
  bool timed_out = false;
  int exit_code = -1;  // exit status; -1 when killed by a signal (or timed out)
  int signal = 0;      // the signal that ended it, 0 when it exited
  std::string out;     // standard output (and standard error with merge_output)
  std::string err;     // standard error, without merge_output

  // The shell's convention: the exit status, or 128 + the signal.
  int shell_status() const { return signal != 0 ? 128 + signal : exit_code; }
};

// Starts `command` with standard input from /dev/null, captures its output, and waits for it (and
// no longer than the timeout). Output written by the program's own children after it exited is
// not waited for. Throws SystemError when pipe, fork or wait fail; a program that cannot be
// started is a Finished with started == false.
Finished run(const Command& command);

}  // namespace crossmem::kernel
