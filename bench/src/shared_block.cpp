#include "shared_block.hpp"

#include <sys/mman.h>

#include <new>
#include <type_traits>

namespace crossmem::bench {

// The block is only unmapped, never destroyed object by object.
static_assert(std::is_trivially_destructible_v<Flag>);
static_assert(std::is_trivially_destructible_v<LinkLines>);

SharedBlock::SharedBlock(std::size_t links)
    : map_(sizeof(Header) + sizeof(LinkLines) * links, PROT_READ | PROT_WRITE,
           MAP_SHARED | MAP_ANONYMOUS, -1, "mapping the team's shared block") {
  static_assert(sizeof(Header) % alignof(LinkLines) == 0);
  auto* base = static_cast<std::byte*>(map_.get());
  header_ = new (base) Header();
  lines_.reserve(links);
  for (std::size_t l = 0; l < links; ++l) {
    lines_.push_back(new (base + sizeof(Header) + l * sizeof(LinkLines)) LinkLines());
  }
}

}  // namespace crossmem::bench
