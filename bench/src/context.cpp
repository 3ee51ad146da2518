#include "crossmem/bench/context.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "crossmem/bench/pinning.hpp"
#include "crossmem/doctor/summary.hpp"
#include "crossmem/kernel/pipes.hpp"
#include "crossmem/kernel/probe.hpp"
#include "crossmem/placement/observed.hpp"
#include "crossmem/schema/context.hpp"
#include "crossmem/schema/strategies.hpp"

#ifndef CROSSMEM_VERSION
#define CROSSMEM_VERSION "unknown"
#endif
#ifndef CROSSMEM_BUILD_TYPE
#define CROSSMEM_BUILD_TYPE "unknown"
#endif

namespace crossmem::bench {
namespace {

std::string join(const std::vector<std::string>& items, const char* sep = ",") {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out.append(sep);
    out.append(item);
  }
  return out;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

nlohmann::json strategies_json(const SuiteConfig& config) {
  std::vector<schema::StrategyEntry> entries;
  for (const Strategy* s : all_strategies()) {
    Availability a = s->probe();
    schema::StrategyEntry e;
    e.name = s->name;
    e.available = a.ok;
    e.reason = a.reason;
    e.remedy = a.remedy;
    e.selected = false;
    for (const Strategy* c : config.strategies) e.selected = e.selected || c == s;
    e.reference = s->traits.reference;
    e.in_process = s->traits.in_process;
    e.copies = s->traits.copies;
    e.copier = s->traits.copier;
    for (const auto& [k, v] : effective_params(*s, Params{})) e.tunables[k] = std::to_string(v);
    entries.push_back(std::move(e));
  }
  return schema::to_json(entries);
}

// The placement of every rank as bound and verified by each process at start (binding is checked
// with hwloc_get_cpubind and hwloc_get_last_cpu_location; a mismatch fails the case).
nlohmann::json placement_json(const SuiteConfig& config) {
  placement::Topology topo = placement::Topology::this_system();
  placement::ObservedPlacement observed;
  observed.placement = config.placement;
  if (!config.placement_unsupported.empty())
    return {{"placement", config.placement}, {"absent", config.placement_unsupported}};
  for (std::size_t r = 0; r < config.pus.size(); ++r) {
    observed.roles.push_back(
        placement::describe_role(topo, "rank " + std::to_string(r), config.pus[r]));
  }
  return observed;
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

// /sys/kernel/mm/hugepages holds one hugepages-<N>kB directory per size the kernel offers.
std::string hugepage_sizes() {
  std::vector<unsigned long> sizes;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/sys/kernel/mm/hugepages", ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("hugepages-", 0) != 0) continue;
    try {
      sizes.push_back(std::stoul(name.substr(10)));
    } catch (const std::exception&) {
    }
  }
  if (sizes.empty()) return "none";
  std::sort(sizes.begin(), sizes.end());
  std::vector<std::string> items;
  for (unsigned long s : sizes) items.push_back(std::to_string(s));
  return join(items);
}

}  // namespace

std::map<std::string, std::string> hardware_context() {
  long page = sysconf(_SC_PAGESIZE);
  return {{schema::key::host, host_name()},
          {schema::key::page_size, page > 0 ? std::to_string(page) : "unknown"},
          {schema::key::hugepage_sizes, hugepage_sizes()}};
}

std::map<std::string, std::string> run_context(const SuiteConfig& config) {
  std::map<std::string, std::string> ctx;
  auto yama = kernel::yama_ptrace_scope();
  std::vector<std::string> pus, pages, caches, fresh;
  for (unsigned p : config.pus) pus.push_back(std::to_string(p));
  for (Pages p : config.pages) pages.push_back(std::string(to_string(p)));
  for (Cache c : config.caches) caches.push_back(std::string(to_string(c)));
  for (bool f : config.fresh) fresh.push_back(f ? "1" : "0");
  ctx[schema::key::schema] = std::to_string(schema::kVersion);
  ctx[schema::key::version] = CROSSMEM_VERSION;
  ctx[schema::key::build_type] = CROSSMEM_BUILD_TYPE;
  ctx[schema::key::kernel] = kernel::kernel_release();
  ctx[schema::key::cpu_model] = cpu_model();
  ctx[schema::key::topology] = topology_summary();
  ctx[schema::key::cores] = join(pus);
  ctx[schema::key::placement] = placement_json(config).dump();
  ctx[schema::key::wait_mode] = std::string(to_string(config.wait_mode));
  ctx[schema::key::validate] = config.validate ? "every iteration" : "first exchange of each size";
  ctx[schema::key::fresh] = join(fresh);
  ctx[schema::key::pages] = join(pages);
  ctx[schema::key::cache] = join(caches);
  ctx[schema::key::llc_bytes] = std::to_string(config.llc_bytes);
  ctx[schema::key::cold_cache] =
      "cache:cold: each buffer is a ring of message slots (size rounded up to 4 KiB apart) "
      "spanning "
      "twice llc_bytes, one slot per message, so each message's bytes were evicted since their "
      "last "
      "use; buffer_slots counts the slots";
  ctx[schema::key::hugetlb_pool] = kernel::hugetlb_pool();
  ctx[schema::key::thp] = kernel::thp_mode();
  ctx[schema::key::thp_shmem] = kernel::thp_shmem_mode();
  ctx[schema::key::pipe_max_size] = std::to_string(kernel::pipe_max_size());
  ctx[schema::key::yama_ptrace_scope] = yama ? std::to_string(*yama) : "absent";
  ctx[schema::key::buffer_node] =
      config.buffer_node.empty() ? "not bound (first touch)" : config.buffer_node;
  ctx[schema::key::timeout_ms] = std::to_string(config.timeout.count());
  ctx[schema::key::probe] =
      "handoff_ns/doorbell_ns: one-way cost of " + std::to_string(config.probe_rounds) +
      " cache-line round trips between the two pinned processes, taken before "
      "each measurement (plain atomics / the doorbell)";
  ctx[schema::key::latency] = "latency_ns is one-way: half the ping-pong round trip";
  ctx[schema::key::strategies] = strategies_json(config).dump();
  ctx[schema::key::doctor] = doctor::doctor_summary(doctor_inputs()).dump();
  for (auto& [key, value] : hardware_context()) ctx[key] = value;
  return ctx;
}

std::string strategy_table() {
  std::ostringstream out;
  out << "strategy        available  copies  copier                        tunables\n";
  for (const Strategy* s : all_strategies()) {
    Availability a = s->probe();
    std::vector<std::string> items;
    for (const Tunable& t : s->tunables)
      items.push_back(std::string(t.name) + "=" + std::to_string(t.fallback));
    std::string tunables = join(items, " ");
    char line[256];
    std::snprintf(line, sizeof line, "%-15s %-10s %-7d %-29s %s\n", std::string(s->name).c_str(),
                  a.ok ? "yes" : "NO", s->traits.copies, std::string(s->traits.copier).c_str(),
                  tunables.empty() ? "-" : tunables.c_str());
    out << line << "    " << s->summary << "\n";
    if (!a.ok) {
      out << "    unavailable: " << a.reason << "\n";
      if (!a.remedy.empty()) out << "    remedy: " << a.remedy << "\n";
    }
  }
  return out.str();
}

}  // namespace crossmem::bench
