#include "crossmem/bench/sizes.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

#include "crossmem/error.hpp"

namespace crossmem::bench {

std::uint64_t parse_size(const std::string& token) {
  auto bad = [&](const std::string& why) { return InvalidInput("size '" + token + "' " + why); };
  std::size_t digits = 0;
  while (digits < token.size() && std::isdigit(static_cast<unsigned char>(token[digits]))) ++digits;
  if (digits == 0)
    throw bad("is not a size (expected a whole number with an optional K, M or G suffix)");
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + digits, value);
  if (ec != std::errc() || end != token.data() + digits) throw bad("is too large");
  std::string unit = token.substr(digits);
  std::uint64_t scale = 0;
  if (unit.empty() || unit == "B")
    scale = 1;
  else if (unit == "k" || unit == "K" || unit == "KiB")
    scale = 1ull << 10;
  else if (unit == "M" || unit == "MiB")
    scale = 1ull << 20;
  else if (unit == "G" || unit == "GiB")
    scale = 1ull << 30;
  else
    throw bad("has an unknown unit '" + unit + "' (use K/KiB, M/MiB or G/GiB)");
  if (value == 0) throw bad("is zero (messages are at least 1 byte)");
  if (value > kMaxMessage / scale) throw bad("is above the 1 GiB limit");
  return value * scale;
}

std::vector<std::uint64_t> parse_sizes(const std::string& text) {
  std::vector<std::uint64_t> out;
  auto add = [&](std::uint64_t v) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    if (out.size() > kMaxSizes) {
      throw InvalidInput("size list '" + text + "' has more than " + std::to_string(kMaxSizes) +
                         " sizes");
    }
  };
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item.empty()) throw InvalidInput("size list '" + text + "' has an empty item");
    auto dash = item.find('-', 1);
    if (item[0] == '-') throw InvalidInput("size '" + item + "' is negative");
    if (dash == std::string::npos) {
      add(parse_size(item));
      continue;
    }
    std::uint64_t lo = parse_size(item.substr(0, dash));
    std::uint64_t hi = parse_size(item.substr(dash + 1));
    if (lo > hi) throw InvalidInput("size range '" + item + "' runs backwards");
    for (std::uint64_t v = lo; v <= hi; v *= 2) add(v);
  }
  if (out.empty()) throw InvalidInput("size list is empty");
  return out;
}

std::string format_size(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB"};
  int u = 0;
  while (u < 3 && bytes >= 1024 && bytes % 1024 == 0) {
    bytes /= 1024;
    ++u;
  }
  return std::to_string(bytes) + units[u];
}

}  // namespace crossmem::bench
