#include "crossmem/placement/buffer_node.hpp"

#include <gtest/gtest.h>

#include <string>

#include "crossmem/error.hpp"
#include "fixtures.hpp"

namespace crossmem::placement {
namespace {

using Kind = BufferNodeRequest::Kind;

TEST(ParseBufferNode, AcceptsRolesAndIndexes) {
  EXPECT_EQ(parse_buffer_node("sender").kind, Kind::sender);
  EXPECT_EQ(parse_buffer_node("receiver").kind, Kind::receiver);
  BufferNodeRequest node = parse_buffer_node("3");
  EXPECT_EQ(node.kind, Kind::node);
  EXPECT_EQ(node.node, 3u);
}

TEST(ParseBufferNode, RejectsOtherTokens) {
  for (const char* text : {"", "Sender", "node1", "-1", "1.5", "1 ", "99999999999"}) {
    SCOPED_TRACE(text);
    try {
      parse_buffer_node(text);
      FAIL() << "expected InvalidInput";
    } catch (const InvalidInput& e) {
      EXPECT_EQ(std::string(e.what()), "bad buffer node '" + std::string(text) +
                                           "': expected sender, receiver or a NUMA node index");
    }
  }
}

TEST(ResolveBufferNode, RolesGiveTheNodeLocalToTheirPu) {
  Topology topology = testing::load_fixture("all-classes.xml");
  // Sender on PU 40 (package 1, node 2), receiver on PU 20 (package 0, node 1).
  EXPECT_EQ(resolve_buffer_node(topology, parse_buffer_node("sender"), 40, 20), 2u);
  EXPECT_EQ(resolve_buffer_node(topology, parse_buffer_node("receiver"), 40, 20), 1u);
  EXPECT_EQ(resolve_buffer_node(topology, parse_buffer_node("3"), 40, 20), 3u);
  EXPECT_EQ(local_numa_node(topology, 63), 3u);
  EXPECT_THROW(resolve_buffer_node(topology, parse_buffer_node("sender"), 64, 0), InvalidInput);
}

TEST(ResolveBufferNode, MemoryOnlyNodeCanHoldTheBufferButIsNoPusLocalNode) {
  Topology topology = testing::load_fixture("memory-only-node.xml");
  EXPECT_EQ(resolve_buffer_node(topology, parse_buffer_node("2"), 0, 2), 2u);
  EXPECT_EQ(hwloc_get_obj_by_type(topology.get(), HWLOC_OBJ_NUMANODE, 2)->os_index, 2u);
  for (unsigned pu = 0; pu < 4; ++pu) EXPECT_NE(local_numa_node(topology, pu), 2u);
  EXPECT_EQ(resolve_buffer_node(topology, parse_buffer_node("sender"), 0, 2), 0u);
  EXPECT_EQ(resolve_buffer_node(topology, parse_buffer_node("receiver"), 0, 2), 1u);
}

TEST(ResolveBufferNode, RejectsAMissingNode) {
  Topology topology = testing::load_fixture("single-node-no-smt.xml");
  try {
    resolve_buffer_node(topology, parse_buffer_node("1"), 0, 1);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(std::string(e.what()), "no NUMA node with logical index 1 (the topology has 1)");
  }
}

}  // namespace
}  // namespace crossmem::placement
