// Locations: hwloc-style object paths naming where one process runs.
//
// Syntax: steps "type:index" separated by '.', e.g. "core:3", "pu:5", "package:1.core:0",
// "numa:1.core:2". The first step indexes the whole machine, each next step indexes inside the
// previous object's CPU set; indexes are logical (hwloc L#). Type names are hwloc's
// (package/pack, die, numa/numanode, l3/l3cache, l2, core, pu, group, ...). A location resolves to
// the first PU of the object it names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crossmem/placement/topology.hpp"

namespace crossmem::placement {

struct LocationStep {
  std::string type;  // as written: "package", "core", ...
  unsigned index = 0;
};

struct Location {
  std::string text;  // the whole location as written
  std::vector<LocationStep> steps;
};

// Splits a location into steps without consulting a topology. Throws InvalidInput naming the bad
// token for an empty location or step, a step without ':', or an index that is not a decimal
// number.
Location parse_location(std::string_view text);

// The logical index of the first PU of the object the location names. Throws InvalidInput naming
// the bad step when the type is unknown, has no CPUs (I/O, Misc), is absent from the topology or
// exists at several depths, or when the index is past the last such object.
unsigned resolve_location(const Topology& topology, const Location& location);
unsigned resolve_location(const Topology& topology, std::string_view text);

// A location string naming exactly this PU: "package:P.core:C.pu:U" with indexes relative to the
// parent (the package and core steps are left out when the topology has no such objects).
// resolve_location() of the result gives pu back. Throws InvalidInput if pu is out of range.
std::string pu_location(const Topology& topology, unsigned pu);

}  // namespace crossmem::placement
