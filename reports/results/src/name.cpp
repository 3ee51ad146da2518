#include "crossmem/results/name.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <vector>

#include "crossmem/error.hpp"

namespace crossmem::results {

namespace {

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = text.find(sep, start);
    parts.push_back(text.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

bool is_gb_suffix(std::string_view part) {
  static constexpr std::array<std::string_view, 3> bare = {"manual_time", "real_time",
                                                           "process_time"};
  static constexpr std::array<std::string_view, 5> keyed = {
      "threads:", "repeats:", "iterations:", "min_time:", "min_warmup_time:"};
  for (auto b : bare) {
    if (part == b) return true;
  }
  for (auto k : keyed) {
    if (part.starts_with(k)) return true;
  }
  return false;
}

std::uint64_t parse_u64(std::string_view text, std::string_view what) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw InvalidInput(std::string(what) + " is not a non-negative integer: \"" +
                       std::string(text) + "\"");
  }
  return value;
}

// Removes a trailing aggregate suffix such as "_median" from the last component.
std::string_view strip_aggregate(std::string_view part) {
  for (std::string_view suffix : {"_mean", "_median", "_stddev", "_cv"}) {
    if (part.size() > suffix.size() && part.ends_with(suffix)) {
      return part.substr(0, part.size() - suffix.size());
    }
  }
  return part;
}

}  // namespace

Axes parse_benchmark_name(std::string_view name) {
  std::vector<std::string_view> parts = split(name, '/');
  if (!parts.empty()) parts.back() = strip_aggregate(parts.back());
  while (!parts.empty() && is_gb_suffix(parts.back())) parts.pop_back();
  if (parts.size() < 2 || parts[0].empty() || parts[1].empty() ||
      parts[0].find(':') != std::string_view::npos ||
      parts[1].find(':') != std::string_view::npos) {
    throw InvalidInput("name does not start with <workload>/<strategy>/");
  }
  Axes axes;
  axes.workload = parts[0];
  axes.strategy = parts[1];
  bool seen_size = false, seen_procs = false, seen_placement = false, seen_cache = false,
       seen_pages = false, seen_fresh = false;
  for (std::size_t i = 2; i < parts.size(); ++i) {
    std::string_view part = parts[i];
    std::size_t colon = part.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == part.size()) {
      throw InvalidInput("component \"" + std::string(part) + "\" is not <key>:<value>");
    }
    std::string_view key = part.substr(0, colon);
    std::string_view value = part.substr(colon + 1);
    if (key == "size") {
      axes.size_bytes = parse_u64(value, "size");
      seen_size = true;
    } else if (key == "procs") {
      axes.procs = parse_u64(value, "procs");
      seen_procs = true;
    } else if (key == "placement") {
      axes.placement = value;
      seen_placement = true;
    } else if (key == "cache") {
      axes.cache = value;
      seen_cache = true;
    } else if (key == "pages") {
      axes.pages = value;
      seen_pages = true;
    } else if (key == "fresh") {
      if (value != "0" && value != "1") {
        throw InvalidInput("fresh is not 0 or 1: \"" + std::string(value) + "\"");
      }
      axes.fresh = value == "1";
      seen_fresh = true;
    } else {
      axes.tunables[std::string(key)] = std::string(value);
    }
  }
  std::string missing;
  auto need = [&missing](bool seen, const char* key) {
    if (!seen) missing += std::string(missing.empty() ? "" : ", ") + key;
  };
  need(seen_size, "size");
  need(seen_procs, "procs");
  need(seen_placement, "placement");
  need(seen_cache, "cache");
  need(seen_pages, "pages");
  need(seen_fresh, "fresh");
  if (!missing.empty()) throw InvalidInput("name lacks " + missing);
  return axes;
}

std::string format_tunables(const std::map<std::string, std::string>& tunables) {
  std::string out;
  for (const auto& [key, value] : tunables) {
    if (!out.empty()) out += '/';
    out += key + ':' + value;
  }
  return out;
}

std::string format_benchmark_name(const Axes& axes) {
  std::string name =
      axes.workload + '/' + axes.strategy + "/size:" + std::to_string(axes.size_bytes) +
      "/procs:" + std::to_string(axes.procs) + "/placement:" + axes.placement +
      "/cache:" + axes.cache + "/pages:" + axes.pages + "/fresh:" + (axes.fresh ? "1" : "0");
  std::string tunables = format_tunables(axes.tunables);
  if (!tunables.empty()) name += '/' + tunables;
  return name;
}

std::string format_size(std::uint64_t bytes) {
  static constexpr std::array<const char*, 5> units = {"B", "KiB", "MiB", "GiB", "TiB"};
  std::size_t unit = 0;
  std::uint64_t whole = bytes;
  while (unit + 1 < units.size() && whole >= 1024 && whole % 1024 == 0) {
    whole /= 1024;
    ++unit;
  }
  if (whole < 1024 || unit + 1 == units.size()) {
    return std::to_string(whole) + ' ' + units[unit];
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

}  // namespace crossmem::results
