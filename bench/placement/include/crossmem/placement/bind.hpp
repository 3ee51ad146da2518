// Binding: applies a plan to the running process and checks that it took effect.
//
// Every function here throws InvalidInput when the topology is not this system (hwloc would
// report success and do nothing), Unsupported when the OS lacks the needed binding support, and
// SystemError (with errno and what was being done) when a call fails or the check finds the
// process or pages elsewhere (errno EXDEV for such a mismatch).
#pragma once

#include <cstddef>
#include <vector>

#include "crossmem/placement/topology.hpp"

namespace crossmem::placement {

struct CpuBinding {
  unsigned pu_os_index = 0;   // the CPU the calling thread was seen running on (Linux CPU number)
  bool whole_process = true;  // false if only the calling thread could be bound (ENOSYS fallback)
};

// Binds the calling process, all its threads, to one PU (logical index), strictly. Falls back to
// binding the calling thread only if the OS has no process binding (ENOSYS). Then checks the
// binding read back (hwloc_get_cpubind) and, after a sched_yield, the CPU the calling thread last
// ran on (hwloc_get_last_cpu_location). Throws InvalidInput if pu is out of range.
CpuBinding bind_process_to_pu(const Topology& topology, unsigned pu);

// Binds the pages of [addr, addr + len) (whole pages containing it) to one NUMA node (logical
// index) with BIND | STRICT | MIGRATE, writes each page once (keeping its contents) so that every
// page exists, and checks where the pages are. Returns the logical indexes of the nodes holding
// them, which is exactly {node} on success. addr must be writable. len == 0 does nothing and
// returns {}. Throws InvalidInput if node is out of range.
std::vector<unsigned> bind_buffer_to_node(const Topology& topology, void* addr, std::size_t len,
                                          unsigned node);

// The logical indexes of the NUMA nodes holding the present pages of [addr, addr + len), in
// increasing order (hwloc_get_area_memlocation). Pages never touched are not counted.
std::vector<unsigned> buffer_numa_nodes(const Topology& topology, const void* addr,
                                        std::size_t len);

// Writes one byte of each page of [addr, addr + len) with its current value, so that each page is
// allocated (under the current memory policy) without changing the data.
void touch_pages(void* addr, std::size_t len);

}  // namespace crossmem::placement
