#include "crossmem/placement/location.hpp"

#include <gtest/gtest.h>

#include <string>

#include "crossmem/error.hpp"
#include "fixtures.hpp"

namespace crossmem::placement {
namespace {

// The what() of the InvalidInput thrown by fn, or "" when none is thrown.
template <typename Fn>
std::string invalid_input_message(Fn fn) {
  try {
    fn();
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "";
}

TEST(ParseLocation, SplitsSteps) {
  Location location = parse_location("package:1.core:0.pu:12");
  EXPECT_EQ(location.text, "package:1.core:0.pu:12");
  ASSERT_EQ(location.steps.size(), 3u);
  EXPECT_EQ(location.steps[0].type, "package");
  EXPECT_EQ(location.steps[0].index, 1u);
  EXPECT_EQ(location.steps[1].type, "core");
  EXPECT_EQ(location.steps[1].index, 0u);
  EXPECT_EQ(location.steps[2].type, "pu");
  EXPECT_EQ(location.steps[2].index, 12u);

  Location single = parse_location("core:3");
  ASSERT_EQ(single.steps.size(), 1u);
  EXPECT_EQ(single.steps[0].type, "core");
  EXPECT_EQ(single.steps[0].index, 3u);
}

TEST(ParseLocation, RejectsBadStringsNamingTheToken) {
  auto message = [](const char* text) {
    return invalid_input_message([&] { parse_location(text); });
  };
  EXPECT_EQ(message(""), "bad location '': empty location");
  EXPECT_EQ(message("core"), "bad location 'core': step 'core' is not type:index");
  EXPECT_EQ(message("core:"), "bad location 'core:': index '' is not a non-negative integer");
  EXPECT_EQ(message("core:x"), "bad location 'core:x': index 'x' is not a non-negative integer");
  EXPECT_EQ(message("core:-1"), "bad location 'core:-1': index '-1' is not a non-negative integer");
  EXPECT_EQ(message("core:1x"), "bad location 'core:1x': index '1x' is not a non-negative integer");
  EXPECT_EQ(message("core:99999999999"),
            "bad location 'core:99999999999': index '99999999999' is not a non-negative integer");
  EXPECT_EQ(message(":1"), "bad location ':1': step ':1' has no type");
  EXPECT_EQ(message("package:1..core:0"), "bad location 'package:1..core:0': empty step");
  EXPECT_EQ(message("core:1."), "bad location 'core:1.': empty step");
  EXPECT_EQ(message("co re:1"), "bad location 'co re:1': bad object type 'co re'");
}

TEST(ResolveLocation, ResolvesHierarchically) {
  // all-classes: 32 PUs per package, 16 per NUMA node, 2 per core.
  Topology topology = testing::load_fixture("all-classes.xml");
  EXPECT_EQ(resolve_location(topology, "pu:5"), 5u);
  EXPECT_EQ(resolve_location(topology, "core:3"), 6u);
  EXPECT_EQ(resolve_location(topology, "package:1"), 32u);
  EXPECT_EQ(resolve_location(topology, "package:1.core:0"), 32u);
  EXPECT_EQ(resolve_location(topology, "package:1.core:3.pu:1"), 39u);
  EXPECT_EQ(resolve_location(topology, "pack:1.numa:1.core:1"), 50u);
  EXPECT_EQ(resolve_location(topology, "numa:3"), 48u);
  EXPECT_EQ(resolve_location(topology, "l3:1.l2:1.core:1.pu:1"), 15u);
  EXPECT_EQ(resolve_location(topology, "Package:0.Core:15.PU:1"), 31u);
}

TEST(ResolveLocation, UsesLogicalIndexesNotOsNumbers) {
  // PU L#1 is CPU 16 in this fixture.
  Topology topology = testing::load_fixture("numa-per-l3-smt.xml");
  EXPECT_EQ(resolve_location(topology, "pu:1"), 1u);
  EXPECT_EQ(resolve_location(topology, "core:1"), 2u);
  EXPECT_EQ(resolve_location(topology, "core:0.pu:1"), 1u);
}

TEST(ResolveLocation, RejectsMissingObjectsNamingTheStep) {
  Topology topology = testing::load_fixture("single-node-no-smt.xml");
  auto message = [&](const char* text) {
    return invalid_input_message([&] { resolve_location(topology, text); });
  };
  EXPECT_EQ(message("core:2"), "bad location 'core:2': no core:2 in the machine (it has 2)");
  EXPECT_EQ(message("package:1.core:0"),
            "bad location 'package:1.core:0': no package:1 in the machine (it has 1)");
  EXPECT_EQ(message("package:0.core:0.pu:1"),
            "bad location 'package:0.core:0.pu:1': no pu:1 in package:0.core:0 (it has 1)");
  EXPECT_EQ(message("widget:0"), "bad location 'widget:0': unknown object type 'widget'");
  EXPECT_EQ(message("die:0"), "bad location 'die:0': the topology has no 'die' objects");
  EXPECT_EQ(message("pci:0"), "bad location 'pci:0': object type 'pci' has no CPUs");
  EXPECT_EQ(message("core:x"), "bad location 'core:x': index 'x' is not a non-negative integer");
}

TEST(PuLocation, NamesEachPuSoThatItResolvesBack) {
  for (const char* name : testing::kFixtureNames) {
    SCOPED_TRACE(name);
    Topology topology = testing::load_fixture(name);
    int count = hwloc_get_nbobjs_by_type(topology.get(), HWLOC_OBJ_PU);
    ASSERT_GT(count, 0);
    for (unsigned pu = 0; pu < static_cast<unsigned>(count); ++pu) {
      EXPECT_EQ(resolve_location(topology, pu_location(topology, pu)), pu);
    }
  }
}

TEST(PuLocation, UsesIndexesRelativeToTheParent) {
  Topology topology = testing::load_fixture("all-classes.xml");
  EXPECT_EQ(pu_location(topology, 0), "package:0.core:0.pu:0");
  EXPECT_EQ(pu_location(topology, 39), "package:1.core:3.pu:1");
  EXPECT_EQ(pu_location(topology, 63), "package:1.core:15.pu:1");
  EXPECT_THROW(pu_location(topology, 64), InvalidInput);

  Topology no_packages = Topology::from_synthetic("numa:1 core:2 pu:2");
  EXPECT_EQ(pu_location(no_packages, 3), "core:1.pu:1");
  Topology no_cores = Topology::from_synthetic("pack:2 pu:2");
  EXPECT_EQ(pu_location(no_cores, 3), "package:1.pu:1");
}

}  // namespace
}  // namespace crossmem::placement
