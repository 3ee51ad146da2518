#include "crossmem/placement/listing.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "fixtures.hpp"

namespace crossmem::placement {
namespace {

TEST(FormatCpuList, CompactsRanges) {
  EXPECT_EQ(format_cpu_list({}), "none");
  EXPECT_EQ(format_cpu_list({3}), "3");
  EXPECT_EQ(format_cpu_list({0, 1, 2, 5}), "0-2,5");
  EXPECT_EQ(format_cpu_list({0, 2, 4, 5, 6, 7, 9}), "0,2,4-7,9");
}

TEST(ListPlacements, ReportsClassesWithOsAndLogicalPus) {
  Topology topology = testing::load_fixture("numa-per-l3-smt.xml");
  PlacementListing listing = list_placements(topology);
  EXPECT_FALSE(listing.this_system);
  ASSERT_EQ(listing.classes.size(), 6u);

  const ClassEntry& smt = listing.classes[0];
  EXPECT_EQ(smt.cls, PlacementClass::smt);
  EXPECT_TRUE(smt.present);
  EXPECT_EQ(smt.first.logical, 0u);
  EXPECT_EQ(smt.first.os, 0u);
  EXPECT_EQ(smt.first.location, "package:0.core:0.pu:0");
  EXPECT_EQ(smt.second.logical, 1u);
  EXPECT_EQ(smt.second.os, 16u);
  EXPECT_EQ(smt.second.location, "package:0.core:0.pu:1");

  const ClassEntry& package = listing.classes[3];
  EXPECT_FALSE(package.present);
  EXPECT_EQ(package.reason, "all cores of each package and NUMA node share a cache");

  ASSERT_EQ(listing.nodes.size(), 4u);
  EXPECT_EQ(listing.nodes[1].logical, 1u);
  EXPECT_EQ(listing.nodes[1].local_memory_bytes, 1024ull << 20);
  EXPECT_EQ(format_cpu_list(listing.nodes[1].local_pus_os), "4-7,20-23");
}

TEST(ListPlacements, MemoryOnlyNodeHasNoCpus) {
  PlacementListing listing = list_placements(testing::load_fixture("memory-only-node.xml"));
  ASSERT_EQ(listing.nodes.size(), 3u);
  EXPECT_EQ(listing.nodes[0].local_pus_os, (std::vector<unsigned>{0, 1}));
  EXPECT_EQ(listing.nodes[1].local_pus_os, (std::vector<unsigned>{2, 3}));
  EXPECT_TRUE(listing.nodes[2].local_pus_os.empty());
  EXPECT_EQ(listing.nodes[2].local_memory_bytes, 4ull << 30);
}

TEST(FormatPlacementListing, PrintsOneLinePerClassAndNode) {
  Topology topology = testing::load_fixture("memory-only-node.xml");
  std::string expected =
      "Topology: xml " + testing::fixture_path("memory-only-node.xml") +
      " (not this system)\n"
      "Placement classes:\n"
      "  smt            absent   no core has two PUs\n"
      "  l2             absent   no two cores of one NUMA node share an L2 cache\n"
      "  l3             present  CPU 0 (package:0.core:0.pu:0) + CPU 1 (package:0.core:1.pu:0)\n"
      "  package        absent   all cores of each package and NUMA node share a cache\n"
      "  numa           absent   no package has two NUMA nodes with CPUs\n"
      "  cross-package  present  CPU 0 (package:0.core:0.pu:0) + CPU 2 (package:1.core:0.pu:0)\n"
      "NUMA nodes:\n"
      "  node 0   L#0      2.0 GiB  CPUs 0-1\n"
      "  node 1   L#1      2.0 GiB  CPUs 2-3\n"
      "  node 2   L#2      4.0 GiB  CPUs none (memory only)\n";
  EXPECT_EQ(format_placement_listing(list_placements(topology)), expected);
}

TEST(ListPlacements, SerialisesToJson) {
  nlohmann::json j = list_placements(testing::load_fixture("single-node-no-smt.xml"));
  EXPECT_EQ(j["this_system"], false);
  ASSERT_EQ(j["classes"].size(), 6u);
  EXPECT_EQ(j["classes"][0]["class"], "smt");
  EXPECT_EQ(j["classes"][0]["present"], false);
  EXPECT_EQ(j["classes"][0]["reason"], "no core has two PUs");
  EXPECT_EQ(j["classes"][2]["class"], "l3");
  EXPECT_EQ(j["classes"][2]["pus"][1]["os"], 1);
  EXPECT_EQ(j["classes"][2]["pus"][1]["location"], "package:0.core:1.pu:0");
  ASSERT_EQ(j["numa_nodes"].size(), 1u);
  EXPECT_EQ(j["numa_nodes"][0]["local_memory_bytes"], 1024ull << 20);
  EXPECT_EQ(j["numa_nodes"][0]["cpus"], nlohmann::json::array({0, 1}));
}

}  // namespace
}  // namespace crossmem::placement
