#include "crossmem/placement/topology.hpp"

#include <gtest/gtest.h>

#include <utility>

#include "crossmem/error.hpp"
#include "fixtures.hpp"

namespace crossmem::placement {
namespace {

int count(const Topology& topology, hwloc_obj_type_t type) {
  return hwloc_get_nbobjs_by_type(topology.get(), type);
}

TEST(Topology, LoadsSyntheticDescription) {
  Topology topology = Topology::from_synthetic("pack:2 numa:2 l3:1 l2:2 core:2 pu:2");
  EXPECT_EQ(count(topology, HWLOC_OBJ_PACKAGE), 2);
  EXPECT_EQ(count(topology, HWLOC_OBJ_NUMANODE), 4);
  EXPECT_EQ(count(topology, HWLOC_OBJ_CORE), 16);
  EXPECT_EQ(count(topology, HWLOC_OBJ_PU), 32);
  EXPECT_FALSE(topology.is_this_system());
  EXPECT_EQ(topology.source(), "synthetic \"pack:2 numa:2 l3:1 l2:2 core:2 pu:2\"");
}

TEST(Topology, RejectsBadSyntheticDescription) {
  try {
    Topology::from_synthetic("pack:two core:2");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("pack:two core:2"), std::string::npos) << e.what();
  }
}

TEST(Topology, LoadsXmlFixture) {
  Topology topology = testing::load_fixture("memory-only-node.xml");
  EXPECT_EQ(count(topology, HWLOC_OBJ_PACKAGE), 2);
  EXPECT_EQ(count(topology, HWLOC_OBJ_NUMANODE), 3);
  EXPECT_EQ(count(topology, HWLOC_OBJ_PU), 4);
  EXPECT_FALSE(topology.is_this_system());
  EXPECT_EQ(topology.source(), "xml " + testing::fixture_path("memory-only-node.xml"));
}

TEST(Topology, RejectsMissingXmlFile) {
  try {
    Topology::from_xml_file("/nonexistent/topology.xml");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/topology.xml"), std::string::npos)
        << e.what();
  }
}

TEST(Topology, ThisSystemIsThisSystem) {
  Topology topology = Topology::this_system();
  EXPECT_TRUE(topology.is_this_system());
  EXPECT_GE(count(topology, HWLOC_OBJ_PU), 1);
  EXPECT_EQ(topology.source(), "this system");
}

TEST(Topology, MoveTransfersOwnership) {
  Topology a = Topology::from_synthetic("pack:1 core:2 pu:1");
  hwloc_topology_t handle = a.get();
  Topology b = std::move(a);
  EXPECT_EQ(b.get(), handle);
  EXPECT_EQ(a.get(), nullptr);
  EXPECT_FALSE(a.is_this_system());
  a = std::move(b);
  EXPECT_EQ(a.get(), handle);
  EXPECT_EQ(count(a, HWLOC_OBJ_PU), 2);
}

}  // namespace
}  // namespace crossmem::placement
