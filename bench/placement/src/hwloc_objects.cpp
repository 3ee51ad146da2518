#include "hwloc_objects.hpp"

#include <string>

#include "crossmem/error.hpp"

namespace crossmem::placement::detail {

Bitmap::Bitmap() : bitmap_(hwloc_bitmap_alloc()) {
  if (bitmap_ == nullptr) throw_errno("allocating an hwloc bitmap");
}

unsigned pu_count(const Topology& topology) {
  int n = hwloc_get_nbobjs_by_type(topology.get(), HWLOC_OBJ_PU);
  return n < 0 ? 0 : static_cast<unsigned>(n);
}

unsigned numa_count(const Topology& topology) {
  int n = hwloc_get_nbobjs_by_type(topology.get(), HWLOC_OBJ_NUMANODE);
  return n < 0 ? 0 : static_cast<unsigned>(n);
}

hwloc_obj_t pu_object(const Topology& topology, unsigned pu) {
  hwloc_obj_t obj = hwloc_get_obj_by_type(topology.get(), HWLOC_OBJ_PU, pu);
  if (obj == nullptr) {
    throw InvalidInput("no PU with logical index " + std::to_string(pu) + " (the topology has " +
                       std::to_string(pu_count(topology)) + ")");
  }
  return obj;
}

hwloc_obj_t numa_object(const Topology& topology, unsigned node) {
  hwloc_obj_t obj = hwloc_get_obj_by_type(topology.get(), HWLOC_OBJ_NUMANODE, node);
  if (obj == nullptr) {
    throw InvalidInput("no NUMA node with logical index " + std::to_string(node) +
                       " (the topology has " + std::to_string(numa_count(topology)) + ")");
  }
  return obj;
}

hwloc_obj_t core_of(hwloc_obj_t pu) {
  for (hwloc_obj_t obj = pu; obj != nullptr; obj = obj->parent) {
    if (obj->type == HWLOC_OBJ_CORE) return obj;
  }
  return pu;
}

hwloc_obj_t package_of(hwloc_obj_t pu) {
  for (hwloc_obj_t obj = pu; obj != nullptr; obj = obj->parent) {
    if (obj->type == HWLOC_OBJ_PACKAGE) return obj;
  }
  return nullptr;
}

hwloc_obj_t local_numa_of(hwloc_topology_t topology, hwloc_obj_t pu) {
  hwloc_obj_t best = nullptr;
  int best_weight = 0;
  for (hwloc_obj_t node = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_NUMANODE, nullptr);
       node != nullptr; node = node->next_cousin) {
    if (node->cpuset == nullptr || !hwloc_bitmap_isset(node->cpuset, pu->os_index)) continue;
    int weight = hwloc_bitmap_weight(node->cpuset);
    if (best == nullptr || weight < best_weight) {
      best = node;
      best_weight = weight;
    }
  }
  return best;
}

std::vector<PuInfo> pu_table(const Topology& topology) {
  std::vector<PuInfo> table;
  hwloc_topology_t t = topology.get();
  for (hwloc_obj_t pu = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_PU, nullptr); pu != nullptr;
       pu = pu->next_cousin) {
    table.push_back(PuInfo{pu, core_of(pu), package_of(pu), local_numa_of(t, pu)});
  }
  return table;
}

namespace {

// The level of the closest data or unified cache containing both PUs; 0 when none does.
unsigned shared_cache_level(hwloc_topology_t topology, hwloc_obj_t a, hwloc_obj_t b) {
  for (hwloc_obj_t obj = hwloc_get_common_ancestor_obj(topology, a, b); obj != nullptr;
       obj = obj->parent) {
    if (hwloc_obj_type_is_dcache(obj->type)) return obj->attr->cache.depth;
  }
  return 0;
}

}  // namespace

std::optional<PlacementClass> classify(hwloc_topology_t topology, const PuInfo& a,
                                       const PuInfo& b) {
  if (a.pu == b.pu) return std::nullopt;
  if (a.core == b.core) return PlacementClass::smt;
  if (a.package != b.package) return PlacementClass::cross_package;
  if (a.node != b.node) return PlacementClass::numa;
  unsigned level = shared_cache_level(topology, a.pu, b.pu);
  if (level == 0) return PlacementClass::package;
  return level <= 2 ? PlacementClass::l2 : PlacementClass::l3;
}

}  // namespace crossmem::placement::detail
