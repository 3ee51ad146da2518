// Internal helpers over hwloc objects shared by the placement sources.
#pragma once

#include <hwloc.h>

#include <optional>
#include <vector>

#include "crossmem/placement/classes.hpp"
#include "crossmem/placement/topology.hpp"

namespace crossmem::placement::detail {

// An owned hwloc bitmap.
class Bitmap {
 public:
  Bitmap();  // throws SystemError on allocation failure
  Bitmap(const Bitmap&) = delete;
  Bitmap& operator=(const Bitmap&) = delete;
  ~Bitmap() { hwloc_bitmap_free(bitmap_); }
  hwloc_bitmap_t get() const { return bitmap_; }

 private:
  hwloc_bitmap_t bitmap_;
};

unsigned pu_count(const Topology& topology);
unsigned numa_count(const Topology& topology);

// Object by logical index; throw InvalidInput when out of range.
hwloc_obj_t pu_object(const Topology& topology, unsigned pu);
hwloc_obj_t numa_object(const Topology& topology, unsigned node);

// The Core ancestor of a PU, or the PU itself when there is none.
hwloc_obj_t core_of(hwloc_obj_t pu);
// The Package ancestor of a PU, or nullptr when there is none.
hwloc_obj_t package_of(hwloc_obj_t pu);
// The NUMA node with the smallest cpuset containing the PU (first in logical order on ties).
hwloc_obj_t local_numa_of(hwloc_topology_t topology, hwloc_obj_t pu);

struct PuInfo {
  hwloc_obj_t pu;
  hwloc_obj_t core;
  hwloc_obj_t package;
  hwloc_obj_t node;
};

// One entry per PU, in logical order.
std::vector<PuInfo> pu_table(const Topology& topology);

// The class of two PUs (see classes.hpp); nullopt when they are the same PU.
std::optional<PlacementClass> classify(hwloc_topology_t topology, const PuInfo& a, const PuInfo& b);

}  // namespace crossmem::placement::detail
