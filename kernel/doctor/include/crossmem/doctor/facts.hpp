// Observations about this host and process, gathered once, before any judgement. Judging them
// (diagnosis.hpp) is pure code, so tests can feed synthetic facts.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crossmem/doctor/peer_access.hpp"
#include "crossmem/doctor/proc_text.hpp"
#include "crossmem/kernel/reduce.hpp"

namespace crossmem::doctor {

// Results of system calls tried on this process itself: 0 worked, an errno otherwise. A seccomp
// filter shows here and only here (configuration files cannot reveal it).
struct SelfCalls {
  int cma_read = 0;   // process_vm_readv on our own pid
  int cma_write = 0;  // process_vm_writev on our own pid
  int proc_mem = 0;   // /proc/self/mem open + pread
  int vmsplice = 0;   // vmsplice into a pipe
};

// Whether the running kernel has CONFIG_CROSS_MEMORY_ATTACH, from /boot/config-RELEASE or, failing
// that, from the symbol names in /proc/kallsyms. Only looked up when the self calls gave ENOSYS.
struct CmaKernelEvidence {
  std::optional<bool> present;  // nullopt: no evidence either way
  std::string source;           // "/boot/config-6.1.0-56-amd64", "/proc/kallsyms", or empty
};

struct Namespaces {
  std::string self_user;  // readlink /proc/self/ns/user: "user:[4026531837]"
  std::string init_user;  // the same for PID 1; empty when unreadable (not root)
  bool uid_map_identity = true;
  std::string uid_map;   // /proc/self/uid_map, whitespace-collapsed
  std::string self_pid;  // readlink /proc/self/ns/pid
  std::string init_pid;
  std::vector<long>
      nspid;  // NSpid: of /proc/self/status; more than one entry: nested PID namespace
};

struct PipeLimits {
  std::size_t max_size = 0;      // /proc/sys/fs/pipe-max-size
  std::size_t default_size = 0;  // F_GETPIPE_SZ of a new pipe
  int setpipe_errno = -1;        // F_SETPIPE_SZ to max_size: 0 or errno; -1 not tried
  std::size_t granted = 0;       // what the kernel granted (halving on refusal)
  std::optional<long> user_pages_soft, user_pages_hard;  // /proc/sys/fs/pipe-user-pages-*
};

struct HugePagePool {
  std::size_t size_kib = 0;
  long total = 0, free = 0, reserved = 0, surplus = 0;
};

struct Memory {
  std::string thp_enabled;  // "always", "madvise", "never", "unknown"
  std::string thp_shmem;  // "always", "within_size", "advise", "never", "deny", "force", "unknown"
  std::string thp_defrag;
  long nr_hugepages = 0;            // /proc/sys/vm/nr_hugepages (pool of the default size)
  std::vector<HugePagePool> pools;  // /sys/kernel/mm/hugepages/hugepages-*kB
};

struct Device {
  std::string path;
  bool exists = false;
  int access_errno = -1;  // access(R_OK|W_OK): 0 usable; -1 when it does not exist
};

struct Hwloc {
  bool loaded = false;
  std::string error;
  std::string version;       // hwloc_get_api_version() of the library in use, "2.8.0"
  bool this_system = false;  // hwloc_topology_is_thissystem
  int numa_nodes = 0, packages = 0, cores = 0, pus = 0;
  int allowed_pus = 0;                  // PUs in this process's allowed cpuset
  std::map<std::string, bool> cpubind;  // hwloc_topology_get_support()->cpubind flags by name
  std::map<std::string, bool> membind;  // ->membind flags by name
};

struct HostFacts {
  std::string hostname;
  std::string kernel;   // uname -r
  std::string machine;  // uname -m
  uid_t uid = 0, euid = 0;
  std::optional<int> yama_scope;
  std::uint64_t cap_eff = 0, cap_bnd = 0;
  bool cap_sys_ptrace = false;  // CAP_SYS_PTRACE in CapEff
  bool dumpable = true;         // prctl(PR_GET_DUMPABLE) of this process
  int seccomp_mode = 0;         // Seccomp: 0 none, 1 strict, 2 filter; -1 unknown
  int seccomp_filters = -1;     // Seccomp_filters: (kernel 5.9+), -1 unknown
  SelfCalls self;
  CmaKernelEvidence cma_kernel;
  kernel::ReduceSupport reduce;  // kernel::probe_reduce(): the reduce flags of process_vm_readv
  Namespaces ns;
  ProcMount proc;
  PipeLimits pipes;
  Memory memory;
  Device knem, xpmem;
  Hwloc hwloc;
  CrossProcessResult cross;
};

// Gathers every fact: reads /proc and /sys, tries the self calls, loads the hwloc topology, and
// runs probe_cross_process() (two short-lived child processes). Never throws for a missing file or
// a refused call: those are facts. Takes tens of milliseconds.
HostFacts gather_host_facts();

// The individual steps, for callers that need only one.
SelfCalls probe_self_calls();
CmaKernelEvidence find_cma_kernel_evidence();
Namespaces read_namespaces();
PipeLimits probe_pipe_limits();
Memory read_memory();
Device probe_device(const std::string& path);
Hwloc probe_hwloc();

}  // namespace crossmem::doctor
