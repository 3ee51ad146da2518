#include "crossmem/placement/classes.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crossmem/error.hpp"
#include "fixtures.hpp"

namespace crossmem::placement {
namespace {

using C = PlacementClass;

struct Expected {
  C cls;
  bool present;
  unsigned pu_a;  // when present
  unsigned pu_b;
  std::string reason;  // when absent
};

void expect_classes(const Topology& topology, const std::vector<Expected>& expected) {
  std::vector<ClassAvailability> found = discover_placement_classes(topology);
  ASSERT_EQ(found.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(std::string(placement_class_name(expected[i].cls)));
    EXPECT_EQ(found[i].cls, expected[i].cls);
    EXPECT_EQ(found[i].present, expected[i].present);
    if (expected[i].present) {
      EXPECT_EQ(found[i].pu_a, expected[i].pu_a);
      EXPECT_EQ(found[i].pu_b, expected[i].pu_b);
      EXPECT_EQ(found[i].reason, "");
      EXPECT_EQ(classify_pu_pair(topology, found[i].pu_a, found[i].pu_b), expected[i].cls);
    } else {
      EXPECT_EQ(found[i].reason, expected[i].reason);
    }
  }
}

TEST(PlacementClasses, NamesRoundTrip) {
  for (C cls : kAllPlacementClasses) {
    EXPECT_EQ(placement_class_from_name(placement_class_name(cls)), cls);
  }
  EXPECT_EQ(placement_class_name(C::cross_package), "cross-package");
  EXPECT_EQ(placement_class_from_name("cross_package"), std::nullopt);
  EXPECT_EQ(placement_class_from_name("L2"), std::nullopt);
  EXPECT_EQ(placement_class_from_name(""), std::nullopt);
}

TEST(PlacementClasses, AllClassesFixture) {
  // pack:2 numa:2 l3:2 l2:2 core:2 pu:2: 16 PUs per NUMA node, 8 per L3, 4 per L2.
  Topology topology = testing::load_fixture("all-classes.xml");
  expect_classes(topology, {{C::smt, true, 0, 1, ""},
                            {C::l2, true, 0, 2, ""},
                            {C::l3, true, 0, 4, ""},
                            {C::package, true, 0, 8, ""},
                            {C::numa, true, 0, 16, ""},
                            {C::cross_package, true, 0, 32, ""}});
}

TEST(PlacementClasses, NumaPerL3Fixture) {
  Topology topology = testing::load_fixture("numa-per-l3-smt.xml");
  expect_classes(
      topology, {{C::smt, true, 0, 1, ""},
                 {C::l2, true, 0, 2, ""},
                 {C::l3, true, 0, 4, ""},
                 {C::package, false, 0, 0, "all cores of each package and NUMA node share a cache"},
                 {C::numa, true, 0, 8, ""},
                 {C::cross_package, true, 0, 16, ""}});
}

TEST(PlacementClasses, SingleNodeWithoutSmt) {
  Topology topology = testing::load_fixture("single-node-no-smt.xml");
  expect_classes(
      topology, {{C::smt, false, 0, 0, "no core has two PUs"},
                 {C::l2, false, 0, 0, "no two cores of one NUMA node share an L2 cache"},
                 {C::l3, true, 0, 1, ""},
                 {C::package, false, 0, 0, "all cores of each package and NUMA node share a cache"},
                 {C::numa, false, 0, 0, "one NUMA node only"},
                 {C::cross_package, false, 0, 0, "one package only"}});
}

TEST(PlacementClasses, MemoryOnlyNodeIsNobodysLocalNode) {
  // Node 2 holds memory for the whole machine but is no PU's local node: it must not make the
  // PUs of one package look like they sit on different NUMA nodes.
  Topology topology = testing::load_fixture("memory-only-node.xml");
  expect_classes(
      topology, {{C::smt, false, 0, 0, "no core has two PUs"},
                 {C::l2, false, 0, 0, "no two cores of one NUMA node share an L2 cache"},
                 {C::l3, true, 0, 1, ""},
                 {C::package, false, 0, 0, "all cores of each package and NUMA node share a cache"},
                 {C::numa, false, 0, 0, "no package has two NUMA nodes with CPUs"},
                 {C::cross_package, true, 0, 2, ""}});
}

TEST(PlacementClasses, ReasonsForMissingCachesAndNodes) {
  expect_classes(Topology::from_synthetic("pack:1 numa:1 core:2 pu:1"),
                 {{C::smt, false, 0, 0, "no core has two PUs"},
                  {C::l2, false, 0, 0, "no L2 cache in the topology"},
                  {C::l3, false, 0, 0, "no L3 cache in the topology"},
                  {C::package, true, 0, 1, ""},
                  {C::numa, false, 0, 0, "one NUMA node only"},
                  {C::cross_package, false, 0, 0, "one package only"}});
  expect_classes(Topology::from_synthetic("pack:2 numa:1 l2:1 core:1 pu:2"),
                 {{C::smt, true, 0, 1, ""},
                  {C::l2, false, 0, 0, "no two cores of one NUMA node share an L2 cache"},
                  {C::l3, false, 0, 0, "no L3 cache in the topology"},
                  {C::package, false, 0, 0, "no two cores in one package and NUMA node"},
                  {C::numa, false, 0, 0, "no package has two NUMA nodes with CPUs"},
                  {C::cross_package, true, 0, 2, ""}});
}

TEST(PlacementClasses, ClassifiesPairsSymmetrically) {
  Topology topology = testing::load_fixture("all-classes.xml");
  EXPECT_EQ(classify_pu_pair(topology, 3, 3), std::nullopt);
  EXPECT_EQ(classify_pu_pair(topology, 63, 62), C::smt);
  EXPECT_EQ(classify_pu_pair(topology, 7, 5), C::l2);
  EXPECT_EQ(classify_pu_pair(topology, 7, 3), C::l3);
  EXPECT_EQ(classify_pu_pair(topology, 15, 0), C::package);
  EXPECT_EQ(classify_pu_pair(topology, 16, 15), C::numa);
  EXPECT_EQ(classify_pu_pair(topology, 63, 0), C::cross_package);
  EXPECT_EQ(classify_pu_pair(topology, 0, 63), C::cross_package);
  EXPECT_THROW(classify_pu_pair(topology, 0, 64), InvalidInput);
}

TEST(PlacementClasses, FindReturnsTheDiscoveredEntry) {
  Topology topology = testing::load_fixture("numa-per-l3-smt.xml");
  ClassAvailability numa = find_placement_class(topology, C::numa);
  EXPECT_TRUE(numa.present);
  EXPECT_EQ(numa.pu_b, 8u);
  ClassAvailability package = find_placement_class(topology, C::package);
  EXPECT_FALSE(package.present);
  EXPECT_EQ(package.cls, C::package);
}

TEST(PlacementClasses, FixturesMatchTheirSyntheticDescriptions) {
  for (const char* name : testing::kFixtureNames) {
    SCOPED_TRACE(name);
    Topology xml = testing::load_fixture(name);
    const char* description =
        hwloc_obj_get_info_by_name(hwloc_get_root_obj(xml.get()), "SyntheticDescription");
    ASSERT_NE(description, nullptr);
    Topology synthetic = Topology::from_synthetic(description);
    std::vector<ClassAvailability> a = discover_placement_classes(xml);
    std::vector<ClassAvailability> b = discover_placement_classes(synthetic);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].present, b[i].present);
      EXPECT_EQ(a[i].pu_a, b[i].pu_a);
      EXPECT_EQ(a[i].pu_b, b[i].pu_b);
      EXPECT_EQ(a[i].reason, b[i].reason);
    }
  }
}

}  // namespace
}  // namespace crossmem::placement
