#include "crossmem/bench/pinning.hpp"

#include <hwloc.h>

#include <sstream>

#include "crossmem/error.hpp"
#include "crossmem/placement/bind.hpp"
#include "crossmem/placement/buffer_node.hpp"
#include "crossmem/placement/classes.hpp"
#include "crossmem/placement/listing.hpp"
#include "crossmem/placement/plan.hpp"

namespace crossmem::bench {
namespace {

using placement::Topology;

unsigned os_index_of(const Topology& topo, unsigned logical) {
  return hwloc_get_obj_by_type(topo.get(), HWLOC_OBJ_PU, logical)->os_index;
}

}  // namespace

PuPlan plan_pus(const std::string& text, int count, bool allow_shared) {
  if (count < 2) throw InvalidInput("a run needs at least 2 processes");
  Topology topo = Topology::this_system();
  placement::PlanOptions options;
  options.processes = static_cast<unsigned>(count);
  options.oversubscribe = allow_shared;
  placement::Plan plan = placement::plan_placement(topo, placement::parse_placement(text), options);
  PuPlan out;
  for (unsigned logical : plan.pus) out.pus.push_back(os_index_of(topo, logical));
  out.placement =
      plan.relation ? std::string(placement::placement_class_name(*plan.relation)) : "same-pu";
  return out;
}

std::vector<unsigned> default_pus(int count, bool allow_shared) {
  return plan_pus("", count, allow_shared).pus;
}

std::vector<unsigned> parse_pus(const std::string& text) {
  Topology topo = Topology::this_system();
  std::vector<unsigned> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    std::size_t used = 0;
    unsigned long v = 0;
    try {
      v = std::stoul(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size())
      throw InvalidInput("--cores: '" + item + "' is not a PU number");
    if (!hwloc_get_pu_obj_by_os_index(topo.get(), static_cast<unsigned>(v))) {
      throw InvalidInput("--cores: PU " + item + " does not exist on this machine");
    }
    out.push_back(static_cast<unsigned>(v));
  }
  if (out.empty()) throw InvalidInput("--cores: empty list");
  return out;
}

void pin_self(unsigned os_index) {
  Topology topo = Topology::this_system();
  hwloc_obj_t pu = hwloc_get_pu_obj_by_os_index(topo.get(), os_index);
  if (!pu) throw SystemError(EINVAL, "PU " + std::to_string(os_index) + " does not exist");
  placement::bind_process_to_pu(topo, pu->logical_index);
}

void check_buffer_node(const std::string& text, const std::vector<unsigned>& pus) {
  Topology topo = Topology::this_system();
  auto request = placement::parse_buffer_node(text);
  auto logical = [&](unsigned os) {
    return hwloc_get_pu_obj_by_os_index(topo.get(), os)->logical_index;
  };
  for (std::size_t r = 1; r < pus.size(); ++r) {
    placement::resolve_buffer_node(topo, request, logical(pus[0]), logical(pus[r]));
  }
}

std::string topology_summary() {
  Topology topo = Topology::this_system();
  auto n = [&](hwloc_obj_type_t type) { return hwloc_get_nbobjs_by_type(topo.get(), type); };
  std::ostringstream out;
  out << n(HWLOC_OBJ_PACKAGE) << " package(s), " << n(HWLOC_OBJ_NUMANODE) << " NUMA node(s), "
      << n(HWLOC_OBJ_L3CACHE) << " L3, " << n(HWLOC_OBJ_CORE) << " core(s), " << n(HWLOC_OBJ_PU)
      << " PU(s)";
  return out.str();
}

std::string placement_listing() {
  return placement::format_placement_listing(placement::list_placements(Topology::this_system()));
}

}  // namespace crossmem::bench
