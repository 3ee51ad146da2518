// The name of one benchmark case: a slash path, so Google Benchmark's --benchmark_filter works.
//
//   <workload>/<strategy>/size:<bytes>/procs:<n>/placement:<class>/cache:<hot|cold>/
//   pages:<4k|thp|hugetlb>/fresh:<0|1>[/oversubscribed:1][/<tunable>:<value>...]
//
// Tunables follow in name order. Google Benchmark appends its own suffixes (manual_time,
// repeats:N, ...) and aggregate names (_median, ...); parse drops them.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace crossmem::schema {

struct CaseName {
  std::string workload;  // pingpong, loop, many-to-one, one-to-many, all-to-all
  std::string strategy;  // a row of the strategy table: memcpy, shm-copy, cma-read, ...
  std::uint64_t size_bytes = 0;
  std::uint64_t procs = 2;
  std::string placement;  // placement class, "pus-A-B", or as requested
  std::string cache = "hot";
  std::string pages = "4k";
  bool fresh = false;
  std::map<std::string, std::string> tunables;  // e.g. depth -> "8"
  bool oversubscribed = false;                  // more processes than cores

  auto operator<=>(const CaseName&) const = default;
};

// The name of `name`, without Google Benchmark suffixes.
std::string to_string(const CaseName& name);

// The comparison group of `name`: to_string without the strategy and the tunables,
// "<workload>/size:<bytes>/procs:<n>/placement:<class>/cache:..../pages:..../fresh:<0|1>
// [/oversubscribed:1]". Cases of one group are measured side by side in paired rounds.
std::string group_name(const CaseName& name);

// Parses a name written by to_string, with or without Google Benchmark's suffixes. The components
// after the strategy may come in any order; an unknown key is a tunable.
// Throws ParseError saying which part is missing or malformed.
CaseName parse(std::string_view text);

// Google Benchmark's own trailing component (manual_time, real_time, process_time, threads:N,
// repeats:N, iterations:N, min_time:X, min_warmup_time:X).
bool is_benchmark_suffix(std::string_view component);

}  // namespace crossmem::schema
