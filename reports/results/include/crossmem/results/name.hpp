// Benchmark names: parsing and formatting of crossmem's slash-path names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crossmem/results/results.hpp"

namespace crossmem::results {

// Parses `<workload>/<strategy>/size:B/procs:N/placement:C/cache:X/pages:Y/fresh:0|1` followed by
// any `/<tunable>:<value>` components, in any order after the strategy. Google Benchmark's own
// suffixes (manual_time, real_time, process_time, threads:N, repeats:N, iterations:N, min_time:X,
// min_warmup_time:X) and an aggregate suffix (_mean, _median, _stddev, _cv) are dropped.
// Throws InvalidInput (without a file name) saying which part is missing or malformed.
Axes parse_benchmark_name(std::string_view name);

// The name of `axes` in crossmem's form, without Google Benchmark suffixes.
std::string format_benchmark_name(const Axes& axes);

// "fragment:32768/depth:8", or "" when there are no tunables.
std::string format_tunables(const std::map<std::string, std::string>& tunables);

// Human-readable sizes: 4096 -> "4 KiB", 1048576 -> "1 MiB", 1000 -> "1000 B".
std::string format_size(std::uint64_t bytes);

}  // namespace crossmem::results
