#include "crossmem/placement/plan.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crossmem/error.hpp"
#include "fixtures.hpp"

namespace crossmem::placement {
namespace {

using C = PlacementClass;
using Kind = PlacementRequest::Kind;
using Pus = std::vector<unsigned>;

Plan plan(const Topology& topology, const std::string& placement, unsigned processes,
          bool oversubscribe = false) {
  return plan_placement(topology, parse_placement(placement),
                        PlanOptions{processes, oversubscribe});
}

TEST(ParsePlacement, RecognisesTheThreeKinds) {
  EXPECT_EQ(parse_placement("").kind, Kind::automatic);
  EXPECT_EQ(parse_placement("auto").kind, Kind::automatic);
  EXPECT_EQ(parse_placement("default").kind, Kind::automatic);

  PlacementRequest by_class = parse_placement("cross-package");
  EXPECT_EQ(by_class.kind, Kind::by_class);
  EXPECT_EQ(by_class.cls, C::cross_package);

  PlacementRequest single = parse_placement("core:3");
  EXPECT_EQ(single.kind, Kind::explicit_locations);
  ASSERT_EQ(single.locations.size(), 1u);
  EXPECT_EQ(single.locations[0].text, "core:3");

  PlacementRequest list = parse_placement("package:0.core:0,package:1.core:0,pu:7");
  EXPECT_EQ(list.kind, Kind::explicit_locations);
  ASSERT_EQ(list.locations.size(), 3u);
  EXPECT_EQ(list.locations[1].text, "package:1.core:0");
  EXPECT_EQ(list.locations[2].steps[0].index, 7u);
}

TEST(ParsePlacement, RejectsBadStringsNamingTheToken) {
  try {
    parse_placement("numa-node");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()),
              "unknown placement 'numa-node': expected auto, one of smt, l2, l3, package, numa, "
              "cross-package, or comma-separated locations like package:0.core:1");
  }
  try {
    parse_placement("core:0,,core:1");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()), "bad placement 'core:0,,core:1': empty location in the list");
  }
  try {
    parse_placement("core:0,core:y");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()),
              "bad location 'core:y': index 'y' is not a non-negative integer");
  }
  EXPECT_THROW(parse_placement("core:0,"), InvalidInput);
}

TEST(PlanPlacement, ClassPairIsTheRepresentativePair) {
  Topology topology = testing::load_fixture("all-classes.xml");
  for (const ClassAvailability& entry : discover_placement_classes(topology)) {
    SCOPED_TRACE(std::string(placement_class_name(entry.cls)));
    Plan p = plan(topology, std::string(placement_class_name(entry.cls)), 2);
    EXPECT_EQ(p.kind, Kind::by_class);
    EXPECT_EQ(p.pus, (Pus{entry.pu_a, entry.pu_b}));
    EXPECT_EQ(p.relation, entry.cls);
  }
}

TEST(PlanPlacement, AbsentClassIsUnsupportedWithTheReason) {
  Topology topology = testing::load_fixture("single-node-no-smt.xml");
  try {
    plan(topology, "cross-package", 2);
    FAIL() << "expected Unsupported";
  } catch (const Unsupported& e) {
    EXPECT_EQ(e.reason(), "placement class cross-package is absent: one package only");
  }
  EXPECT_THROW(plan(topology, "smt", 2), Unsupported);
  EXPECT_THROW(plan(topology, "numa", 2), Unsupported);
}

TEST(PlanPlacement, ManyProcessesKeepTheClass) {
  Topology topology = testing::load_fixture("all-classes.xml");
  // numa: rank 0 on node 0, the others on one PU of each core of node 1.
  Plan numa = plan(topology, "numa", 5);
  EXPECT_EQ(numa.pus, (Pus{0, 16, 18, 20, 22}));
  // cross-package: the others in package 1.
  EXPECT_EQ(plan(topology, "cross-package", 4).pus, (Pus{0, 32, 34, 36}));
  // l2: one core shares rank 0's L2.
  EXPECT_EQ(plan(topology, "l2", 2).pus, (Pus{0, 2}));
  for (const char* cls : {"l2", "l3", "package", "numa", "cross-package"}) {
    SCOPED_TRACE(cls);
    Plan p = plan(topology, cls, 2);
    for (std::size_t rank = 1; rank < p.pus.size(); ++rank) {
      EXPECT_EQ(classify_pu_pair(topology, p.pus[0], p.pus[rank]), placement_class_from_name(cls));
    }
  }
}

TEST(PlanPlacement, TooManyProcessesForAClassIsInvalidInput) {
  Topology topology = testing::load_fixture("all-classes.xml");
  // Rank 0's L2 holds one other core; the smt class has one sibling per core.
  try {
    plan(topology, "l2", 3);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()),
              "placement class l2: 3 processes need 3 distinct PUs, only 2 fit (allow "
              "oversubscription to share PUs)");
  }
  EXPECT_THROW(plan(topology, "smt", 3), InvalidInput);
  // 16 cores in the other package: 17 processes fit, 18 do not.
  EXPECT_EQ(plan(topology, "cross-package", 17).pus.size(), 17u);
  EXPECT_THROW(plan(topology, "cross-package", 18), InvalidInput);
}

TEST(PlanPlacement, OversubscriptionReusesPartnersOfTheClass) {
  Topology topology = testing::load_fixture("all-classes.xml");
  EXPECT_EQ(plan(topology, "l2", 4, true).pus, (Pus{0, 2, 2, 2}));
  EXPECT_EQ(plan(topology, "smt", 3, true).pus, (Pus{0, 1, 1}));
}

TEST(PlanPlacement, ClassSearchMovesRankZeroWhenItsFirstPuHasTooFewPartners) {
  // Keep CPUs 0-2 of "pack:2 core:2 pu:1": package 0 has two cores, package 1 has one. Only the
  // PU of package 1 has two cross-package partners.
  Topology topology = Topology::from_synthetic("pack:2 core:2 pu:1");
  hwloc_bitmap_t keep = hwloc_bitmap_alloc();
  hwloc_bitmap_set_range(keep, 0, 2);
  ASSERT_EQ(hwloc_topology_restrict(topology.get(), keep, 0), 0);
  hwloc_bitmap_free(keep);
  ASSERT_EQ(hwloc_get_nbobjs_by_type(topology.get(), HWLOC_OBJ_PU), 3);

  EXPECT_EQ(plan(topology, "cross-package", 2).pus, (Pus{0, 2}));
  EXPECT_EQ(plan(topology, "cross-package", 3).pus, (Pus{2, 0, 1}));
  EXPECT_THROW(plan(topology, "cross-package", 4), InvalidInput);
  EXPECT_EQ(plan(topology, "cross-package", 4, true).pus, (Pus{2, 0, 1, 0}));
}

TEST(PlanPlacement, AutomaticPrefersTheClosestSharingOnDistinctCores) {
  EXPECT_EQ(plan(testing::load_fixture("all-classes.xml"), "", 2).pus, (Pus{0, 2}));
  EXPECT_EQ(plan(testing::load_fixture("single-node-no-smt.xml"), "auto", 2).pus, (Pus{0, 1}));
  // No shared cache within a node: distinct cores of one package beat other packages.
  EXPECT_EQ(plan(Topology::from_synthetic("pack:2 core:2 pu:2"), "", 2).pus, (Pus{0, 2}));
  // One core per package: cross-package before the SMT sibling.
  Plan p = plan(Topology::from_synthetic("pack:2 core:1 pu:2"), "", 2);
  EXPECT_EQ(p.pus, (Pus{0, 2}));
  EXPECT_EQ(p.kind, Kind::automatic);
  EXPECT_EQ(p.relation, C::cross_package);
}

TEST(PlanPlacement, AutomaticManyProcessesFillsCoresThenSiblings) {
  Topology all = testing::load_fixture("all-classes.xml");
  EXPECT_EQ(plan(all, "", 4).pus, (Pus{0, 2, 4, 6}));
  EXPECT_EQ(plan(all, "", 6).pus, (Pus{0, 2, 4, 6, 8, 10}));

  Topology small = Topology::from_synthetic("pack:1 core:2 pu:2");
  EXPECT_EQ(plan(small, "", 3).pus, (Pus{0, 2, 1}));
  EXPECT_EQ(plan(small, "", 4).pus, (Pus{0, 2, 1, 3}));
  EXPECT_THROW(plan(small, "", 5), InvalidInput);
  EXPECT_EQ(plan(small, "", 5, true).pus, (Pus{0, 2, 1, 3, 0}));
}

TEST(PlanPlacement, AutomaticOnOnePuNeedsOversubscription) {
  Topology topology = Topology::from_synthetic("pack:1 core:1 pu:1");
  try {
    plan(topology, "", 2);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()),
              "automatic placement: 2 processes need 2 distinct PUs, only 1 fit (allow "
              "oversubscription to share PUs)");
  }
  Plan p = plan(topology, "", 2, true);
  EXPECT_EQ(p.pus, (Pus{0, 0}));
  EXPECT_EQ(p.relation, std::nullopt);
}

TEST(PlanPlacement, AutomaticFallsBackToSmtOnOneCore) {
  Plan p = plan(Topology::from_synthetic("pack:1 core:1 pu:2"), "", 2);
  EXPECT_EQ(p.pus, (Pus{0, 1}));
  EXPECT_EQ(p.relation, C::smt);
}

TEST(PlanPlacement, ExplicitLocationsOnePerRank) {
  Topology topology = testing::load_fixture("all-classes.xml");
  Plan p = plan(topology, "package:1.core:0,core:1,pu:63", 3);
  EXPECT_EQ(p.kind, Kind::explicit_locations);
  EXPECT_EQ(p.pus, (Pus{32, 2, 63}));
  EXPECT_EQ(p.relation, C::cross_package);
}

TEST(PlanPlacement, ExplicitLocationsAreChecked) {
  Topology topology = testing::load_fixture("all-classes.xml");
  try {
    plan(topology, "core:0,core:1", 3);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()), "placement lists 2 locations for 3 processes");
  }
  try {
    plan(topology, "core:0,pu:0", 2);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()),
              "location 'pu:0' is PU L#0, already used by another process (allow "
              "oversubscription to share PUs)");
  }
  Plan shared = plan(topology, "core:0,pu:0", 2, true);
  EXPECT_EQ(shared.pus, (Pus{0, 0}));
  EXPECT_EQ(shared.relation, std::nullopt);
  EXPECT_THROW(plan(topology, "core:0,core:32", 2), InvalidInput);
}

TEST(PlanPlacement, NeedsTwoProcesses) {
  Topology topology = testing::load_fixture("all-classes.xml");
  EXPECT_THROW(plan(topology, "", 1), InvalidInput);
  EXPECT_THROW(plan(topology, "l3", 0), InvalidInput);
}

}  // namespace
}  // namespace crossmem::placement
