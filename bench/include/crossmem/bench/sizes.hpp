// Message-size lists from the command line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crossmem::bench {

inline constexpr std::uint64_t kMaxMessage = 1ull << 30;  // 1 GiB
inline constexpr std::size_t kMaxSizes = 64;

// Parses one size: a whole number with an optional binary suffix k/K/KiB, M/MiB, G/GiB (B allowed
// alone). Throws InvalidInput naming the token when it is malformed, zero, or above 1 GiB.
std::uint64_t parse_size(const std::string& token);

// Parses a comma-separated list whose items are sizes or ranges "A-B" (A, 2A, 4A, ... up to B).
// Duplicates are dropped, order is kept. Throws InvalidInput for a bad item, an empty list, an
// inverted range, or more than kMaxSizes sizes.
std::vector<std::uint64_t> parse_sizes(const std::string& text);

// "64KiB", "1MiB", "4097B": the shortest exact binary rendering.
std::string format_size(std::uint64_t bytes);

}  // namespace crossmem::bench
