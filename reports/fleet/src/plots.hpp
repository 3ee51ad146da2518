// Side-by-side plots of the node types: per set of conditions (workload, procs, placement, cache,
// pages, fresh), the compared counter against message size, one line per node type and strategy
// (median over the type's nodes, error bars from the smallest to the largest node median).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "fleet.hpp"

namespace crossmem::fleet {

struct FleetPlots {
  // Files to write next to fleet.md: plot-<stem>.gp, .dat and .svg.
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::pair<std::string, std::string>> plots;  // (title, svg file name)
  std::string note;  // why some or all plots are missing ("" when none is)
};

// Renders with gnuplot (svg terminal) in a temporary directory that is removed afterwards. A
// missing or failing gnuplot is a note, not an error. Conditions with fewer than 2 sizes get no
// plot.
FleetPlots make_fleet_plots(const FleetReport& report, const OddOptions& options);

// The "Node types side by side" section of fleet.md.
std::string plots_markdown(const FleetPlots& plots);

}  // namespace crossmem::fleet
