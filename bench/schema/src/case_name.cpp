#include "crossmem/schema/case_name.hpp"

#include <array>
#include <charconv>
#include <vector>

#include "crossmem/schema/error.hpp"

namespace crossmem::schema {
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

std::uint64_t parse_u64(std::string_view text, std::string_view what) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw ParseError(std::string(what) + " is not a non-negative integer: \"" + std::string(text) +
                     "\"");
  }
  return value;
}

bool parse_flag(std::string_view text, std::string_view what) {
  if (text != "0" && text != "1") {
    throw ParseError(std::string(what) + " is not 0 or 1: \"" + std::string(text) + "\"");
  }
  return text == "1";
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

// "/size:<bytes>/procs:<n>/placement:<class>/cache:../pages:../fresh:<0|1>[/oversubscribed:1]"
std::string axes(const CaseName& name) {
  std::string out = "/size:" + std::to_string(name.size_bytes) +
                    "/procs:" + std::to_string(name.procs) + "/placement:" + name.placement +
                    "/cache:" + name.cache + "/pages:" + name.pages +
                    "/fresh:" + (name.fresh ? "1" : "0");
  if (name.oversubscribed) out += "/oversubscribed:1";
  return out;
}

}  // namespace

bool is_benchmark_suffix(std::string_view component) {
  static constexpr std::array<std::string_view, 3> bare = {"manual_time", "real_time",
                                                           "process_time"};
  static constexpr std::array<std::string_view, 5> keyed = {
      "threads:", "repeats:", "iterations:", "min_time:", "min_warmup_time:"};
  for (auto b : bare) {
    if (component == b) return true;
  }
  for (auto k : keyed) {
    if (component.starts_with(k)) return true;
  }
  return false;
}

std::string to_string(const CaseName& name) {
  std::string out = name.workload + '/' + name.strategy + axes(name);
  for (const auto& [key, value] : name.tunables) out += '/' + key + ':' + value;
  return out;
}

std::string group_name(const CaseName& name) {
  return name.workload + axes(name);
}

CaseName parse(std::string_view text) {
  std::vector<std::string_view> parts = split(text, '/');
  if (!parts.empty()) parts.back() = strip_aggregate(parts.back());
  while (!parts.empty() && is_benchmark_suffix(parts.back())) parts.pop_back();
  if (parts.size() < 2 || parts[0].empty() || parts[1].empty() ||
      parts[0].find(':') != std::string_view::npos ||
      parts[1].find(':') != std::string_view::npos) {
    throw ParseError("name does not start with <workload>/<strategy>/");
  }
  CaseName name;
  name.workload = parts[0];
  name.strategy = parts[1];
  bool seen_size = false, seen_procs = false, seen_placement = false, seen_cache = false,
       seen_pages = false, seen_fresh = false;
  for (std::size_t i = 2; i < parts.size(); ++i) {
    std::string_view part = parts[i];
    std::size_t colon = part.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == part.size()) {
      throw ParseError("component \"" + std::string(part) + "\" is not <key>:<value>");
    }
    std::string_view key = part.substr(0, colon);
    std::string_view value = part.substr(colon + 1);
    if (key == "size") {
      name.size_bytes = parse_u64(value, "size");
      seen_size = true;
    } else if (key == "procs") {
      name.procs = parse_u64(value, "procs");
      seen_procs = true;
    } else if (key == "placement") {
      name.placement = value;
      seen_placement = true;
    } else if (key == "cache") {
      name.cache = value;
      seen_cache = true;
    } else if (key == "pages") {
      name.pages = value;
      seen_pages = true;
    } else if (key == "fresh") {
      name.fresh = parse_flag(value, "fresh");
      seen_fresh = true;
    } else if (key == "oversubscribed") {
      name.oversubscribed = parse_flag(value, "oversubscribed");
    } else {
      name.tunables[std::string(key)] = std::string(value);
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
  if (!missing.empty()) throw ParseError("name lacks " + missing);
  return name;
}

}  // namespace crossmem::schema
