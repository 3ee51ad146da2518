// The memory every rank of a team maps (MAP_SHARED | MAP_ANONYMOUS before the children are
// forked, so it is at the same address everywhere): the GO flag, the handoff probe's two flags and
// every link's notification lines, each on its own cache line.
#pragma once

#include <cstddef>
#include <vector>

#include "crossmem/doorbell.hpp"
#include "crossmem/kernel/mapping.hpp"
#include "crossmem/link.hpp"

namespace crossmem::bench {

class SharedBlock {
 public:
  // Maps and constructs the flags and `links` LinkLines. Throws SystemError.
  explicit SharedBlock(std::size_t links);

  Flag& go() { return header_->go; }
  Flag& probe_ping() { return header_->probe_ping; }
  Flag& probe_pong() { return header_->probe_pong; }
  LinkLines& lines(std::size_t link) { return *lines_.at(link); }

 private:
  struct Header {
    Flag go;
    Flag probe_ping;
    Flag probe_pong;
  };
  kernel::Mapping map_;
  Header* header_;
  std::vector<LinkLines*> lines_;  // each constructed in place in map_, after the header
};

}  // namespace crossmem::bench
