// A fleet run (scripts/fleet): one crossmem-bench result per node, compared across machines.
//
// Nodes are grouped by hardware signature (kSignatureKeys of the crossmem context). Within a
// group, every case (one set of axes and tunables) gets the median over the nodes' medians and the
// spread across nodes; crossovers and tuned settings come from the group's repetitions pooled, the
// odd nodes left out. A node is odd when, for some case, its median lies outside the spread of its
// peers' medians, differs from theirs by at least `min_effect`, and a Mann-Whitney test of its
// repetitions against the peers' gives p < `alpha`; or when none of its cases was measured by its
// peers. An odd node's report names the context keys whose value differs from the one its peers
// share.
//
// Host regimes: when a result carries the per-repetition `regime_ns` counter, only the repetitions
// of the run's base regime are compared: the fastest (smallest non-zero regime_ns) of those that
// hold at least a quarter of its repetitions; results without it are one regime.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "crossmem/results/crossover.hpp"
#include "crossmem/results/extras.hpp"
#include "crossmem/results/results.hpp"
#include "crossmem/results/stats.hpp"
#include "crossmem/schema/fields.hpp"

namespace crossmem::fleet {

// crossmem.<key> context keys that make up the hardware signature.
extern const std::vector<std::string> kSignatureKeys;

struct Node {
  std::string name;          // the folder under nodes/
  bool ok = false;           // status.json said "ok"
  std::string reason;        // why it failed ("" when ok)
  std::string host;          // from status.json, or the result's host
  bool has_results = false;  // bench.json was loaded
  std::size_t source = 0;    // index into Fleet::results.sources when has_results
  std::string signature;     // "key=value; ..." over kSignatureKeys, "" without results
};

struct Fleet {
  std::filesystem::path dir;
  std::vector<Node> nodes;  // sorted by name
  results::Results results;
};

// Reads DIR/nodes/*/status.json and bench.json. A node whose bench.json cannot be read or is
// invalid is kept as a failed node with the loader's message, as is one whose status.json is
// missing or not JSON. Throws InvalidInput when DIR or DIR/nodes does not exist or holds no node.
Fleet load_fleet(const std::filesystem::path& dir);

struct OddOptions {
  std::string counter = schema::field::latency_ns;
  double alpha = 0.01;
  double min_effect = 0.10;         // relative difference of medians
  std::size_t min_repetitions = 5;  // per node, for the rank test
  std::size_t min_peers = 2;
};

struct NodeSample {
  std::size_t node = 0;        // index into Fleet::nodes
  std::vector<double> values;  // repetitions of the counter, in the run's base regime
  results::Spread spread;
};

struct Case {
  results::Axes axes;
  std::vector<NodeSample> nodes;
  double median = 0;  // median of the node medians
  double low = 0;     // smallest node median
  double high = 0;    // largest node median
};

struct Outlier {
  results::Axes axes;
  double node_median = 0;
  double peers_median = 0;
  double peers_low = 0;
  double peers_high = 0;
  double p_value = 1;
};

struct KeyDifference {
  std::string key;          // context key ("crossmem.pages", "num_cpus", ...)
  std::string value;        // the odd node's value ("(absent)" when missing)
  std::string peers_value;  // the value every peer has
};

struct OddNode {
  std::size_t node = 0;
  std::string why;                         // one sentence
  std::vector<Outlier> cases;              // flagged cases (empty when no case in common)
  std::vector<KeyDifference> differences;  // context keys that differ from the peers
};

struct Group {
  std::string signature;
  std::map<std::string, std::string> values;  // signature key -> value
  std::vector<std::size_t> nodes;             // indexes into Fleet::nodes
  std::vector<Case> cases;
  std::vector<OddNode> odd;
  std::string odd_note;  // why no odd node could be sought ("" when it could)
  std::vector<results::Crossover> crossovers;
  results::Tuned tuned;
};

struct FleetReport {
  std::vector<Group> groups;        // by first node name
  std::vector<std::size_t> failed;  // nodes that are not ok, with or without results
};

FleetReport analyze_fleet(const Fleet& fleet, const OddOptions& options = {});

// fleet.md: nodes, failures, and per group: signature, nodes, odd nodes, crossovers, tuned
// settings and the case table.
std::string render_markdown(const Fleet& fleet, const FleetReport& report,
                            const OddOptions& options);

// fleet.json: the same facts for programs.
std::string render_json(const Fleet& fleet, const FleetReport& report);

}  // namespace crossmem::fleet
