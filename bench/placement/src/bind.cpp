#include "crossmem/placement/bind.hpp"

#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "crossmem/error.hpp"
#include "hwloc_objects.hpp"

namespace crossmem::placement {

using detail::Bitmap;

namespace {

void require_this_system(const Topology& topology, const std::string& what) {
  if (!topology.is_this_system()) {
    throw InvalidInput("cannot " + what + " with topology " + topology.source() +
                       ": it is not this system, binding through it would do nothing");
  }
}

std::string bitmap_text(hwloc_const_bitmap_t bitmap) {
  char* text = nullptr;
  if (hwloc_bitmap_list_asprintf(&text, bitmap) < 0 || text == nullptr) return "?";
  std::string result(text);
  std::free(text);
  return result;
}

std::size_t page_size() {
  long size = sysconf(_SC_PAGESIZE);
  return size > 0 ? static_cast<std::size_t>(size) : 4096;
}

}  // namespace

CpuBinding bind_process_to_pu(const Topology& topology, unsigned pu) {
  require_this_system(topology, "bind a process");
  hwloc_topology_t t = topology.get();
  hwloc_obj_t pu_obj = detail::pu_object(topology, pu);
  const std::string target =
      "PU L#" + std::to_string(pu) + " (CPU " + std::to_string(pu_obj->os_index) + ")";

  const hwloc_topology_support* support = hwloc_topology_get_support(t);
  if (support->cpubind->set_thisproc_cpubind == 0 &&
      support->cpubind->set_thisthread_cpubind == 0) {
    throw Unsupported("this system does not support CPU binding");
  }

  CpuBinding binding;
  int flags = HWLOC_CPUBIND_PROCESS | HWLOC_CPUBIND_STRICT;
  if (hwloc_set_cpubind(t, pu_obj->cpuset, flags) < 0) {
    if (errno != ENOSYS) throw_errno("binding the process to " + target);
    flags = HWLOC_CPUBIND_THREAD | HWLOC_CPUBIND_STRICT;
    binding.whole_process = false;
    if (hwloc_set_cpubind(t, pu_obj->cpuset, flags) < 0) {
      throw_errno("binding the calling thread to " + target);
    }
  }

  Bitmap bound;
  if (hwloc_get_cpubind(t, bound.get(), flags) < 0) {
    throw_errno("reading back the CPU binding to " + target);
  }
  if (!hwloc_bitmap_isequal(bound.get(), pu_obj->cpuset)) {
    throw SystemError(EXDEV, "checking the CPU binding to " + target + ": bound to CPUs " +
                                 bitmap_text(bound.get()));
  }

  sched_yield();
  Bitmap last;
  if (hwloc_get_last_cpu_location(t, last.get(), HWLOC_CPUBIND_THREAD) < 0) {
    throw_errno("reading the CPU the thread runs on after binding to " + target);
  }
  if (!hwloc_bitmap_isequal(last.get(), pu_obj->cpuset)) {
    throw SystemError(EXDEV, "checking the CPU binding to " + target + ": running on CPU " +
                                 bitmap_text(last.get()));
  }
  binding.pu_os_index = pu_obj->os_index;
  return binding;
}

void touch_pages(void* addr, std::size_t len) {
  if (len == 0) return;
  const std::size_t page = page_size();
  auto* bytes = static_cast<volatile unsigned char*>(addr);
  const std::uintptr_t start = reinterpret_cast<std::uintptr_t>(addr);
  // Touch the first byte of the range, then the first byte of every following page.
  std::size_t offset = 0;
  while (offset < len) {
    bytes[offset] = bytes[offset];
    offset = ((start + offset) / page + 1) * page - start;
  }
}

std::vector<unsigned> buffer_numa_nodes(const Topology& topology, const void* addr,
                                        std::size_t len) {
  require_this_system(topology, "locate buffer pages");
  hwloc_topology_t t = topology.get();
  std::vector<unsigned> nodes;
  if (len == 0) return nodes;
  if (hwloc_topology_get_support(t)->membind->get_area_memlocation == 0) {
    throw Unsupported("this system cannot report where memory pages are");
  }
  Bitmap nodeset;
  if (hwloc_get_area_memlocation(t, addr, len, nodeset.get(), HWLOC_MEMBIND_BYNODESET) < 0) {
    throw_errno("locating the pages of a " + std::to_string(len) + "-byte buffer");
  }
  for (int os = hwloc_bitmap_first(nodeset.get()); os >= 0;
       os = hwloc_bitmap_next(nodeset.get(), os)) {
    hwloc_obj_t node = hwloc_get_numanode_obj_by_os_index(t, static_cast<unsigned>(os));
    if (node == nullptr) {
      throw SystemError(EXDEV, "locating buffer pages: they are on NUMA node " +
                                   std::to_string(os) + ", unknown to the topology");
    }
    nodes.push_back(node->logical_index);
  }
  return nodes;
}

std::vector<unsigned> bind_buffer_to_node(const Topology& topology, void* addr, std::size_t len,
                                          unsigned node) {
  require_this_system(topology, "bind memory");
  hwloc_topology_t t = topology.get();
  hwloc_obj_t node_obj = detail::numa_object(topology, node);
  if (len == 0) return {};
  const std::string target =
      "NUMA node L#" + std::to_string(node) + " (node " + std::to_string(node_obj->os_index) + ")";

  const hwloc_topology_membind_support* support = hwloc_topology_get_support(t)->membind;
  if (support->set_area_membind == 0 || support->bind_membind == 0 ||
      support->migrate_membind == 0) {
    throw Unsupported("this system cannot bind and migrate memory pages to a NUMA node");
  }
  const int flags = HWLOC_MEMBIND_STRICT | HWLOC_MEMBIND_MIGRATE | HWLOC_MEMBIND_BYNODESET;
  if (hwloc_set_area_membind(t, addr, len, node_obj->nodeset, HWLOC_MEMBIND_BIND, flags) < 0) {
    throw_errno("binding a " + std::to_string(len) + "-byte buffer to " + target);
  }
  touch_pages(addr, len);

  std::vector<unsigned> found = buffer_numa_nodes(topology, addr, len);
  if (found.size() != 1 || found[0] != node) {
    std::string where;
    for (unsigned n : found) where += (where.empty() ? "L#" : ", L#") + std::to_string(n);
    throw SystemError(EXDEV, "checking a buffer bound to " + target + ": its pages are on " +
                                 (where.empty() ? std::string("no node") : "nodes " + where));
  }
  return found;
}

}  // namespace crossmem::placement
