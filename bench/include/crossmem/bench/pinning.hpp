// Pinning processes to processing units (PUs), with hwloc, checked.
#pragma once

#include <string>
#include <vector>

namespace crossmem::bench {

// OS indexes of `count` PUs on distinct cores of this machine, in hwloc's logical order (the first
// PU of core 0, of core 1, ...). Throws Unsupported when the machine has fewer cores, unless
// `allow_shared` (then PUs repeat: oversubscription).
std::vector<unsigned> default_pus(int count, bool allow_shared);

// Parses "0,1" into OS PU indexes and checks that each exists here. Throws InvalidInput.
std::vector<unsigned> parse_pus(const std::string& text);

// Binds the calling process (all its threads) to PU `os_index` with HWLOC_CPUBIND_STRICT and checks
// that it now runs there. Throws SystemError on failure or mismatch.
void pin_self(unsigned os_index);

// Short description of this machine's topology: "1 package, 1 NUMA node, 2 cores, 2 PUs".
std::string topology_summary();

}  // namespace crossmem::bench
