#include "run_command.hpp"

#include <stdlib.h>

#include <stdexcept>

#include "crossmem/kernel/process.hpp"
#include "support/seccomp.hpp"

namespace crossmem::test {

std::string make_temp_dir() {
  std::string tmpl = "/tmp/crossmem-test-XXXXXX";
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

Outcome run_command(const std::vector<std::string>& argv, const Restrictions& limits) {
  kernel::Command command;
  command.argv = argv;
  if (!limits.blocked_syscalls.empty()) {
    command.before_exec = [&limits] {
      return block_syscalls(limits.blocked_syscalls, limits.seccomp_errno);
    };
  }
  kernel::Finished f = kernel::run(command);
  if (!f.started) throw std::runtime_error(f.failure);
  return Outcome{f.shell_status(), std::move(f.out), std::move(f.err)};
}

}  // namespace crossmem::test
