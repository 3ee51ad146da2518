#include "crossmem/doctor/summary.hpp"

namespace crossmem::doctor {

using nlohmann::json;

json doctor_summary(const Diagnosis& d) {
  auto fact = [&](std::string_view id, const char* key) -> json {
    const Check* c = d.find(id);
    if (!c || !c->facts.contains(key)) return nullptr;
    return c->facts.at(key);
  };
  json s = {{"schema", "crossmem-doctor-summary/1"}};
  s["yama_ptrace_scope"] = fact("yama.ptrace_scope", "ptrace_scope");
  s["cap_sys_ptrace"] = fact("capabilities.sys_ptrace", "cap_sys_ptrace");
  json mode = fact("seccomp", "mode");
  int m = mode.is_number() ? mode.get<int>() : -1;
  s["seccomp"] = m == 0 ? "none" : m == 1 ? "strict" : m == 2 ? "filter" : "unknown";
  const Check* user = d.find("namespaces.user");
  s["user_namespace"] = user && user->status == Status::ok ? "initial" : "child";
  const Check* pid = d.find("namespaces.pid");
  s["pid_namespace"] = pid && pid->status == Status::ok ? "initial" : "child";
  s["thp"] = fact("memory.thp", "enabled");
  s["thp_shmem"] = fact("memory.thp", "shmem_enabled");
  s["pipe_max_size"] = fact("pipes.max_size", "pipe_max_size");
  s["pipe_granted"] = fact("pipes.max_size", "granted");
  s["numa_nodes"] = fact("hwloc.topology", "numa_nodes");
  s["knem"] = fact("devices.knem", "exists");
  s["xpmem"] = fact("devices.xpmem", "exists");
  json avail = json::object(), unavailable = json::object();
  for (const StrategyVerdict& v : d.strategies) {
    avail[v.strategy] = v.available;
    if (!v.available) unavailable[v.strategy] = v.reason;
  }
  s["strategies"] = avail;
  s["unavailable"] = unavailable;
  json blocked = json::array(), warnings = json::array();
  for (const Check& c : d.checks) {
    if (c.status == Status::blocked) blocked.push_back(c.id);
    if (c.status == Status::warn) warnings.push_back(c.id);
  }
  s["blocked"] = blocked;
  s["warnings"] = warnings;
  json mpi = json::object();
  for (const MpiPrediction& p : d.mpi) mpi[p.stack] = p.single_copy;
  s["mpi"] = mpi;
  return s;
}

json doctor_summary(const std::vector<StrategyInput>& strategies) {
  return doctor_summary(diagnose(strategies));
}

}  // namespace crossmem::doctor
