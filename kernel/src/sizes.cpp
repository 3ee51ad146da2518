#include "crossmem/sizes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>

#include "crossmem/error.hpp"

namespace crossmem {

std::uint64_t parse_size(std::string_view token) {
  auto bad = [&](const std::string& why) {
    return InvalidInput("size '" + std::string(token) + "' " + why);
  };
  std::size_t digits = 0;
  while (digits < token.size() && std::isdigit(static_cast<unsigned char>(token[digits]))) ++digits;
  if (digits == 0)
    throw bad("is not a size (expected a whole number with an optional K, M or G suffix)");
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + digits, value);
  if (ec != std::errc() || end != token.data() + digits) throw bad("is too large");
  std::string_view unit = token.substr(digits);
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
    throw bad("has an unknown unit '" + std::string(unit) + "' (use K/KiB, M/MiB or G/GiB)");
  if (value == 0) throw bad("is zero (messages are at least 1 byte)");
  if (value > kMaxMessage / scale) throw bad("is above the 1 GiB limit");
  return value * scale;
}

std::vector<std::uint64_t> parse_sizes(std::string_view text) {
  const std::string whole(text);
  std::vector<std::uint64_t> out;
  auto add = [&](std::uint64_t v) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    if (out.size() > kMaxSizes) {
      throw InvalidInput("size list '" + whole + "' has more than " + std::to_string(kMaxSizes) +
                         " sizes");
    }
  };
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view item = text.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) throw InvalidInput("size list '" + whole + "' has an empty item");
    if (item[0] == '-') throw InvalidInput("size '" + std::string(item) + "' is negative");
    auto dash = item.find('-', 1);
    if (dash == std::string_view::npos) {
      add(parse_size(item));
      continue;
    }
    std::uint64_t lo = parse_size(item.substr(0, dash));
    std::uint64_t hi = parse_size(item.substr(dash + 1));
    if (lo > hi) throw InvalidInput("size range '" + std::string(item) + "' runs backwards");
    for (std::uint64_t v = lo; v <= hi; v *= 2) add(v);
  }
  if (out.empty()) throw InvalidInput("size list is empty");
  return out;
}

std::string format_size(std::uint64_t bytes, SizeStyle style) {
  static constexpr std::array<const char*, 5> units = {"B", "KiB", "MiB", "GiB", "TiB"};
  std::size_t unit = 0;
  std::uint64_t whole = bytes;
  while (unit + 1 < units.size() && whole >= 1024 && whole % 1024 == 0) {
    whole /= 1024;
    ++unit;
  }
  const char* sep = style == SizeStyle::compact ? "" : " ";
  if (style == SizeStyle::compact || whole < 1024 || unit + 1 == units.size()) {
    return std::to_string(whole) + sep + units[unit];
  }
  double value = static_cast<double>(bytes);
  unit = 0;
  while (unit + 1 < units.size() && value >= 1024) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", value, units[unit]);
  return buf;
}

}  // namespace crossmem
