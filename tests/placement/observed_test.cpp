#include "crossmem/placement/observed.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "crossmem/error.hpp"
#include "fixtures.hpp"

namespace crossmem::placement {
namespace {

TEST(DescribeRole, UsesOsNumbersForPusAndNodes) {
  // numa-per-l3-smt: CPU 21 is PU L#11, core 5, package 0, node 1.
  Topology topology = testing::load_fixture("numa-per-l3-smt.xml");
  RolePlacement role = describe_role(topology, "receiver", 21);
  EXPECT_EQ(role.role, "receiver");
  EXPECT_EQ(role.pu_os_index, 21u);
  EXPECT_EQ(role.location, "package:0.core:5.pu:1");
  EXPECT_EQ(role.core, 5u);
  EXPECT_EQ(role.package, 0u);
  EXPECT_EQ(role.numa_node, 1u);
  EXPECT_THROW(describe_role(topology, "sender", 32), InvalidInput);
}

TEST(DescribeRole, LeavesOutMissingLevels) {
  Topology topology = Topology::from_synthetic("numa:2 pu:2");
  RolePlacement role = describe_role(topology, "rank1", 3);
  EXPECT_EQ(role.core, std::nullopt);
  EXPECT_EQ(role.package, std::nullopt);
  EXPECT_EQ(role.numa_node, 1u);
  EXPECT_EQ(role.location, "pu:3");
}

TEST(ObservedPlacement, SerialisesToJson) {
  Topology topology = testing::load_fixture("memory-only-node.xml");
  ObservedPlacement observed;
  observed.placement = "cross-package";
  observed.roles.push_back(describe_role(topology, "sender", 0));
  observed.roles.push_back(describe_role(topology, "receiver", 2));
  observed.buffer = describe_buffer(topology, 2, {2});

  nlohmann::json j = observed;
  EXPECT_EQ(j, nlohmann::json::parse(R"({
    "placement": "cross-package",
    "roles": [
      {"role": "sender", "pu": 0, "location": "package:0.core:0.pu:0", "core": 0, "package": 0,
       "numa_node": 0},
      {"role": "receiver", "pu": 2, "location": "package:1.core:0.pu:0", "core": 2, "package": 1,
       "numa_node": 1}
    ],
    "buffer": {"node": 2, "pages_on": [2]}
  })"));

  observed.buffer.reset();
  observed.roles = {describe_role(Topology::from_synthetic("numa:1 pu:2"), "rank0", 1)};
  nlohmann::json bare = observed;
  EXPECT_TRUE(bare["buffer"].is_null());
  EXPECT_TRUE(bare["roles"][0]["core"].is_null());
  EXPECT_TRUE(bare["roles"][0]["package"].is_null());
}

TEST(DescribeBuffer, RejectsUnknownNodes) {
  Topology topology = testing::load_fixture("single-node-no-smt.xml");
  EXPECT_THROW(describe_buffer(topology, 1, {}), InvalidInput);
  EXPECT_THROW(describe_buffer(topology, 0, {0, 3}), InvalidInput);
}

}  // namespace
}  // namespace crossmem::placement
