// Placement plans: which PU each process (rank) runs on. Pure: only reads the topology.
//
// Rank 0 is the process the others relate to (the receiver of a many-to-one workload, or the first
// of a pair); ranks 1..N-1 are the others. PUs are logical indexes (hwloc L#).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "crossmem/placement/classes.hpp"
#include "crossmem/placement/location.hpp"
#include "crossmem/placement/topology.hpp"

namespace crossmem::placement {

// What --placement asked for.
struct PlacementRequest {
  enum class Kind { automatic, by_class, explicit_locations };
  Kind kind = Kind::automatic;
  PlacementClass cls = PlacementClass::smt;  // meaningful for by_class
  std::vector<Location> locations;           // one per rank, for explicit_locations
};

// Parses --placement: "", "auto" or "default" -> automatic; a class name ("smt", "l2", "l3",
// "package", "numa", "cross-package") -> by_class; otherwise a comma-separated list of locations,
// one per rank. Throws InvalidInput naming the bad token (an unknown word, an empty list entry, a
// bad location).
PlacementRequest parse_placement(std::string_view text);

struct PlanOptions {
  unsigned processes = 2;      // N >= 2
  bool oversubscribe = false;  // allow two ranks on one PU
};

struct Plan {
  PlacementRequest::Kind kind = PlacementRequest::Kind::automatic;
  std::vector<unsigned> pus;               // PU of each rank; pus[0] is rank 0
  std::optional<PlacementClass> relation;  // class of (rank 0, rank 1); nullopt if they share a PU
};

// Plans N processes.
// - automatic: rank 0 and rank 1 are the representative pair of the closest class among l2, l3,
//   package, numa, cross-package (smt if the machine has a single core); further ranks take one
//   PU on each unused core, closest class first, then the remaining free PUs.
// - by_class: rank 0 is the first PU (logical order) that has N-1 partners of that class on
//   distinct cores (distinct PUs of rank 0's core for smt); ranks 1..N-1 are those partners in
//   logical order. For N = 2 this is the class's representative pair.
// - explicit_locations: one location per rank, resolved with resolve_location().
// Without oversubscribe no PU is used twice; with it, ranks that do not fit reuse the PUs already
// planned (for by_class, rank 0 is then the first PU with the most partners, and the extra ranks
// reuse those partners, so every rank keeps the class).
// Throws Unsupported (with the reason) for a class this topology lacks, InvalidInput for N < 2,
// a location count different from N, an unresolvable location, or more ranks than fit.
Plan plan_placement(const Topology& topology, const PlacementRequest& request,
                    const PlanOptions& options);

}  // namespace crossmem::placement
