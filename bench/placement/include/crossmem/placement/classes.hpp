// Placement classes: how close two PUs are, as seen by the caches and memory they share.
//
// For two distinct PUs a and b, the class is the first that applies:
//   smt            same core (two hardware threads of one core)
//   cross-package  different packages
//   numa           same package, different local NUMA nodes
//   l2             same NUMA node, different cores sharing an L2 (or a closer) cache
//   l3             same NUMA node, different cores sharing an L3 (or a farther) cache but no L2
//   package        same package and NUMA node, no shared cache
// The local NUMA node of a PU is the node with the smallest locality that contains it (first in
// logical order on ties). A topology without Core objects treats each PU as its own core; one
// without Package objects is one package.
//
// All PU arguments and results are logical PU indexes (hwloc L#), not OS CPU numbers.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crossmem/placement/topology.hpp"

namespace crossmem::placement {

enum class PlacementClass { smt, l2, l3, package, numa, cross_package };

// Every class, from the closest to the farthest.
inline constexpr std::array<PlacementClass, 6> kAllPlacementClasses = {
    PlacementClass::smt,     PlacementClass::l2,   PlacementClass::l3,
    PlacementClass::package, PlacementClass::numa, PlacementClass::cross_package};

// "smt", "l2", "l3", "package", "numa", "cross-package".
std::string_view placement_class_name(PlacementClass cls);

// The class with that exact name, or nullopt.
std::optional<PlacementClass> placement_class_from_name(std::string_view name);

// The class of two PUs; nullopt when pu_a == pu_b. Throws InvalidInput if an index is out of range.
std::optional<PlacementClass> classify_pu_pair(const Topology& topology, unsigned pu_a,
                                               unsigned pu_b);

// Whether a class exists on a topology, and its representative pair.
struct ClassAvailability {
  PlacementClass cls = PlacementClass::smt;
  bool present = false;
  std::string reason;  // why it is absent ("no core has two PUs"); empty when present
  unsigned pu_a = 0;   // representative pair, meaningful when present: the first pair (a < b) in
  unsigned pu_b = 0;   // logical order whose class is cls
};

// One entry per class, in kAllPlacementClasses order. Deterministic for a given topology.
std::vector<ClassAvailability> discover_placement_classes(const Topology& topology);

// The entry of discover_placement_classes() for one class.
ClassAvailability find_placement_class(const Topology& topology, PlacementClass cls);

}  // namespace crossmem::placement
