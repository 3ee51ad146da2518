#include <cerrno>
#include <string>

#include "crossmem/error.hpp"
#include "crossmem/placement/bind.hpp"
#include "crossmem/placement/buffer_node.hpp"
#include "member_setup.hpp"

namespace crossmem::bench {

// With --buffer-node, every buffer of link l is bound to the node the request resolves to for that
// link's (sender, receiver) pair, and where its pages are is checked.
void MemberSetup::bind_to_node(Member& m, const TeamSpec& spec, std::size_t l,
                               const Buffer& buffer) {
  if (spec.buffer_node.empty()) return;
  if (!m.topology_)
    m.topology_ = std::make_unique<placement::Topology>(placement::Topology::this_system());
  const placement::Topology& topo = *m.topology_;
  auto logical = [&](int rank) {
    return placement::logical_pu_of(topo, spec.pus.at(static_cast<std::size_t>(rank)));
  };
  const LinkSpec& ls = m.links_[l];
  unsigned node =
      placement::resolve_buffer_node(topo, placement::parse_buffer_node(spec.buffer_node),
                                     logical(ls.sender), logical(ls.receiver));
  auto found =
      placement::bind_buffer_to_node(topo, buffer.region().base, buffer.region().size, node);
  if (found != std::vector<unsigned>{node}) {
    throw SystemError(EXDEV, "buffer of link " + std::to_string(l) + " bound to NUMA node " +
                                 std::to_string(node) + " but its pages are elsewhere");
  }
  m.buffer_node_ = static_cast<int>(node);
}

void MemberSetup::prepare_buffers(Member& m, const TeamSpec& spec, const BufferLayout& layout) {
  for (std::size_t l = 0; l < m.links_.size(); ++l) {
    if (m.senders_.count(l)) {
      m.sources_[l].reset();
      m.sources_[l] = std::make_unique<Buffer>(layout.size, layout.pages,
                                               spec.strategy->traits.shared_source, layout.slots);
      bind_to_node(m, spec, l, *m.sources_[l]);
      m.senders_[l]->prepare(m.sources_[l]->region());
    }
    if (m.receivers_.count(l)) {
      m.destinations_[l].reset();
      m.destinations_[l] = std::make_unique<Buffer>(layout.size, layout.pages, false, layout.slots);
      bind_to_node(m, spec, l, *m.destinations_[l]);
      m.receivers_[l]->prepare(m.destinations_[l]->region());
    }
  }
}

}  // namespace crossmem::bench
