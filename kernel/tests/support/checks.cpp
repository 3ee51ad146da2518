#include "checks.hpp"

#include <unistd.h>

#include <cstring>

#include "crossmem/kernel/probe.hpp"

namespace crossmem::conformance {
namespace {

std::string yama_reason() {
  auto scope = kernel::yama_ptrace_scope();
  if (scope && *scope >= 3) return "Yama ptrace_scope is 3: no process may access another";
  if (scope && *scope == 2 && ::geteuid() != 0) {
    return "Yama ptrace_scope is 2 and the tests do not run as root";
  }
  return {};
}

}  // namespace

std::string cma_unusable_reason() {
  if (int err = kernel::try_cma_read_self(); err != 0) {
    return std::string("process_vm_readv on this process fails: ") + std::strerror(err);
  }
  if (int err = kernel::try_cma_write_self(); err != 0) {
    return std::string("process_vm_writev on this process fails: ") + std::strerror(err);
  }
  return yama_reason();
}

std::string proc_mem_unusable_reason() {
  if (int err = kernel::try_proc_mem_self(); err != 0) {
    return std::string("/proc/self/mem cannot be read: ") + std::strerror(err);
  }
  return yama_reason();
}

}  // namespace crossmem::conformance
