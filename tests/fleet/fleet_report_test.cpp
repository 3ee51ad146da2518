// crossmem-fleet-report's analysis on synthetic fleets: node types, odd nodes out, regimes, and
// loading a fleet folder with broken nodes.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "../reports/temp_dir.hpp"
#include "crossmem/error.hpp"
#include "fleet.hpp"
#include "plots.hpp"

namespace crossmem::fleet {
namespace {

using report::testing::TempDir;
using report::testing::write_file;

struct NodeSpec {
  std::string name;
  double scale = 1;  // latency multiplier
  std::string pages = "4k";
  std::string kernel = "6.1.0-18-amd64";
  std::string wait_mode = "spin";
  double far_scale = 0;     // > 0: half the repetitions in a second, slower regime
  bool brief_fast = false;  // the first repetition of each case in a faster regime the host
                            // visited briefly (regime_ns 20, the others 50)
};

// One node: shm-copy and cma-read at 4 sizes, `reps` repetitions each, noise of 2 %.
void add_node(Fleet& fleet, const NodeSpec& spec, unsigned seed, int reps = 8) {
  results::Source source;
  source.label = spec.name;
  source.host = spec.name;
  source.context = {{"host_name", spec.name},
                    {"crossmem.cpu_model", "Test CPU"},
                    {"crossmem.topology", "1 package, 2 cores"},
                    {"crossmem.kernel", spec.kernel},
                    {"crossmem.thp", "madvise"},
                    {"crossmem.yama_ptrace_scope", "1"},
                    {"crossmem.page_size", "4096"},
                    {"crossmem.hugepage_sizes", "2048,1048576"},
                    {"crossmem.wait_mode", spec.wait_mode},
                    {"crossmem.pages", spec.pages}};
  for (const auto& [k, v] : source.context) {
    if (k.rfind("crossmem.", 0) == 0) source.crossmem[k.substr(9)] = v;
  }
  // The listing crossmem-bench writes: the crossover baseline and candidates follow its traits.
  source.strategies.resize(2);
  source.strategies[0].name = "shm-copy";
  source.strategies[0].copies = 2;
  source.strategies[1].name = "cma-read";
  Node node;
  node.name = spec.name;
  node.ok = true;
  node.host = spec.name;
  node.has_results = true;
  node.source = fleet.results.sources.size();
  for (const char* key : {"cpu_model", "topology", "kernel"}) {
    node.signature += std::string(key) + "=" + source.get(key) + ";";
  }
  fleet.results.sources.push_back(source);
  fleet.nodes.push_back(node);
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.02);
  for (const char* strategy : {"shm-copy", "cma-read"}) {
    for (std::uint64_t size : {4096u, 65536u, 1048576u, 16777216u}) {
      for (int r = 0; r < reps; ++r) {
        results::Measurement m;
        m.source = node.source;
        m.axes = results::Axes{"pingpong", strategy, size, 2, "l3", "hot", spec.pages, false, {}};
        m.repetition = static_cast<std::uint64_t>(r);
        double base = std::string(strategy) == "shm-copy" ? 1000 + static_cast<double>(size) / 4
                                                          : 3000 + static_cast<double>(size) / 8;
        bool far = spec.far_scale > 0 && r % 2 == 1;
        double t = base * spec.scale * (far ? spec.far_scale : 1) * std::exp(noise(rng));
        m.counters = {{"size_bytes", static_cast<double>(size)},
                      {"latency_ns", t},
                      {"bytes_per_second", static_cast<double>(size) / t * 1e9},
                      {"handoff_ns", far ? 400 : 50},
                      {"doorbell_ns", 70},
                      {"preempted", 0},
                      {"validated", 1}};
        if (spec.far_scale > 0) m.counters["regime_ns"] = far ? 400 : 50;
        if (spec.brief_fast) m.counters["regime_ns"] = r == 0 ? 20 : 50;
        fleet.results.measurements.push_back(m);
      }
    }
  }
}

const OddNode* find_odd(const Group& g, const Fleet& fleet, const std::string& name) {
  for (const OddNode& o : g.odd)
    if (fleet.nodes[o.node].name == name) return &o;
  return nullptr;
}

TEST(FleetReport, SameNodesGiveOneTypeAndNoOddNode) {
  Fleet fleet;
  for (unsigned i = 1; i <= 4; ++i) add_node(fleet, {"n" + std::to_string(i)}, i);
  FleetReport r = analyze_fleet(fleet);
  ASSERT_EQ(r.groups.size(), 1u);
  EXPECT_EQ(r.groups[0].nodes.size(), 4u);
  EXPECT_TRUE(r.groups[0].odd.empty());
  EXPECT_TRUE(r.groups[0].odd_note.empty());
  EXPECT_EQ(r.groups[0].cases.size(), 8u);
  for (const Case& c : r.groups[0].cases) {
    EXPECT_EQ(c.nodes.size(), 4u);
    EXPECT_LE(c.low, c.median);
    EXPECT_LE(c.median, c.high);
  }
  EXPECT_FALSE(r.groups[0].crossovers.empty());
  EXPECT_FALSE(r.groups[0].tuned.settings.empty());
}

TEST(FleetReport, SlowerNodeIsFlaggedWithTheKeyThatDiffers) {
  Fleet fleet;
  add_node(fleet, {"n1"}, 1);
  add_node(fleet, {"n2"}, 2);
  NodeSpec slow{"n3", 1.5};
  slow.wait_mode = "futex";
  add_node(fleet, slow, 3);
  add_node(fleet, {"n4"}, 4);
  FleetReport r = analyze_fleet(fleet);
  ASSERT_EQ(r.groups.size(), 1u);
  ASSERT_EQ(r.groups[0].odd.size(), 1u);
  const OddNode* odd = find_odd(r.groups[0], fleet, "n3");
  ASSERT_NE(odd, nullptr);
  EXPECT_EQ(odd->cases.size(), 8u);
  for (const Outlier& c : odd->cases) {
    EXPECT_GT(c.node_median, c.peers_high);
    EXPECT_LT(c.p_value, 0.01);
  }
  ASSERT_EQ(odd->differences.size(), 1u);
  EXPECT_EQ(odd->differences[0].key, "crossmem.wait_mode");
  EXPECT_EQ(odd->differences[0].value, "futex");
  EXPECT_EQ(odd->differences[0].peers_value, "spin");
}

TEST(FleetReport, SmallDifferenceIsNotFlagged) {
  Fleet fleet;
  add_node(fleet, {"n1"}, 1);
  add_node(fleet, {"n2"}, 2);
  add_node(fleet, {"n3", 1.05}, 3);  // below the 10 % minimum effect
  EXPECT_TRUE(analyze_fleet(fleet).groups[0].odd.empty());
}

// n1 and n2 on 4 KiB pages, n3 on THP: n3 measured cases none of its peers did.
Fleet n3_on_thp() {
  Fleet fleet;
  add_node(fleet, {"n1"}, 1);
  add_node(fleet, {"n2"}, 2);
  NodeSpec thp{"n3"};
  thp.pages = "thp";
  add_node(fleet, thp, 3);
  return fleet;
}

TEST(FleetReport, NodeWithOtherCasesIsOddAndNamesThePagesKey) {
  Fleet fleet = n3_on_thp();
  FleetReport r = analyze_fleet(fleet);
  ASSERT_EQ(r.groups.size(), 1u);
  const OddNode* odd = find_odd(r.groups[0], fleet, "n3");
  ASSERT_NE(odd, nullptr);
  EXPECT_TRUE(odd->cases.empty());
  EXPECT_NE(odd->why.find("none of its"), std::string::npos);
  ASSERT_EQ(odd->differences.size(), 1u);
  EXPECT_EQ(odd->differences[0].key, "crossmem.pages");
  EXPECT_EQ(r.groups[0].odd.size(), 1u);
}

TEST(FleetReport, KernelSplitsNodeTypesAndSmallTypesAreNotSearched) {
  Fleet fleet;
  add_node(fleet, {"n1"}, 1);
  add_node(fleet, {"n2"}, 2);
  add_node(fleet, {"n3"}, 3);
  NodeSpec other{"n4", 2.0};
  other.kernel = "6.12.0";
  add_node(fleet, other, 4);
  FleetReport r = analyze_fleet(fleet);
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_EQ(r.groups[0].nodes.size(), 3u);
  EXPECT_TRUE(r.groups[0].odd.empty());
  EXPECT_EQ(r.groups[1].nodes.size(), 1u);
  EXPECT_FALSE(r.groups[1].odd_note.empty());
  EXPECT_EQ(r.groups[1].values.at("kernel"), "6.12.0");
}

// n1 and n2 (8 repetitions per case, one regime) beside n3 (12 per case, as `n3` says): no odd
// node, and n3 compared by `n3_kept` repetitions per case, those of its base regime.
void expect_n3_compared_by(const NodeSpec& n3, std::size_t n3_kept) {
  Fleet fleet;
  add_node(fleet, {"n1"}, 1);
  add_node(fleet, {"n2"}, 2);
  add_node(fleet, n3, 3, 12);
  FleetReport r = analyze_fleet(fleet);
  ASSERT_EQ(r.groups.size(), 1u);
  EXPECT_TRUE(r.groups[0].odd.empty());
  for (const Case& c : r.groups[0].cases) {
    for (const NodeSample& s : c.nodes) {
      EXPECT_EQ(s.values.size(), fleet.nodes[s.node].name == "n3" ? n3_kept : 8u);
    }
  }
}

TEST(FleetReport, OnlyTheFastestRegimeIsCompared) {
  NodeSpec mixed{"n3"};
  mixed.far_scale = 3.0;  // every other repetition three times slower, in a far regime
  expect_n3_compared_by(mixed, 6);
}

// A regime that holds less than a quarter of a node's repetitions is not its base regime, however
// fast: one short visit would leave a repetition or two per case to compare by.
TEST(FleetReport, ABriefFasterRegimeDoesNotDecide) {
  NodeSpec brief{"n3"};
  brief.brief_fast = true;
  expect_n3_compared_by(brief, 11);
}

// One plot per set of conditions measured at 2 sizes or more: n3's THP cases get their own.
TEST(FleetReport, OnePlotPerSetOfConditions) {
  Fleet fleet = n3_on_thp();
  FleetPlots plots = make_fleet_plots(analyze_fleet(fleet), OddOptions{});
  ASSERT_TRUE(plots.note.empty()) << plots.note;
  ASSERT_EQ(plots.plots.size(), 2u);
  EXPECT_NE(plots.plots[0].first.find("pages:4k"), std::string::npos) << plots.plots[0].first;
  EXPECT_NE(plots.plots[1].first.find("pages:thp"), std::string::npos) << plots.plots[1].first;
  std::string md = plots_markdown(plots);
  EXPECT_NE(md.find("(plot-1.svg)"), std::string::npos);
  EXPECT_NE(md.find("(plot-2.svg)"), std::string::npos);
}

TEST(FleetReport, RendersEveryNodeTypeAndOddNode) {
  Fleet fleet;
  add_node(fleet, {"n1"}, 1);
  add_node(fleet, {"n2"}, 2);
  add_node(fleet, {"n3", 2.0}, 3);
  Node dead;
  dead.name = "n4";
  dead.reason = "crossmem-bench not found on PATH on this node";
  fleet.nodes.push_back(dead);
  results::Skip skip;
  skip.source = fleet.nodes[1].source;
  skip.axes = results::Axes{"pingpong", "vmsplice", 4096, 2, "l3", "hot", "4k", false, {}};
  skip.unsupported = true;
  skip.reason = "pipe-max-size below the message";
  fleet.results.skips.push_back(skip);
  FleetReport r = analyze_fleet(fleet);
  ASSERT_EQ(r.failed.size(), 1u);
  std::string md = render_markdown(fleet, r, OddOptions{});
  EXPECT_NE(md.find("| vmsplice (pipe-max-size below the message) |"), std::string::npos);
  EXPECT_NE(md.find("## Node type 1: n1, n2, n3"), std::string::npos);
  EXPECT_NE(md.find("**n3**"), std::string::npos);
  EXPECT_NE(md.find("crossmem-bench not found on PATH"), std::string::npos);
  std::string json = render_json(fleet, r);
  EXPECT_NE(json.find("\"failed\": [\n    \"n4\""), std::string::npos);
}

TEST(FleetLoad, BrokenNodesAreRecordedAndBadFoldersRefused) {
  TempDir tmp;
  EXPECT_THROW(load_fleet(tmp.path() / "absent"), InvalidInput);
  EXPECT_THROW(load_fleet(tmp.path()), InvalidInput);  // no nodes/
  std::filesystem::create_directories(tmp.path() / "nodes");
  EXPECT_THROW(load_fleet(tmp.path()), InvalidInput);  // no node
  for (const char* n : {"a", "b", "c", "d"})
    std::filesystem::create_directories(tmp.path() / "nodes" / n);
  write_file(tmp.path() / "nodes/a/status.json",
             R"({"node": "a", "host": "ha", "status": "failed", "exit_status": 127,
                 "reason": "crossmem-bench not found on PATH on this node"})");
  write_file(tmp.path() / "nodes/b/status.json", R"({"node": "b", "status": "ok"})");
  write_file(tmp.path() / "nodes/b/bench.json", R"({"context": {}, "benchmarks": [)");
  write_file(tmp.path() / "nodes/c/status.json", "not json");
  Fleet f = load_fleet(tmp.path());
  ASSERT_EQ(f.nodes.size(), 4u);
  EXPECT_EQ(f.nodes[0].reason, "crossmem-bench not found on PATH on this node");
  EXPECT_EQ(f.nodes[0].host, "ha");
  EXPECT_FALSE(f.nodes[1].ok);
  EXPECT_NE(f.nodes[1].reason.find("unreadable result"), std::string::npos);
  EXPECT_NE(f.nodes[2].reason.find("not a JSON object"), std::string::npos);
  EXPECT_NE(f.nodes[3].reason.find("no status.json"), std::string::npos);
  for (const Node& n : f.nodes) EXPECT_FALSE(n.has_results);
  EXPECT_EQ(analyze_fleet(f).failed.size(), 4u);
}

}  // namespace
}  // namespace crossmem::fleet
