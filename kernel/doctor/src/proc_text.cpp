#include "crossmem/doctor/proc_text.hpp"

#include <charconv>
#include <sstream>

namespace crossmem::doctor {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> status_field(std::string_view status, std::string_view key) {
  std::size_t at = 0;
  while (at < status.size()) {
    std::size_t end = status.find('\n', at);
    if (end == std::string_view::npos) end = status.size();
    std::string_view line = status.substr(at, end - at);
    if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':') {
      return std::string(trim(line.substr(key.size() + 1)));
    }
    at = end + 1;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> status_caps(std::string_view status, std::string_view key) {
  auto v = status_field(status, key);
  if (!v || v->empty()) return std::nullopt;
  std::uint64_t out = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out, 16);
  if (ec != std::errc() || end != v->data() + v->size()) return std::nullopt;
  return out;
}

std::vector<long> status_numbers(std::string_view status, std::string_view key) {
  std::vector<long> out;
  auto v = status_field(status, key);
  if (!v) return out;
  std::istringstream in(*v);
  long n = 0;
  while (in >> n) out.push_back(n);
  return out;
}

bool id_map_is_identity(std::string_view map) {
  std::istringstream in{std::string(map)};
  unsigned long inside = 0, outside = 0, count = 0;
  if (!(in >> inside >> outside >> count)) return false;
  unsigned long more = 0;
  if (in >> more) return false;  // a second range: not the single identity range
  return inside == 0 && outside == 0 && count == 4294967295ul;
}

ProcMount parse_proc_mount(std::string_view mounts) {
  ProcMount out;
  std::istringstream in{std::string(mounts)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string source, target, type, options;
    if (!(fields >> source >> target >> type >> options)) continue;
    if (target != "/proc" || type != "proc") continue;
    out = ProcMount{};
    out.found = true;
    out.options = options;
    std::istringstream opts(options);
    std::string opt;
    while (std::getline(opts, opt, ',')) {
      if (opt.rfind("hidepid=", 0) == 0) out.hidepid = opt.substr(8);
      if (opt.rfind("gid=", 0) == 0) out.gid = opt.substr(4);
      if (opt == "subset=pid") out.subset_pid = true;
    }
  }
  return out;
}

HidePid hidepid_level(std::string_view value) {
  if (value == "1" || value == "noaccess") return HidePid::contents;
  if (value == "2" || value == "invisible" || value == "4" || value == "ptraceable") {
    return HidePid::processes;
  }
  return HidePid::none;
}

std::string bracketed_choice(std::string_view text) {
  auto open = text.find('[');
  auto close = text.find(']', open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || close == std::string_view::npos) return "unknown";
  return std::string(text.substr(open + 1, close - open - 1));
}

}  // namespace crossmem::doctor
