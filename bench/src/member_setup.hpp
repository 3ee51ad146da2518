// What builds a Member (one process's share of a team): its endpoints, in link order, and its
// message buffers.
#pragma once

#include <cstdint>
#include <vector>

#include "crossmem/bench/team.hpp"
#include "shared_block.hpp"

namespace crossmem::bench {

class MemberSetup {
 public:
  static void init(Member& m, int rank, int procs, bool in_process,
                   const std::vector<LinkSpec>& links);

  // Builds the endpoints of `m`'s rank (or of every rank, in-process). `socks[2l]` / `socks[2l+1]`:
  // this process's end of link l's socket as its sender / receiver (-1 when not here or
  // in-process); `pids[r]`: rank r's pid. Links are constructed in table order in every process,
  // so a constructor that waits for its peer's setup message always finds the peer working on the
  // same link. The sockets stay owned by the caller and must outlive `m`.
  static void construct_endpoints(Member& m, const TeamSpec& spec, SharedBlock& shared,
                                  const std::vector<int>& socks, const std::int32_t* pids);

  // (Re)allocates every buffer of `m`'s endpoints as `layout` says (bound to the requested NUMA
  // node with --buffer-node, and checked there) and prepare()s the endpoints on them. Throws
  // SystemError, Unsupported, InvalidInput.
  static void prepare_buffers(Member& m, const TeamSpec& spec, const BufferLayout& layout);

 private:
  static void bind_to_node(Member& m, const TeamSpec& spec, std::size_t link, const Buffer& buffer);
};

}  // namespace crossmem::bench
