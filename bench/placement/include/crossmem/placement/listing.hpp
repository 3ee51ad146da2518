// What placements exist on a topology (--list-placements): the classes and the NUMA nodes.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "crossmem/placement/classes.hpp"
#include "crossmem/placement/topology.hpp"

namespace crossmem::placement {

struct PuSummary {
  unsigned logical = 0;
  unsigned os = 0;       // Linux CPU number
  std::string location;  // pu_location()
};

struct ClassEntry {
  PlacementClass cls = PlacementClass::smt;
  bool present = false;
  std::string reason;  // why absent; empty when present
  PuSummary first;     // representative pair, meaningful when present
  PuSummary second;
};

struct NumaNodeEntry {
  unsigned logical = 0;
  unsigned os = 0;  // Linux node number
  std::uint64_t local_memory_bytes = 0;
  std::vector<unsigned> local_pus_os;  // PUs whose local node this is; empty for a node
                                       // with memory but no CPUs of its own
};

struct PlacementListing {
  std::string topology;  // Topology::source()
  bool this_system = false;
  std::vector<ClassEntry> classes;   // kAllPlacementClasses order
  std::vector<NumaNodeEntry> nodes;  // logical order
};

PlacementListing list_placements(const Topology& topology);

// Human-readable text, one line per class and per node, ending with a newline.
std::string format_placement_listing(const PlacementListing& listing);

// OS CPU numbers as a compact list: {0,1,2,5} -> "0-2,5"; {} -> "none".
std::string format_cpu_list(const std::vector<unsigned>& cpus);

void to_json(nlohmann::json& j, const PlacementListing& listing);

}  // namespace crossmem::placement
