// Running a helper program (gnuplot) and waiting for it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace crossmem::report {

struct ProcessResult {
  bool started = false;  // false when the program could not be executed (not installed)
  int exit_code = -1;    // exit status, or -1 when killed by a signal
  std::string output;    // stdout and stderr, interleaved
};

// Runs `argv` (argv[0] looked up in PATH) in directory `cwd` with stdin from /dev/null, waits for
// it, and returns its status and output. Throws SystemError when fork/pipe/wait fail.
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd);

}  // namespace crossmem::report
