#include "crossmem/placement/location.hpp"

#include <charconv>

#include "crossmem/error.hpp"
#include "hwloc_objects.hpp"

namespace crossmem::placement {

namespace {

[[noreturn]] void bad_location(std::string_view text, const std::string& why) {
  throw InvalidInput("bad location '" + std::string(text) + "': " + why);
}

bool is_type_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

LocationStep parse_step(std::string_view text, std::string_view step) {
  if (step.empty()) bad_location(text, "empty step");
  std::size_t colon = step.find(':');
  if (colon == std::string_view::npos) {
    bad_location(text, "step '" + std::string(step) + "' is not type:index");
  }
  std::string_view type = step.substr(0, colon);
  std::string_view index = step.substr(colon + 1);
  if (type.empty()) bad_location(text, "step '" + std::string(step) + "' has no type");
  for (char c : type) {
    if (!is_type_char(c)) bad_location(text, "bad object type '" + std::string(type) + "'");
  }
  LocationStep result{std::string(type), 0};
  const char* end = index.data() + index.size();
  auto [ptr, ec] = std::from_chars(index.data(), end, result.index);
  if (index.empty() || ec != std::errc() || ptr != end) {
    bad_location(text, "index '" + std::string(index) + "' is not a non-negative integer");
  }
  return result;
}

std::string describe_step(const LocationStep& step) {
  return step.type + ":" + std::to_string(step.index);
}

// The number of objects at `depth` inside `set` that come before `obj` in logical order.
unsigned index_inside(hwloc_topology_t topology, hwloc_const_cpuset_t set, hwloc_obj_t obj) {
  unsigned index = 0;
  for (hwloc_obj_t other =
           hwloc_get_next_obj_inside_cpuset_by_depth(topology, set, obj->depth, nullptr);
       other != nullptr && other != obj;
       other = hwloc_get_next_obj_inside_cpuset_by_depth(topology, set, obj->depth, other)) {
    ++index;
  }
  return index;
}

}  // namespace

Location parse_location(std::string_view text) {
  if (text.empty()) throw InvalidInput("bad location '': empty location");
  Location location{std::string(text), {}};
  std::size_t start = 0;
  while (true) {
    std::size_t dot = text.find('.', start);
    std::string_view step =
        text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    location.steps.push_back(parse_step(text, step));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return location;
}

unsigned resolve_location(const Topology& topology, const Location& location) {
  hwloc_topology_t t = topology.get();
  hwloc_const_cpuset_t set = hwloc_topology_get_topology_cpuset(t);
  std::string within = "the machine";
  for (const LocationStep& step : location.steps) {
    hwloc_obj_type_t type = HWLOC_OBJ_MACHINE;
    int depth = 0;
    if (hwloc_type_sscanf_as_depth(step.type.c_str(), &type, t, &depth) < 0) {
      bad_location(location.text, "unknown object type '" + step.type + "'");
    }
    if (!hwloc_obj_type_is_normal(type) && type != HWLOC_OBJ_NUMANODE) {
      bad_location(location.text, "object type '" + step.type + "' has no CPUs");
    }
    if (depth == HWLOC_TYPE_DEPTH_UNKNOWN) {
      bad_location(location.text, "the topology has no '" + step.type + "' objects");
    }
    if (depth == HWLOC_TYPE_DEPTH_MULTIPLE) {
      bad_location(location.text, "'" + step.type + "' exists at several depths");
    }
    unsigned count = hwloc_get_nbobjs_inside_cpuset_by_depth(t, set, depth);
    if (step.index >= count) {
      bad_location(location.text, "no " + describe_step(step) + " in " + within + " (it has " +
                                      std::to_string(count) + ")");
    }
    hwloc_obj_t obj = hwloc_get_obj_inside_cpuset_by_depth(t, set, depth, step.index);
    set = obj->cpuset;
    within = within == "the machine" ? describe_step(step) : within + "." + describe_step(step);
  }
  hwloc_obj_t pu = hwloc_get_obj_inside_cpuset_by_type(t, set, HWLOC_OBJ_PU, 0);
  if (pu == nullptr) bad_location(location.text, within + " has no PU");
  return pu->logical_index;
}

unsigned resolve_location(const Topology& topology, std::string_view text) {
  return resolve_location(topology, parse_location(text));
}

std::string pu_location(const Topology& topology, unsigned pu) {
  hwloc_topology_t t = topology.get();
  hwloc_obj_t pu_obj = detail::pu_object(topology, pu);
  hwloc_obj_t package = detail::package_of(pu_obj);
  hwloc_obj_t core = detail::core_of(pu_obj);

  std::string text;
  auto append = [&text](const char* type, unsigned index) {
    if (!text.empty()) text += '.';
    text += type;
    text += ':';
    text += std::to_string(index);
  };
  hwloc_const_cpuset_t set = hwloc_topology_get_topology_cpuset(t);
  if (package != nullptr) {
    append("package", index_inside(t, set, package));
    set = package->cpuset;
  }
  if (core != pu_obj) {
    append("core", index_inside(t, set, core));
    set = core->cpuset;
  }
  append("pu", index_inside(t, set, pu_obj));
  return text;
}

}  // namespace crossmem::placement
