#include "crossmem/bench/payload.hpp"

#include <cstdio>
#include <cstring>

namespace crossmem::bench {
namespace {

std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::uint64_t word_at(std::uint64_t key, std::size_t index) {
  return mix(key ^ (index * 0x2545f4914f6cdd1dull));
}

}  // namespace

void stamp(std::span<std::byte> buf, std::uint64_t seed, std::uint64_t id) {
  const std::uint64_t key = mix(seed) ^ mix(id + 1);
  std::size_t words = buf.size() / 8;
  for (std::size_t i = 0; i < words; ++i) {
    std::uint64_t w = word_at(key, i);
    std::memcpy(buf.data() + i * 8, &w, 8);
  }
  std::uint64_t tail = word_at(key, words);
  std::memcpy(buf.data() + words * 8, &tail, buf.size() - words * 8);
}

std::string check_stamp(std::span<const std::byte> buf, std::uint64_t seed, std::uint64_t id) {
  const std::uint64_t key = mix(seed) ^ mix(id + 1);
  std::size_t words = (buf.size() + 7) / 8;
  for (std::size_t i = 0; i < words; ++i) {
    std::uint64_t want = word_at(key, i);
    std::size_t n = std::min<std::size_t>(8, buf.size() - i * 8);
    if (std::memcmp(buf.data() + i * 8, &want, n) == 0) continue;
    for (std::size_t b = 0; b < n; ++b) {
      auto got = static_cast<unsigned>(buf[i * 8 + b]);
      auto exp = static_cast<unsigned>((want >> (8 * b)) & 0xff);
      if (got != exp) {
        char line[160];
        std::snprintf(line, sizeof line, "byte %zu of %zu: got 0x%02x, expected 0x%02x", i * 8 + b,
                      buf.size(), got, exp);
        return line;
      }
    }
  }
  return {};
}

void rewrite(std::span<std::byte> buf, std::uint64_t iteration) {
  std::memset(buf.data(), static_cast<int>(iteration & 0xff), buf.size());
}

std::uint64_t read_all(std::span<const std::byte> buf) {
  std::uint64_t sum = 0;
  std::size_t words = buf.size() / 8;
  for (std::size_t i = 0; i < words; ++i) {
    std::uint64_t w;
    std::memcpy(&w, buf.data() + i * 8, 8);
    sum += w;
  }
  for (std::size_t i = words * 8; i < buf.size(); ++i) sum += static_cast<std::uint64_t>(buf[i]);
  return sum;
}

}  // namespace crossmem::bench
