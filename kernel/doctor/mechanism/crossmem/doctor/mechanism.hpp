// What the doctor judges: the kernel mechanism a strategy moves bytes with, and a strategy as the
// doctor sees it. Owned by the doctor, but plain data with no dependency, so that strategies can
// declare their mechanism (Traits::mechanism) and build these inputs without linking the doctor.
#pragma once

#include <string>

namespace crossmem::doctor {

enum class Mechanism {
  memory,          // loads and stores, in one process or through a mapping both processes share
  pipe,            // write(2) into a pipe, read(2) out of it (pipe grown with F_SETPIPE_SZ)
  vmsplice,        // vmsplice(2) into a pipe, read(2) out of it
  cma_read,        // process_vm_readv on the peer (ptrace-checked)
  cma_write,       // process_vm_writev on the peer (ptrace-checked)
  proc_mem_read,   // pread(2) on /proc/PID/mem of the peer (ptrace-checked)
  proc_mem_write,  // pwrite(2) on /proc/PID/mem of the peer (ptrace-checked)
};

// A strategy's own availability probe, as it answered.
struct StrategyProbe {
  bool ok = true;
  std::string reason;
  std::string remedy;
};

// A strategy as the doctor judges it: its name, its mechanism, and its own probe's answer.
struct StrategyInput {
  std::string name;
  Mechanism mechanism = Mechanism::memory;
  StrategyProbe probe;
};

}  // namespace crossmem::doctor
