#include "crossmem/placement/buffer_node.hpp"

#include <charconv>
#include <string>

#include "crossmem/error.hpp"
#include "hwloc_objects.hpp"

namespace crossmem::placement {

using Kind = BufferNodeRequest::Kind;

BufferNodeRequest parse_buffer_node(std::string_view text) {
  if (text == "sender") return BufferNodeRequest{Kind::sender, 0};
  if (text == "receiver") return BufferNodeRequest{Kind::receiver, 0};
  BufferNodeRequest request{Kind::node, 0};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, request.node);
  if (text.empty() || ec != std::errc() || ptr != end) {
    throw InvalidInput("bad buffer node '" + std::string(text) +
                       "': expected sender, receiver or a NUMA node index");
  }
  return request;
}

unsigned local_numa_node(const Topology& topology, unsigned pu) {
  hwloc_obj_t node = detail::local_numa_of(topology.get(), detail::pu_object(topology, pu));
  if (node == nullptr) {
    throw InvalidInput("PU L#" + std::to_string(pu) + " has no local NUMA node");
  }
  return node->logical_index;
}

unsigned logical_pu_of(const Topology& topology, unsigned os_index) {
  hwloc_obj_t pu = hwloc_get_pu_obj_by_os_index(topology.get(), os_index);
  if (pu == nullptr) {
    throw InvalidInput("CPU " + std::to_string(os_index) + " is not in this topology");
  }
  return pu->logical_index;
}

unsigned resolve_buffer_node(const Topology& topology, const BufferNodeRequest& request,
                             unsigned sender_pu, unsigned receiver_pu) {
  switch (request.kind) {
    case Kind::sender:
      return local_numa_node(topology, sender_pu);
    case Kind::receiver:
      return local_numa_node(topology, receiver_pu);
    case Kind::node:
      return detail::numa_object(topology, request.node)->logical_index;
  }
  throw InvalidInput("bad buffer node request");
}

}  // namespace crossmem::placement
