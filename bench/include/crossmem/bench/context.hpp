// What every result file records about where and how it was measured.
#pragma once

#include <map>
#include <string>

#include "crossmem/bench/suite.hpp"

namespace crossmem::bench {

// Key/value pairs for Google Benchmark's JSON context, under the keys of
// crossmem/schema/context.hpp: the schema version, version, build type, kernel, CPU model,
// topology, cores, wait mode, payload policy, THP and pipe limits, Yama, and every strategy with
// its availability (reason, remedy), traits and default tunables (JSON-encoded,
// crossmem/schema/strategies.hpp).
std::map<std::string, std::string> run_context(const SuiteConfig& config);

// The keys that, with crossmem.cpu_model, topology, kernel, thp and yama_ptrace_scope, make up a
// node's hardware signature (crossmem-fleet-report groups nodes by it): crossmem.host (the host
// name), crossmem.page_size (base page size in bytes) and crossmem.hugepage_sizes (the huge page
// sizes the kernel offers, in KiB, ascending, comma-separated; "none" when there are none).
// run_context includes them.
std::map<std::string, std::string> hardware_context();

// The strategy table as printed by --list: name, available or the reason, tunables, summary.
std::string strategy_table();

}  // namespace crossmem::bench
