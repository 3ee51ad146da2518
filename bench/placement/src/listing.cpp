#include "crossmem/placement/listing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "crossmem/placement/location.hpp"
#include "hwloc_objects.hpp"

namespace crossmem::placement {

namespace {

PuSummary summarize_pu(const Topology& topology, unsigned pu) {
  return PuSummary{pu, detail::pu_object(topology, pu)->os_index, pu_location(topology, pu)};
}

std::string format_bytes(std::uint64_t bytes) {
  constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
  constexpr double kMiB = 1024.0 * 1024.0;
  if (static_cast<double>(bytes) >= kGiB) {
    return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / kGiB);
  }
  return fmt::format("{:.0f} MiB", static_cast<double>(bytes) / kMiB);
}

std::string format_pu(const PuSummary& pu) {
  return fmt::format("CPU {} ({})", pu.os, pu.location);
}

}  // namespace

PlacementListing list_placements(const Topology& topology) {
  PlacementListing listing;
  listing.topology = topology.source();
  listing.this_system = topology.is_this_system();

  for (const ClassAvailability& entry : discover_placement_classes(topology)) {
    ClassEntry out{entry.cls, entry.present, entry.reason, {}, {}};
    if (entry.present) {
      out.first = summarize_pu(topology, entry.pu_a);
      out.second = summarize_pu(topology, entry.pu_b);
    }
    listing.classes.push_back(std::move(out));
  }

  std::vector<detail::PuInfo> pus = detail::pu_table(topology);
  hwloc_topology_t t = topology.get();
  for (hwloc_obj_t node = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_NUMANODE, nullptr);
       node != nullptr; node = node->next_cousin) {
    NumaNodeEntry entry{node->logical_index, node->os_index, node->attr->numanode.local_memory, {}};
    for (const detail::PuInfo& pu : pus) {
      if (pu.node == node) entry.local_pus_os.push_back(pu.pu->os_index);
    }
    std::sort(entry.local_pus_os.begin(), entry.local_pus_os.end());
    listing.nodes.push_back(std::move(entry));
  }
  return listing;
}

std::string format_cpu_list(const std::vector<unsigned>& cpus) {
  if (cpus.empty()) return "none";
  std::string text;
  std::size_t i = 0;
  while (i < cpus.size()) {
    std::size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    if (!text.empty()) text += ",";
    text += j == i ? fmt::format("{}", cpus[i]) : fmt::format("{}-{}", cpus[i], cpus[j]);
    i = j + 1;
  }
  return text;
}

std::string format_placement_listing(const PlacementListing& listing) {
  std::string text = fmt::format("Topology: {}{}\n", listing.topology,
                                 listing.this_system ? "" : " (not this system)");
  text += "Placement classes:\n";
  for (const ClassEntry& entry : listing.classes) {
    if (entry.present) {
      text += fmt::format("  {:<14} present  {} + {}\n", placement_class_name(entry.cls),
                          format_pu(entry.first), format_pu(entry.second));
    } else {
      text += fmt::format("  {:<14} absent   {}\n", placement_class_name(entry.cls), entry.reason);
    }
  }
  text += "NUMA nodes:\n";
  for (const NumaNodeEntry& node : listing.nodes) {
    text += fmt::format("  node {:<3} L#{:<3} {:>10}  CPUs {}\n", node.os, node.logical,
                        format_bytes(node.local_memory_bytes),
                        node.local_pus_os.empty() ? std::string("none (memory only)")
                                                  : format_cpu_list(node.local_pus_os));
  }
  return text;
}

void to_json(nlohmann::json& j, const PlacementListing& listing) {
  nlohmann::json classes = nlohmann::json::array();
  for (const ClassEntry& entry : listing.classes) {
    nlohmann::json item{{"class", placement_class_name(entry.cls)}, {"present", entry.present}};
    if (entry.present) {
      item["pus"] = nlohmann::json::array();
      for (const PuSummary* pu : {&entry.first, &entry.second}) {
        item["pus"].push_back(
            {{"os", pu->os}, {"logical", pu->logical}, {"location", pu->location}});
      }
    } else {
      item["reason"] = entry.reason;
    }
    classes.push_back(std::move(item));
  }
  nlohmann::json nodes = nlohmann::json::array();
  for (const NumaNodeEntry& node : listing.nodes) {
    nodes.push_back({{"os", node.os},
                     {"logical", node.logical},
                     {"local_memory_bytes", node.local_memory_bytes},
                     {"cpus", node.local_pus_os}});
  }
  j = nlohmann::json{{"topology", listing.topology},
                     {"this_system", listing.this_system},
                     {"classes", std::move(classes)},
                     {"numa_nodes", std::move(nodes)}};
}

}  // namespace crossmem::placement
