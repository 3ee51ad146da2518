#include <hwloc.h>

#include <exception>
#include <optional>

#include "crossmem/doctor/facts.hpp"
#include "crossmem/kernel/topology.hpp"

namespace crossmem::doctor {

Hwloc probe_hwloc() {
  Hwloc h;
  unsigned v = hwloc_get_api_version();
  h.version = std::to_string(v >> 16) + "." + std::to_string((v >> 8) & 0xff) + "." +
              std::to_string(v & 0xff);
  std::optional<kernel::Topology> topology;
  try {
    topology.emplace(kernel::Topology::this_system());
  } catch (const std::exception& e) {
    h.error = e.what();
    return h;
  }
  hwloc_topology_t topo = topology->get();
  h.loaded = true;
  h.this_system = hwloc_topology_is_thissystem(topo) == 1;
  h.numa_nodes = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE);
  h.packages = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE);
  h.cores = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
  h.pus = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);
  h.allowed_pus = hwloc_bitmap_weight(hwloc_topology_get_allowed_cpuset(topo));

  const hwloc_topology_support* s = hwloc_topology_get_support(topo);
  const hwloc_topology_cpubind_support* c = s->cpubind;
  h.cpubind = {
      {"set_thisproc_cpubind", c->set_thisproc_cpubind != 0},
      {"get_thisproc_cpubind", c->get_thisproc_cpubind != 0},
      {"set_proc_cpubind", c->set_proc_cpubind != 0},
      {"set_thisthread_cpubind", c->set_thisthread_cpubind != 0},
      {"get_thisthread_cpubind", c->get_thisthread_cpubind != 0},
      {"get_thisproc_last_cpu_location", c->get_thisproc_last_cpu_location != 0},
      {"get_thisthread_last_cpu_location", c->get_thisthread_last_cpu_location != 0},
  };
  const hwloc_topology_membind_support* m = s->membind;
  h.membind = {
      {"set_thisproc_membind", m->set_thisproc_membind != 0},
      {"set_thisthread_membind", m->set_thisthread_membind != 0},
      {"set_area_membind", m->set_area_membind != 0},
      {"get_area_membind", m->get_area_membind != 0},
      {"alloc_membind", m->alloc_membind != 0},
      {"firsttouch_membind", m->firsttouch_membind != 0},
      {"bind_membind", m->bind_membind != 0},
      {"interleave_membind", m->interleave_membind != 0},
      {"migrate_membind", m->migrate_membind != 0},
      {"get_area_memlocation", m->get_area_memlocation != 0},
  };
  return h;
}

}  // namespace crossmem::doctor
