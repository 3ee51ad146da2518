#include "crossmem/placement/observed.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "crossmem/error.hpp"
#include "crossmem/placement/location.hpp"
#include "hwloc_objects.hpp"

namespace crossmem::placement {

RolePlacement describe_role(const Topology& topology, std::string role, unsigned pu_os_index) {
  hwloc_topology_t t = topology.get();
  hwloc_obj_t pu = hwloc_get_pu_obj_by_os_index(t, pu_os_index);
  if (pu == nullptr) {
    throw InvalidInput("no PU with OS index " + std::to_string(pu_os_index) + " in topology " +
                       topology.source());
  }
  RolePlacement placement;
  placement.role = std::move(role);
  placement.pu_os_index = pu_os_index;
  placement.location = pu_location(topology, pu->logical_index);
  if (hwloc_obj_t core = detail::core_of(pu); core != pu) placement.core = core->logical_index;
  if (hwloc_obj_t package = detail::package_of(pu)) placement.package = package->logical_index;
  if (hwloc_obj_t node = detail::local_numa_of(t, pu)) placement.numa_node = node->os_index;
  return placement;
}

BufferPlacement describe_buffer(const Topology& topology, unsigned node,
                                const std::vector<unsigned>& pages_on) {
  BufferPlacement placement;
  placement.node = detail::numa_object(topology, node)->os_index;
  for (unsigned n : pages_on)
    placement.pages_on.push_back(detail::numa_object(topology, n)->os_index);
  return placement;
}

void to_json(nlohmann::json& j, const RolePlacement& role) {
  j = nlohmann::json{{"role", role.role},
                     {"pu", role.pu_os_index},
                     {"location", role.location},
                     {"core", role.core ? nlohmann::json(*role.core) : nlohmann::json()},
                     {"package", role.package ? nlohmann::json(*role.package) : nlohmann::json()},
                     {"numa_node", role.numa_node}};
}

void to_json(nlohmann::json& j, const BufferPlacement& buffer) {
  j = nlohmann::json{{"node", buffer.node}, {"pages_on", buffer.pages_on}};
}

void to_json(nlohmann::json& j, const ObservedPlacement& placement) {
  j = nlohmann::json{
      {"placement", placement.placement},
      {"roles", placement.roles},
      {"buffer", placement.buffer ? nlohmann::json(*placement.buffer) : nlohmann::json()}};
}

}  // namespace crossmem::placement
