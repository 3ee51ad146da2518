// Checks that memory and CPU binding really land where they were asked to, on
// a machine with several NUMA nodes (the crossmem-vm guest).
//
// For every NUMA node: allocate with hwloc_alloc_membind(BIND, STRICT), touch
// the pages, and check where they are with hwloc_get_area_memlocation and with
// move_pages(2) (query mode). For every package: bind the thread to its first
// PU (STRICT), check hwloc_get_last_cpu_location, and check that pages touched
// there with the default policy are on that PU's node (first touch).
//
// Exit status: 0 when every check passed, or when the machine has only one
// NUMA node (nothing to check; says so); 1 when a check failed.

#include <hwloc.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr std::size_t kBytes = 4u << 20;

std::string to_string(hwloc_const_bitmap_t set) {
  char* text = nullptr;
  if (hwloc_bitmap_asprintf(&text, set) < 0) return "?";
  std::string s(text);
  std::free(text);
  return s;
}

// Node of each page of [addr, addr + bytes) from move_pages(2) in query mode;
// a negative entry is -errno for that page (e.g. -ENOENT: not present).
std::vector<int> page_nodes(void* addr, std::size_t bytes) {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<void*> pages;
  for (std::size_t off = 0; off < bytes; off += page)
    pages.push_back(static_cast<char*>(addr) + off);
  std::vector<int> status(pages.size(), -1);
  if (::syscall(SYS_move_pages, 0, pages.size(), pages.data(), nullptr, status.data(), 0) != 0) {
    std::printf("  move_pages failed: %s\n", std::strerror(errno));
    return {};
  }
  return status;
}

// Checks that every page of [addr, addr + bytes) is on node os_index.
bool pages_on_node(void* addr, std::size_t bytes, unsigned os_index, const char* what) {
  std::vector<int> status = page_nodes(addr, bytes);
  if (status.empty()) return false;
  std::size_t on_node = 0;
  int other = -1;
  for (int s : status) {
    if (s == static_cast<int>(os_index)) {
      ++on_node;
    } else if (other < 0) {
      other = s;
    }
  }
  std::printf("  %s: move_pages: %zu of %zu pages on node %u", what, on_node, status.size(),
              os_index);
  if (on_node != status.size()) std::printf(" (another page: %d)", other);
  std::printf("\n");
  return on_node == status.size();
}

bool check_node(hwloc_topology_t topo, hwloc_obj_t node) {
  std::printf("NUMA node %u (nodeset %s, cpuset %s):\n", node->os_index,
              to_string(node->nodeset).c_str(), to_string(node->cpuset).c_str());
  void* mem = hwloc_alloc_membind(topo, kBytes, node->nodeset, HWLOC_MEMBIND_BIND,
                                  HWLOC_MEMBIND_STRICT | HWLOC_MEMBIND_BYNODESET);
  if (mem == nullptr) {
    std::printf("  hwloc_alloc_membind failed: %s\n", std::strerror(errno));
    return false;
  }
  std::memset(mem, 0x5a, kBytes);

  bool ok = true;
  hwloc_bitmap_t where = hwloc_bitmap_alloc();
  if (hwloc_get_area_memlocation(topo, mem, kBytes, where, HWLOC_MEMBIND_BYNODESET) != 0) {
    std::printf("  hwloc_get_area_memlocation failed: %s\n", std::strerror(errno));
    ok = false;
  } else {
    bool same = hwloc_bitmap_isequal(where, node->nodeset) != 0;
    std::printf("  hwloc_get_area_memlocation: nodeset %s%s\n", to_string(where).c_str(),
                same ? "" : " (MISMATCH)");
    ok = same;
  }
  hwloc_bitmap_free(where);
  ok = pages_on_node(mem, kBytes, node->os_index, "bound area") && ok;
  hwloc_free(topo, mem, kBytes);
  return ok;
}

bool check_package(hwloc_topology_t topo, hwloc_obj_t package) {
  hwloc_obj_t pu = hwloc_get_obj_inside_cpuset_by_type(topo, package->cpuset, HWLOC_OBJ_PU, 0);
  if (pu == nullptr) {
    std::printf("package %u: no PU\n", package->logical_index);
    return false;
  }
  std::printf("package %u: bind to PU P#%u\n", package->logical_index, pu->os_index);
  if (hwloc_set_cpubind(topo, pu->cpuset, HWLOC_CPUBIND_THREAD | HWLOC_CPUBIND_STRICT) != 0) {
    std::printf("  hwloc_set_cpubind failed: %s\n", std::strerror(errno));
    return false;
  }
  bool ok = true;
  hwloc_bitmap_t last = hwloc_bitmap_alloc();
  if (hwloc_get_last_cpu_location(topo, last, HWLOC_CPUBIND_THREAD) != 0) {
    std::printf("  hwloc_get_last_cpu_location failed: %s\n", std::strerror(errno));
    ok = false;
  } else {
    bool same = hwloc_bitmap_isequal(last, pu->cpuset) != 0;
    std::printf("  hwloc_get_last_cpu_location: cpuset %s%s\n", to_string(last).c_str(),
                same ? "" : " (MISMATCH)");
    ok = same;
  }
  hwloc_bitmap_free(last);

  // First touch: with the default policy, pages come from the local node.
  hwloc_obj_t local =
      hwloc_get_next_obj_covering_cpuset_by_type(topo, pu->cpuset, HWLOC_OBJ_NUMANODE, nullptr);
  void* mem = ::mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    std::printf("  mmap failed: %s\n", std::strerror(errno));
    return false;
  }
  std::memset(mem, 0xa5, kBytes);
  if (local == nullptr) {
    std::printf("  no NUMA node covers PU P#%u\n", pu->os_index);
    ok = false;
  } else {
    ok = pages_on_node(mem, kBytes, local->os_index, "first touch") && ok;
  }
  ::munmap(mem, kBytes);
  return ok;
}

}  // namespace

int main() {
  hwloc_topology_t topo;
  if (hwloc_topology_init(&topo) != 0 || hwloc_topology_load(topo) != 0) {
    std::printf("membind_check: cannot load the topology: %s\n", std::strerror(errno));
    return 1;
  }
  int nodes = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE);
  int packages = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE);
  if (nodes < 2) {
    std::printf("membind_check: only one NUMA node on this machine: nothing to check, skipping\n");
    hwloc_topology_destroy(topo);
    return 0;
  }
  if (hwloc_topology_is_thissystem(topo) == 0) {
    std::printf("membind_check: the topology is not this system's; binding would do nothing\n");
    hwloc_topology_destroy(topo);
    return 1;
  }
  const hwloc_topology_support* support = hwloc_topology_get_support(topo);
  if (!support->membind->alloc_membind || !support->membind->get_area_memlocation ||
      !support->cpubind->set_thisthread_cpubind ||
      !support->cpubind->get_thisthread_last_cpu_location) {
    std::printf("membind_check: hwloc reports missing binding support on this system\n");
    hwloc_topology_destroy(topo);
    return 1;
  }
  std::printf("membind_check: %d NUMA nodes, %d packages\n", nodes, packages);

  int failed = 0;
  for (int i = 0; i < nodes; ++i) {
    if (!check_node(topo,
                    hwloc_get_obj_by_type(topo, HWLOC_OBJ_NUMANODE, static_cast<unsigned>(i)))) {
      ++failed;
    }
  }
  for (int i = 0; i < packages; ++i) {
    if (!check_package(topo,
                       hwloc_get_obj_by_type(topo, HWLOC_OBJ_PACKAGE, static_cast<unsigned>(i)))) {
      ++failed;
    }
  }
  hwloc_topology_destroy(topo);
  std::printf("membind_check: %s\n", failed == 0 ? "all checks passed" : "FAILED");
  return failed == 0 ? 0 : 1;
}
