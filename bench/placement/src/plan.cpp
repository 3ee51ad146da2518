#include "crossmem/placement/plan.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "crossmem/error.hpp"
#include "hwloc_objects.hpp"

namespace crossmem::placement {

using detail::PuInfo;
using Kind = PlacementRequest::Kind;

namespace {

constexpr PlacementClass kAutomaticOrder[] = {PlacementClass::l2, PlacementClass::l3,
                                              PlacementClass::package, PlacementClass::numa,
                                              PlacementClass::cross_package};

std::string class_list() {
  std::string names;
  for (PlacementClass cls : kAllPlacementClasses) {
    names += (names.empty() ? "" : ", ") + std::string(placement_class_name(cls));
  }
  return names;
}

// Partners of rank 0 (index `zero` in pus) in class `cls`, in logical order: PUs of rank 0's core
// for smt, otherwise the first PU of each core.
std::vector<std::size_t> class_partners(hwloc_topology_t topology, const std::vector<PuInfo>& pus,
                                        std::size_t zero, PlacementClass cls) {
  std::vector<std::size_t> partners;
  std::set<hwloc_obj_t> cores;
  for (std::size_t b = 0; b < pus.size(); ++b) {
    if (detail::classify(topology, pus[zero], pus[b]) != cls) continue;
    if (cls != PlacementClass::smt && !cores.insert(pus[b].core).second) continue;
    partners.push_back(b);
  }
  return partners;
}

// Fills ranks past `plan.pus.size()` by cycling over `pool`, or throws.
void fill_by_reuse(Plan& plan, const std::vector<unsigned>& pool, const PlanOptions& options,
                   const std::string& what, std::size_t available) {
  if (plan.pus.size() >= options.processes) return;
  if (!options.oversubscribe || pool.empty()) {
    throw InvalidInput(what + ": " + std::to_string(options.processes) + " processes need " +
                       std::to_string(options.processes) + " distinct PUs, only " +
                       std::to_string(available) + " fit (allow oversubscription to share PUs)");
  }
  for (std::size_t i = 0; plan.pus.size() < options.processes; ++i) {
    plan.pus.push_back(pool[i % pool.size()]);
  }
}

Plan plan_by_class(const Topology& topology, PlacementClass cls, const PlanOptions& options) {
  ClassAvailability availability = find_placement_class(topology, cls);
  if (!availability.present) {
    throw Unsupported("placement class " + std::string(placement_class_name(cls)) +
                      " is absent: " + availability.reason);
  }
  hwloc_topology_t t = topology.get();
  std::vector<PuInfo> pus = detail::pu_table(topology);
  const std::size_t needed = options.processes - 1;

  // The first rank 0 with enough partners; else the first one with the most partners.
  std::size_t zero = availability.pu_a;
  std::vector<std::size_t> partners = class_partners(t, pus, zero, cls);
  for (std::size_t a = 0; a < pus.size() && partners.size() < needed; ++a) {
    std::vector<std::size_t> candidates = class_partners(t, pus, a, cls);
    if (candidates.size() > partners.size()) {
      zero = a;
      partners = std::move(candidates);
    }
  }
  const std::size_t most = partners.size();

  Plan plan{Kind::by_class, {pus[zero].pu->logical_index}, cls};
  std::vector<unsigned> pool;
  for (std::size_t b : partners) pool.push_back(pus[b].pu->logical_index);
  for (std::size_t i = 0; i < pool.size() && plan.pus.size() < options.processes; ++i) {
    plan.pus.push_back(pool[i]);
  }
  fill_by_reuse(plan, pool, options, "placement class " + std::string(placement_class_name(cls)),
                most + 1);
  return plan;
}

Plan plan_automatic(const Topology& topology, const PlanOptions& options) {
  hwloc_topology_t t = topology.get();
  std::vector<PuInfo> pus = detail::pu_table(topology);
  std::vector<ClassAvailability> classes = discover_placement_classes(topology);

  std::size_t zero = 0;
  for (PlacementClass cls : kAutomaticOrder) {
    const ClassAvailability& entry = classes[static_cast<std::size_t>(cls)];
    if (entry.present) {
      zero = entry.pu_a;
      break;
    }
  }

  Plan plan{Kind::automatic, {pus[zero].pu->logical_index}, std::nullopt};
  std::set<hwloc_obj_t> used_cores{pus[zero].core};
  std::vector<bool> used(pus.size(), false);
  used[zero] = true;
  for (PlacementClass cls : kAutomaticOrder) {
    for (std::size_t b = 0; b < pus.size() && plan.pus.size() < options.processes; ++b) {
      if (used[b] || detail::classify(t, pus[zero], pus[b]) != cls) continue;
      if (!used_cores.insert(pus[b].core).second) continue;
      used[b] = true;
      plan.pus.push_back(pus[b].pu->logical_index);
    }
  }
  for (std::size_t b = 0; b < pus.size() && plan.pus.size() < options.processes; ++b) {
    if (used[b]) continue;
    used[b] = true;
    plan.pus.push_back(pus[b].pu->logical_index);
  }
  std::vector<unsigned> pool = plan.pus;
  fill_by_reuse(plan, pool, options, "automatic placement", pool.size());
  return plan;
}

Plan plan_explicit(const Topology& topology, const std::vector<Location>& locations,
                   const PlanOptions& options) {
  if (locations.size() != options.processes) {
    throw InvalidInput("placement lists " + std::to_string(locations.size()) + " location" +
                       (locations.size() == 1 ? "" : "s") + " for " +
                       std::to_string(options.processes) + " processes");
  }
  Plan plan{Kind::explicit_locations, {}, std::nullopt};
  for (const Location& location : locations) {
    unsigned pu = resolve_location(topology, location);
    if (!options.oversubscribe &&
        std::find(plan.pus.begin(), plan.pus.end(), pu) != plan.pus.end()) {
      throw InvalidInput("location '" + location.text + "' is PU L#" + std::to_string(pu) +
                         ", already used by another process (allow oversubscription to share "
                         "PUs)");
    }
    plan.pus.push_back(pu);
  }
  return plan;
}

}  // namespace

PlacementRequest parse_placement(std::string_view text) {
  PlacementRequest request;
  if (text.empty() || text == "auto" || text == "default") return request;
  if (text.find(':') == std::string_view::npos && text.find(',') == std::string_view::npos) {
    std::optional<PlacementClass> cls = placement_class_from_name(text);
    if (!cls) {
      throw InvalidInput("unknown placement '" + std::string(text) + "': expected auto, one of " +
                         class_list() + ", or comma-separated locations like package:0.core:1");
    }
    request.kind = Kind::by_class;
    request.cls = *cls;
    return request;
  }
  request.kind = Kind::explicit_locations;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    std::string_view item = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (item.empty()) {
      throw InvalidInput("bad placement '" + std::string(text) + "': empty location in the list");
    }
    request.locations.push_back(parse_location(item));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return request;
}

Plan plan_placement(const Topology& topology, const PlacementRequest& request,
                    const PlanOptions& options) {
  if (options.processes < 2) {
    throw InvalidInput("a placement plan needs at least 2 processes, not " +
                       std::to_string(options.processes));
  }
  Plan plan;
  switch (request.kind) {
    case Kind::automatic:
      plan = plan_automatic(topology, options);
      break;
    case Kind::by_class:
      plan = plan_by_class(topology, request.cls, options);
      break;
    case Kind::explicit_locations:
      plan = plan_explicit(topology, request.locations, options);
      break;
  }
  plan.relation = classify_pu_pair(topology, plan.pus[0], plan.pus[1]);
  return plan;
}

}  // namespace crossmem::placement
