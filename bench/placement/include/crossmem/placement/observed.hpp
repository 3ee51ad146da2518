// The observed placement of a run, recorded next to its results.
//
// Indexes: PUs and NUMA nodes by their OS numbers (what Linux, taskset and numactl call them);
// cores and packages by logical index (their OS numbers are not unique machine-wide).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "crossmem/placement/topology.hpp"

namespace crossmem::placement {

struct RolePlacement {
  std::string role;  // "sender", "receiver", "rank3", ...
  unsigned pu_os_index = 0;
  std::string location;             // pu_location(): "package:0.core:1.pu:0"
  std::optional<unsigned> core;     // logical; nullopt when the topology has no cores
  std::optional<unsigned> package;  // logical; nullopt when the topology has no packages
  unsigned numa_node = 0;           // OS index of the PU's local NUMA node
};

struct BufferPlacement {
  unsigned node = 0;               // OS index of the node the buffer was bound to
  std::vector<unsigned> pages_on;  // OS indexes of the nodes found holding its pages
};

struct ObservedPlacement {
  std::string placement;  // the --placement request as given ("auto" when none)
  std::vector<RolePlacement> roles;
  std::optional<BufferPlacement> buffer;
};

// Describes the PU with OS index pu_os_index (e.g. CpuBinding::pu_os_index) for a role.
// Throws InvalidInput if the topology has no such PU.
RolePlacement describe_role(const Topology& topology, std::string role, unsigned pu_os_index);

// Describes a buffer bound to logical node `node` whose pages were found on `pages_on` (logical
// indexes, as returned by bind_buffer_to_node). Throws InvalidInput for an index out of range.
BufferPlacement describe_buffer(const Topology& topology, unsigned node,
                                const std::vector<unsigned>& pages_on);

// JSON: {"role", "pu", "location", "core", "package", "numa_node"} (core/package null when
// absent); {"node", "pages_on"}; {"placement", "roles": [...], "buffer": {...} or null}.
void to_json(nlohmann::json& j, const RolePlacement& role);
void to_json(nlohmann::json& j, const BufferPlacement& buffer);
void to_json(nlohmann::json& j, const ObservedPlacement& placement);

}  // namespace crossmem::placement
