// The report's plots: gnuplot scripts and data files, rendered to PNG (pngcairo) and SVG.
//
// Per group (GroupView): one-way latency vs size (log-log), bandwidth vs size with the memcpy and
// shared-map ceilings drawn in, and bandwidth as a fraction of memcpy (when memcpy was measured).
// Per source: many-to-one aggregate bandwidth vs number of senders (when such data exists) and a
// placement comparison at a few sizes (when more than one placement class was measured).
// Error bars are p10..p90, or min..max below 5 repetitions.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "model.hpp"

namespace crossmem::report {

struct Plot {
  std::string title;
  std::string stem;  // file name without extension inside the plots directory: stem.{gp,png,svg}
  std::string caption;
};

struct Plots {
  std::map<std::string, std::vector<Plot>> by_group;  // GroupView::id -> plots
  std::map<std::string, std::vector<std::string>> group_notes;
  std::map<std::size_t, std::vector<Plot>> by_source;  // source index -> per-source plots
  std::map<std::size_t, std::vector<std::string>> source_notes;
};

// Writes the data files and scripts into `dir` (which must exist), runs gnuplot on each script
// there and checks that it exited with 0 and wrote a non-empty PNG and SVG.
// Throws SystemError when gnuplot cannot be started, std::runtime_error when it fails (with its
// last line of output).
Plots make_plots(const Model& model, const std::filesystem::path& dir);

}  // namespace crossmem::report
