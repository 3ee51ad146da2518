// Buffer node: the NUMA node that holds the shared buffer (--buffer-node).
#pragma once

#include <string_view>

#include "crossmem/placement/topology.hpp"

namespace crossmem::placement {

struct BufferNodeRequest {
  enum class Kind { sender, receiver, node };
  Kind kind = Kind::sender;
  unsigned node = 0;  // logical NUMA node index, for Kind::node
};

// Parses "sender", "receiver" or a logical NUMA node index ("0", "1", ...). Throws InvalidInput
// naming the token otherwise.
BufferNodeRequest parse_buffer_node(std::string_view text);

// The logical index of the NUMA node local to a PU (the node with the smallest locality that
// contains it; first in logical order on ties). Throws InvalidInput if pu is out of range.
unsigned local_numa_node(const Topology& topology, unsigned pu);

// The logical index of the PU whose OS index (Linux CPU number) is `os_index`. Throws
// InvalidInput if the topology has no such PU.
unsigned logical_pu_of(const Topology& topology, unsigned os_index);

// The logical NUMA node index the request designates: the node local to sender_pu or receiver_pu
// (logical PU indexes), or the node given. Throws InvalidInput if the node index or a PU is out
// of range.
unsigned resolve_buffer_node(const Topology& topology, const BufferNodeRequest& request,
                             unsigned sender_pu, unsigned receiver_pu);

}  // namespace crossmem::placement
