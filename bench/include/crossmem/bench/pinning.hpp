// Where the processes of a run go, on top of the placement library: planning from the user's
// request, and the checked binding each process applies to itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace crossmem::bench {

// The PUs (OS indexes) of `count` ranks and the placement class of ranks 0 and 1.
struct PuPlan {
  std::vector<unsigned> pus;
  std::string placement;  // class name ("l3", "numa", ...), or "same-pu" when oversubscribed
};

// Plans `count` ranks on this machine from a --placement value: "" / "default" (closest pair of
// distinct cores), a class name (smt, l2, l3, package, numa, cross-package) or one hwloc location
// per rank ("package:0.core:1,package:1.core:0"). Throws InvalidInput for a malformed request and
// Unsupported (with the reason) for a class this machine lacks or too few cores without
// `allow_shared`.
PuPlan plan_pus(const std::string& placement, int count, bool allow_shared);

// OS indexes of `count` PUs on distinct cores, closest first (plan_pus with the default request).
std::vector<unsigned> default_pus(int count, bool allow_shared);

// Parses "0,1" into OS PU indexes and checks that each exists here. Throws InvalidInput.
std::vector<unsigned> parse_pus(const std::string& text);

// Binds the calling process (all its threads) to PU `os_index` strictly and checks that it now runs
// there. Throws SystemError on failure or mismatch.
void pin_self(unsigned os_index);

// Checks a --buffer-node value ("sender", "receiver" or a NUMA node's logical index) against this
// machine for ranks on `pus` (OS indexes). Throws InvalidInput naming the problem.
void check_buffer_node(const std::string& text, const std::vector<unsigned>& pus);

// Short description of this machine's topology: "1 package(s), 1 NUMA node(s), ...".
std::string topology_summary();

// The --list-placements text for this machine.
std::string placement_listing();

}  // namespace crossmem::bench
