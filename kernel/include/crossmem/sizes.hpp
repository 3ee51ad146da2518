// Message sizes as people write and read them: parsing command-line sizes and lists, and printing
// sizes, for the bench, the doctor, the reports and the tuner alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crossmem {

inline constexpr std::uint64_t kMaxMessage = 1ull << 30;  // 1 GiB
inline constexpr std::size_t kMaxSizes = 64;

// Parses one size: a whole number with an optional binary suffix k/K/KiB, M/MiB, G/GiB (B allowed
// alone). Throws InvalidInput naming the token when it is malformed, zero, or above 1 GiB.
std::uint64_t parse_size(std::string_view token);

// Parses a comma-separated list whose items are sizes or ranges "A-B" (A, 2A, 4A, ... up to B).
// Duplicates are dropped, order is kept. Throws InvalidInput for a bad item, an empty list, an
// inverted range, or more than kMaxSizes sizes.
std::vector<std::uint64_t> parse_sizes(std::string_view text);

enum class SizeStyle {
  spaced,   // "4 KiB", "1 MiB", "1000 B", "1.5 KiB": for people (one decimal when not whole)
  compact,  // "64KiB", "1MiB", "4097B": exact, the shortest form parse_size reads back
};

std::string format_size(std::uint64_t bytes, SizeStyle style = SizeStyle::spaced);

}  // namespace crossmem
