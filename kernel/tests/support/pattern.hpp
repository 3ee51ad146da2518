// A byte pattern that differs between neighbouring bytes, pages and seeds, so a copy from the wrong
// offset, page or buffer does not compare equal.
#pragma once

#include <cstddef>
#include <vector>

namespace crossmem::conformance {

inline unsigned char pattern_byte(unsigned seed, std::size_t offset) {
  std::size_t x = offset ^ (offset >> 8) ^ (offset >> 16);
  return static_cast<unsigned char>((x * 31 + seed * 101 + 7) & 0xff);
}

inline void fill_pattern(void* dst, std::size_t len, unsigned seed, std::size_t first_offset = 0) {
  auto* p = static_cast<unsigned char*>(dst);
  for (std::size_t i = 0; i < len; ++i) p[i] = pattern_byte(seed, first_offset + i);
}

// The pattern bytes [first_offset, first_offset + len) of `seed`.
inline std::vector<unsigned char> pattern_bytes(unsigned seed, std::size_t first_offset,
                                                std::size_t len) {
  std::vector<unsigned char> out(len);
  fill_pattern(out.data(), len, seed, first_offset);
  return out;
}

}  // namespace crossmem::conformance
