// Runs a program with arguments, capturing exit status, stdout and stderr; optionally installs a
// seccomp filter in the child first that makes the given system calls fail with `seccomp_errno`.
#pragma once

#include <string>
#include <vector>

namespace crossmem::test {

struct Outcome {
  int status = -1;  // exit code, or 128 + signal
  std::string out;
  std::string err;
};

struct Restrictions {
  std::vector<int> blocked_syscalls;
  int seccomp_errno = 0;
};

Outcome run_command(const std::vector<std::string>& argv, const Restrictions& limits = {});

// A fresh empty directory under the build's temporary area; removed by the caller.
std::string make_temp_dir();

}  // namespace crossmem::test
