// What every result file records about where and how it was measured.
#pragma once

#include <map>
#include <string>

#include "crossmem/bench/suite.hpp"

namespace crossmem::bench {

// Key/value pairs (all prefixed "crossmem.") for Google Benchmark's JSON context: version, build
// type, kernel, CPU model, topology, cores, wait mode, payload policy, THP and pipe limits, Yama,
// and every strategy with its availability (reason, remedy) and effective tunables (JSON-encoded).
std::map<std::string, std::string> run_context(const SuiteConfig& config);

// The strategy table as printed by --list: name, available or the reason, tunables, summary.
std::string strategy_table();

}  // namespace crossmem::bench
