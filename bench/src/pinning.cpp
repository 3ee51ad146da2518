#include "crossmem/bench/pinning.hpp"

#include <hwloc.h>
#include <sched.h>

#include <cerrno>
#include <memory>
#include <sstream>

#include "crossmem/error.hpp"

namespace crossmem::bench {
namespace {

struct TopologyDeleter {
  void operator()(hwloc_topology* t) const { hwloc_topology_destroy(t); }
};
using TopologyPtr = std::unique_ptr<hwloc_topology, TopologyDeleter>;

TopologyPtr load_topology() {
  hwloc_topology_t t = nullptr;
  if (hwloc_topology_init(&t) != 0) throw_errno("hwloc_topology_init");
  TopologyPtr owned(t);
  if (hwloc_topology_load(t) != 0) throw_errno("hwloc_topology_load");
  return owned;
}

struct BitmapDeleter {
  void operator()(hwloc_bitmap_s* b) const { hwloc_bitmap_free(b); }
};
using BitmapPtr = std::unique_ptr<hwloc_bitmap_s, BitmapDeleter>;

}  // namespace

std::vector<unsigned> default_pus(int count, bool allow_shared) {
  TopologyPtr topo = load_topology();
  int cores = hwloc_get_nbobjs_by_type(topo.get(), HWLOC_OBJ_CORE);
  std::vector<unsigned> out;
  if (cores <= 0) throw Unsupported("hwloc reports no cores");
  if (cores < count && !allow_shared) {
    throw Unsupported(std::to_string(count) + " processes need " + std::to_string(count) +
                          " cores; this machine has " + std::to_string(cores),
                      "ask for fewer processes, or allow oversubscription");
  }
  for (int i = 0; i < count; ++i) {
    hwloc_obj_t core = hwloc_get_obj_by_type(topo.get(), HWLOC_OBJ_CORE, static_cast<unsigned>(i % cores));
    hwloc_obj_t pu = hwloc_get_obj_inside_cpuset_by_type(topo.get(), core->cpuset, HWLOC_OBJ_PU, 0);
    out.push_back(pu->os_index);
  }
  return out;
}

std::vector<unsigned> parse_pus(const std::string& text) {
  TopologyPtr topo = load_topology();
  std::vector<unsigned> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    std::size_t used = 0;
    unsigned long v = 0;
    try {
      v = std::stoul(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size()) throw InvalidInput("--cores: '" + item + "' is not a PU number");
    if (!hwloc_get_pu_obj_by_os_index(topo.get(), static_cast<unsigned>(v))) {
      throw InvalidInput("--cores: PU " + item + " does not exist on this machine");
    }
    out.push_back(static_cast<unsigned>(v));
  }
  if (out.empty()) throw InvalidInput("--cores: empty list");
  return out;
}

void pin_self(unsigned os_index) {
  TopologyPtr topo = load_topology();
  BitmapPtr set(hwloc_bitmap_alloc());
  hwloc_bitmap_only(set.get(), os_index);
  if (hwloc_set_cpubind(topo.get(), set.get(), HWLOC_CPUBIND_PROCESS | HWLOC_CPUBIND_STRICT) != 0 &&
      hwloc_set_cpubind(topo.get(), set.get(), HWLOC_CPUBIND_THREAD | HWLOC_CPUBIND_STRICT) != 0) {
    throw_errno("binding to PU " + std::to_string(os_index));
  }
  BitmapPtr now(hwloc_bitmap_alloc());
  if (hwloc_get_cpubind(topo.get(), now.get(), HWLOC_CPUBIND_THREAD) != 0) throw_errno("hwloc_get_cpubind");
  ::sched_yield();
  BitmapPtr last(hwloc_bitmap_alloc());
  if (hwloc_get_last_cpu_location(topo.get(), last.get(), HWLOC_CPUBIND_THREAD) != 0) {
    throw_errno("hwloc_get_last_cpu_location");
  }
  if (!hwloc_bitmap_isequal(now.get(), set.get()) || !hwloc_bitmap_isincluded(last.get(), set.get())) {
    throw SystemError(EINVAL, "binding to PU " + std::to_string(os_index) + " did not take effect");
  }
}

std::string topology_summary() {
  TopologyPtr topo = load_topology();
  auto n = [&](hwloc_obj_type_t type) { return hwloc_get_nbobjs_by_type(topo.get(), type); };
  std::ostringstream out;
  out << n(HWLOC_OBJ_PACKAGE) << " package(s), " << n(HWLOC_OBJ_NUMANODE) << " NUMA node(s), "
      << n(HWLOC_OBJ_L3CACHE) << " L3, " << n(HWLOC_OBJ_CORE) << " core(s), " << n(HWLOC_OBJ_PU)
      << " PU(s)";
  return out.str();
}

}  // namespace crossmem::bench
