// Synthetic facts and strategies for judging without touching the system.
#pragma once

#include <cerrno>

#include "crossmem/doctor/diagnosis.hpp"

namespace crossmem::doctor::testing {

// A plain host: no Yama, no seccomp, root-less uid 1000, CMA and /proc/PID/mem working between
// processes, 1 MiB pipes, one NUMA node with full binding support.
inline HostFacts ordinary_facts() {
  HostFacts f;
  f.hostname = "test";
  f.kernel = "6.1.0-test";
  f.machine = "x86_64";
  f.uid = f.euid = 1000;
  f.ns.self_user = f.ns.init_user = "user:[4026531837]";
  f.ns.self_pid = f.ns.init_pid = "pid:[4026531836]";
  f.ns.uid_map = "0 0 4294967295";
  f.ns.nspid = {1234};
  f.proc.found = true;
  f.proc.options = "rw,relatime";
  f.pipes = {1 << 20, 65536, 0, 1 << 20, 16384, 0};
  f.memory.thp_enabled = "madvise";
  f.memory.thp_shmem = "never";
  f.memory.thp_defrag = "madvise";
  f.knem.path = "/dev/knem";
  f.xpmem.path = "/dev/xpmem";
  f.hwloc.loaded = true;
  f.hwloc.this_system = true;
  f.hwloc.version = "2.9.0";
  f.hwloc.numa_nodes = f.hwloc.packages = 1;
  f.hwloc.cores = 2;
  f.hwloc.pus = f.hwloc.allowed_pus = 4;
  for (const char* k :
       {"set_thisproc_cpubind", "set_thisthread_cpubind", "get_thisthread_last_cpu_location"}) {
    f.hwloc.cpubind[k] = true;
  }
  for (const char* k : {"set_area_membind", "alloc_membind", "get_area_memlocation"})
    f.hwloc.membind[k] = true;
  f.cross.ran = true;
  f.cross.target_pid = 4321;
  f.cross.set_ptracer_errno = EINVAL;  // no Yama
  f.cross.unrelated = f.cross.named = {0, 0, 0, 0};
  f.cross.non_dumpable = {EPERM, EPERM, EACCES, EACCES};
  return f;
}

inline AccessErrnos refused() {
  return {EPERM, EPERM, EACCES, EACCES};
}

// The four strategies that reach a peer's memory, plus pipe and memcpy, all probing ok.
inline std::vector<StrategyInput> synthetic_strategies() {
  return {{"memcpy", Mechanism::memory, {}},
          {"pipe", Mechanism::pipe, {}},
          {"proc-mem-read", Mechanism::proc_mem_read, {}},
          {"proc-mem-write", Mechanism::proc_mem_write, {}},
          {"cma-read", Mechanism::cma_read, {}},
          {"cma-write", Mechanism::cma_write, {}}};
}

inline const MpiPrediction* find_mpi(const Diagnosis& d, const std::string& prefix) {
  for (const MpiPrediction& p : d.mpi) {
    if (p.stack.rfind(prefix, 0) == 0) return &p;
  }
  return nullptr;
}

}  // namespace crossmem::doctor::testing
