// Tidy tables: one row per measurement, tab-separated, with a header line.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "crossmem/results/results.hpp"

namespace crossmem::results {

// Column names, in order: source, host, date, workload, strategy, size_bytes, procs, placement,
// cache, pages, fresh, "tunable.<name>" for every tunable name found anywhere in `results`
// (sorted), repetition, iterations, then one column per counter: the required counters in
// kRequiredCounters order (size_bytes only once, as the axis) followed by every other counter name
// found, sorted.
std::vector<std::string> measurement_columns(const Results& results);

// Writes the header and one row per measurement. Empty cells mean "not applicable/absent".
// Numbers are written with enough digits to round-trip. Tabs and newlines in text become spaces.
void write_measurements_tsv(const Results& results, std::ostream& out);

}  // namespace crossmem::results
