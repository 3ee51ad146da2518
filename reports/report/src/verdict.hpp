// The verdict: what the run found, in at most about 15 lines, for the end of scripts/run
// (verdict.txt) and the top of index.html. First, where the host regimes disagree, the sentence
// saying so (Model::disagreement_sentences). Per input file, for its first ping-pong group (the
// regime with the most repetitions, when the run has regimes):
//   - the fastest mechanism per band of sizes (references memcpy, shared-map and pipe left out;
//     "~" marks a band where the runner-up's spread overlaps the winner's),
//   - the crossovers against shm-copy that were found, with their intervals,
//   - the tuned MPI settings and, from the verification, the tuned configuration's bandwidth
//     against Open MPI's default (median of the per-size ratios, and its range),
//   - what was skipped, and why.
// Other groups (other pages, cache or freshness conditions, contention workloads) are named in a
// closing line: they are in the report.
#pragma once

#include <string>
#include <vector>

#include "model.hpp"

namespace crossmem::report {

// One size band's winner.
struct Band {
  std::uint64_t from = 0;
  std::uint64_t to = 0;
  std::string winner;  // series label
  bool close = false;  // at some size of the band the runner-up's spread overlaps the winner's
  double latency_ns_from = 0;
  double bandwidth_to = 0;  // bytes per second at `to`
};

// The fastest non-reference series per size of `group`, merged into bands of consecutive sizes
// with the same winner. Empty when no non-reference series measured bandwidth.
std::vector<Band> fastest_bands(const GroupView& group);

// Tuned bandwidth / default bandwidth per size of the verification ({} when there is none).
std::vector<std::pair<std::uint64_t, double>> tuned_gain(const results::Verify& verify);

// The verdict as lines of text (no trailing newline on each).
std::vector<std::string> verdict_lines(const Model& model);

// verdict_lines joined, one per line.
std::string render_verdict(const Model& model);

}  // namespace crossmem::report
