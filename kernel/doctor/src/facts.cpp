#include "crossmem/doctor/facts.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>

#include "crossmem/kernel/fd.hpp"
#include "crossmem/kernel/probe.hpp"
#include "files.hpp"

namespace crossmem::doctor {

SelfCalls probe_self_calls() {
  SelfCalls s;
  s.cma_read = kernel::try_cma_read_self();
  s.cma_write = kernel::try_cma_write_self();
  s.proc_mem = kernel::try_proc_mem_self();
  s.vmsplice = kernel::try_vmsplice();
  return s;
}

CmaKernelEvidence find_cma_kernel_evidence() {
  CmaKernelEvidence ev;
  std::string config = "/boot/config-" + kernel::kernel_release();
  if (std::ifstream in(config); in) {
    std::string line;
    while (std::getline(in, line)) {
      if (line == "CONFIG_CROSS_MEMORY_ATTACH=y") {
        ev.present = true;
      } else if (line == "# CONFIG_CROSS_MEMORY_ATTACH is not set") {
        ev.present = false;
      } else {
        continue;
      }
      ev.source = config;
      return ev;
    }
  }
  // Without CONFIG_CROSS_MEMORY_ATTACH the syscall entry points are weak aliases of
  // sys_ni_syscall (type W); with it they are real functions (type T), next to process_vm_rw.
  std::ifstream syms("/proc/kallsyms");
  std::string addr, type, name;
  long lines = 0;
  bool weak = false;
  while (syms >> addr >> type >> name) {
    ++lines;
    std::string rest;
    std::getline(syms, rest);
    bool entry = name.size() >= 20 &&
                 name.compare(name.size() - 20, 20, "sys_process_vm_readv") == 0 &&
                 name.find("compat") == std::string::npos && name.rfind("__pfx", 0) != 0;
    if ((entry && (type == "T" || type == "t")) || name == "process_vm_rw") {
      ev.present = true;
      ev.source = "/proc/kallsyms";
      return ev;
    }
    if (entry) weak = true;
  }
  if (lines > 1000) {
    ev.present = false;
    ev.source = weak ? "/proc/kallsyms (process_vm_readv is a weak alias of sys_ni_syscall)"
                     : "/proc/kallsyms (no process_vm_readv entry point)";
  }
  return ev;
}

Namespaces read_namespaces() {
  Namespaces n;
  n.self_user = detail::read_link("/proc/self/ns/user");
  n.init_user = detail::read_link("/proc/1/ns/user");
  n.self_pid = detail::read_link("/proc/self/ns/pid");
  n.init_pid = detail::read_link("/proc/1/ns/pid");
  if (auto map = detail::read_text("/proc/self/uid_map")) {
    n.uid_map_identity = id_map_is_identity(*map);
    std::istringstream in(*map);
    std::string word;
    while (in >> word) {
      if (!n.uid_map.empty()) n.uid_map += ' ';
      n.uid_map += word;
    }
  }
  if (auto status = detail::read_text("/proc/self/status"))
    n.nspid = status_numbers(*status, "NSpid");
  return n;
}

PipeLimits probe_pipe_limits() {
  PipeLimits p;
  p.max_size =
      static_cast<std::size_t>(detail::read_long("/proc/sys/fs/pipe-max-size").value_or(0));
  p.user_pages_soft = detail::read_long("/proc/sys/fs/pipe-user-pages-soft");
  p.user_pages_hard = detail::read_long("/proc/sys/fs/pipe-user-pages-hard");
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    p.setpipe_errno = errno;
    return p;
  }
  const kernel::UniqueFd read_end(fds[0]), write_end(fds[1]);
  int size = ::fcntl(read_end.get(), F_GETPIPE_SZ);
  p.default_size = size > 0 ? static_cast<std::size_t>(size) : 0;
  p.granted = p.default_size;
  if (p.max_size > 0) {
    std::size_t want = p.max_size;
    p.setpipe_errno =
        ::fcntl(read_end.get(), F_SETPIPE_SZ, static_cast<int>(want)) >= 0 ? 0 : errno;
    while (p.setpipe_errno != 0 && want > p.default_size &&
           ::fcntl(read_end.get(), F_SETPIPE_SZ, static_cast<int>(want)) < 0) {
      want /= 2;
    }
    size = ::fcntl(read_end.get(), F_GETPIPE_SZ);
    if (size > 0) p.granted = static_cast<std::size_t>(size);
  }
  return p;
}

Memory read_memory() {
  Memory m;
  m.thp_enabled = kernel::thp_mode();
  m.thp_shmem = kernel::thp_shmem_mode();
  m.thp_defrag = bracketed_choice(
      detail::read_text("/sys/kernel/mm/transparent_hugepage/defrag").value_or(""));
  m.nr_hugepages = detail::read_long("/proc/sys/vm/nr_hugepages").value_or(0);
  const std::string base = "/sys/kernel/mm/hugepages";
  if (DIR* dir = ::opendir(base.c_str())) {
    while (dirent* e = ::readdir(dir)) {
      std::string name = e->d_name;
      if (name.rfind("hugepages-", 0) != 0) continue;
      HugePagePool pool;
      pool.size_kib = static_cast<std::size_t>(std::atol(name.c_str() + 10));
      std::string d = base + "/" + name + "/";
      pool.total = detail::read_long(d + "nr_hugepages").value_or(0);
      pool.free = detail::read_long(d + "free_hugepages").value_or(0);
      pool.reserved = detail::read_long(d + "resv_hugepages").value_or(0);
      pool.surplus = detail::read_long(d + "surplus_hugepages").value_or(0);
      m.pools.push_back(pool);
    }
    ::closedir(dir);
  }
  std::sort(m.pools.begin(), m.pools.end(),
            [](const HugePagePool& a, const HugePagePool& b) { return a.size_kib < b.size_kib; });
  return m;
}

Device probe_device(const std::string& path) {
  Device d;
  d.path = path;
  struct stat st {};
  d.exists = ::stat(path.c_str(), &st) == 0;
  if (d.exists) d.access_errno = ::access(path.c_str(), R_OK | W_OK) == 0 ? 0 : errno;
  return d;
}

HostFacts gather_host_facts() {
  HostFacts f;
  utsname u{};
  if (::uname(&u) == 0) {
    f.hostname = u.nodename;
    f.kernel = u.release;
    f.machine = u.machine;
  }
  f.uid = ::getuid();
  f.euid = ::geteuid();
  f.yama_scope = kernel::yama_ptrace_scope();
  if (auto status = detail::read_text("/proc/self/status")) {
    f.cap_eff = status_caps(*status, "CapEff").value_or(0);
    f.cap_bnd = status_caps(*status, "CapBnd").value_or(0);
    auto mode = status_numbers(*status, "Seccomp");
    f.seccomp_mode = mode.empty() ? -1 : static_cast<int>(mode[0]);
    auto filters = status_numbers(*status, "Seccomp_filters");
    f.seccomp_filters = filters.empty() ? -1 : static_cast<int>(filters[0]);
  } else {
    f.seccomp_mode = -1;
  }
  f.cap_sys_ptrace = (f.cap_eff >> 19) & 1u;
  f.dumpable = ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1;
  f.self = probe_self_calls();
  if (f.self.cma_read == ENOSYS || f.self.cma_write == ENOSYS)
    f.cma_kernel = find_cma_kernel_evidence();
  f.reduce = kernel::probe_reduce();
  f.ns = read_namespaces();
  f.proc = parse_proc_mount(detail::read_text("/proc/mounts").value_or(""));
  f.pipes = probe_pipe_limits();
  f.memory = read_memory();
  f.knem = probe_device("/dev/knem");
  f.xpmem = probe_device("/dev/xpmem");
  f.hwloc = probe_hwloc();
  f.cross = probe_cross_process();
  return f;
}

}  // namespace crossmem::doctor
