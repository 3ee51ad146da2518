// Benchmark names: parsing and formatting of crossmem's slash-path names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crossmem/results/results.hpp"
#include "crossmem/sizes.hpp"

namespace crossmem::results {

// Parses a case name (crossmem/schema/case_name.hpp: schema::parse) into Axes; an
// `oversubscribed:1` component is kept among the tunables, so labels show it.
// Throws InvalidInput (without a file name) saying which part is missing or malformed.
Axes parse_benchmark_name(std::string_view name);

// The name of `axes` in crossmem's form (schema::to_string), without Google Benchmark suffixes.
std::string format_benchmark_name(const Axes& axes);

// "fragment:32768/depth:8", or "" when there are no tunables.
std::string format_tunables(const std::map<std::string, std::string>& tunables);

// Human-readable sizes: 4096 -> "4 KiB", 1048576 -> "1 MiB", 1000 -> "1000 B" (crossmem/sizes.hpp).
using crossmem::format_size;

}  // namespace crossmem::results
