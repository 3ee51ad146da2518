#include "process.hpp"

#include "crossmem/kernel/process.hpp"

namespace crossmem::report {

ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd) {
  kernel::Command command;
  command.argv = argv;
  command.cwd = cwd;
  command.merge_output = true;
  kernel::Finished f = kernel::run(command);
  ProcessResult result;
  result.started = f.started;
  result.exit_code = f.exit_code;
  result.output = f.started ? std::move(f.out) : f.failure;
  return result;
}

}  // namespace crossmem::report
