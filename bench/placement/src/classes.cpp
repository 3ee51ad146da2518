#include "crossmem/placement/classes.hpp"

#include <cstddef>
#include <set>
#include <utility>

#include "crossmem/error.hpp"
#include "hwloc_objects.hpp"

namespace crossmem::placement {

using detail::PuInfo;

// discover_placement_classes() indexes its result by the enum value.
constexpr bool classes_in_enum_order() {
  for (std::size_t i = 0; i < kAllPlacementClasses.size(); ++i) {
    if (static_cast<std::size_t>(kAllPlacementClasses[i]) != i) return false;
  }
  return true;
}
static_assert(classes_in_enum_order());

std::string_view placement_class_name(PlacementClass cls) {
  switch (cls) {
    case PlacementClass::smt:
      return "smt";
    case PlacementClass::l2:
      return "l2";
    case PlacementClass::l3:
      return "l3";
    case PlacementClass::package:
      return "package";
    case PlacementClass::numa:
      return "numa";
    case PlacementClass::cross_package:
      return "cross-package";
  }
  return "?";
}

std::optional<PlacementClass> placement_class_from_name(std::string_view name) {
  for (PlacementClass cls : kAllPlacementClasses) {
    if (placement_class_name(cls) == name) return cls;
  }
  return std::nullopt;
}

std::optional<PlacementClass> classify_pu_pair(const Topology& topology, unsigned pu_a,
                                               unsigned pu_b) {
  hwloc_topology_t t = topology.get();
  hwloc_obj_t a = detail::pu_object(topology, pu_a);
  hwloc_obj_t b = detail::pu_object(topology, pu_b);
  return detail::classify(
      t, PuInfo{a, detail::core_of(a), detail::package_of(a), detail::local_numa_of(t, a)},
      PuInfo{b, detail::core_of(b), detail::package_of(b), detail::local_numa_of(t, b)});
}

namespace {

bool has_cache_level(hwloc_topology_t topology, unsigned min_level, unsigned max_level) {
  for (int depth = 0; depth < hwloc_topology_get_depth(topology); ++depth) {
    hwloc_obj_t obj = hwloc_get_obj_by_depth(topology, depth, 0);
    if (obj != nullptr && hwloc_obj_type_is_dcache(obj->type) &&
        obj->attr->cache.depth >= min_level && obj->attr->cache.depth <= max_level) {
      return true;
    }
  }
  return false;
}

// True if two different cores share a package and a local NUMA node.
bool has_cores_in_one_domain(const std::vector<PuInfo>& pus) {
  for (std::size_t i = 0; i < pus.size(); ++i) {
    for (std::size_t j = i + 1; j < pus.size(); ++j) {
      if (pus[i].core != pus[j].core && pus[i].package == pus[j].package &&
          pus[i].node == pus[j].node) {
        return true;
      }
    }
  }
  return false;
}

std::string absence_reason(hwloc_topology_t topology, PlacementClass cls,
                           const std::vector<PuInfo>& pus) {
  switch (cls) {
    case PlacementClass::smt:
      return "no core has two PUs";
    case PlacementClass::l2:
      if (!has_cache_level(topology, 1, 2)) return "no L2 cache in the topology";
      return "no two cores of one NUMA node share an L2 cache";
    case PlacementClass::l3:
      if (!has_cache_level(topology, 3, ~0u)) return "no L3 cache in the topology";
      return "no two cores of one NUMA node share an L3 cache without sharing an L2";
    case PlacementClass::package:
      if (!has_cores_in_one_domain(pus)) return "no two cores in one package and NUMA node";
      return "all cores of each package and NUMA node share a cache";
    case PlacementClass::numa: {
      std::set<hwloc_obj_t> nodes;
      for (const PuInfo& pu : pus) nodes.insert(pu.node);
      if (nodes.size() <= 1) {
        return hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_NUMANODE) <= 1
                   ? "one NUMA node only"
                   : "one NUMA node with CPUs only";
      }
      return "no package has two NUMA nodes with CPUs";
    }
    case PlacementClass::cross_package:
      return "one package only";
  }
  return "absent";
}

}  // namespace

std::vector<ClassAvailability> discover_placement_classes(const Topology& topology) {
  hwloc_topology_t t = topology.get();
  std::vector<PuInfo> pus = detail::pu_table(topology);

  std::vector<ClassAvailability> result;
  for (PlacementClass cls : kAllPlacementClasses) {
    ClassAvailability entry;
    entry.cls = cls;
    result.push_back(std::move(entry));
  }

  std::size_t missing = result.size();
  for (std::size_t a = 0; a < pus.size() && missing > 0; ++a) {
    for (std::size_t b = a + 1; b < pus.size() && missing > 0; ++b) {
      std::optional<PlacementClass> cls = detail::classify(t, pus[a], pus[b]);
      if (!cls) continue;
      ClassAvailability& entry = result[static_cast<std::size_t>(*cls)];
      if (entry.present) continue;
      entry.present = true;
      entry.pu_a = pus[a].pu->logical_index;
      entry.pu_b = pus[b].pu->logical_index;
      --missing;
    }
  }
  for (ClassAvailability& entry : result) {
    if (!entry.present) entry.reason = absence_reason(t, entry.cls, pus);
  }
  return result;
}

ClassAvailability find_placement_class(const Topology& topology, PlacementClass cls) {
  return discover_placement_classes(topology)[static_cast<std::size_t>(cls)];
}

}  // namespace crossmem::placement
