// Cheap, side-effect-free probes of what this kernel and process allow. Each performs a real call
// where a configuration file could lie (a seccomp filter is only visible by trying).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crossmem::kernel {

// Yama's /proc/sys/kernel/yama/ptrace_scope (0-3), or nullopt when Yama is not built in.
std::optional<int> yama_ptrace_scope();

// Result of trying a system call: 0 when it worked, the errno otherwise.
int try_cma_read_self();
int try_cma_write_self();
int try_proc_mem_self();
int try_vmsplice();

// Transparent huge page mode for anonymous memory ("always", "madvise", "never") and for shmem.
std::string thp_mode();
std::string thp_shmem_mode();
// The number of a /proc/meminfo line ("HugePages_Free", "Hugepagesize" in kB, ...), if present.
std::optional<std::uint64_t> meminfo_value(std::string_view key);

// Free and total pages of the default hugetlb pool ("HugePages_Free" / "HugePages_Total" of
// /proc/meminfo), as "free/total"; "absent" without hugetlb support.
std::string hugetlb_pool();

// Kernel release (uname -r).
std::string kernel_release();

}  // namespace crossmem::kernel
