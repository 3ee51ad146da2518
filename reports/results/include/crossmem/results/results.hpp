// The results of one or more crossmem-bench runs, as tidy rows.
//
// Input is Google Benchmark JSON as written by crossmem-bench, in the form crossmem_schema defines
// (bench/schema): a "context" object (Google Benchmark's fields plus the crossmem.* keys) and a
// "benchmarks" array whose names are case names. Each input file is one Source; each repetition
// of each benchmark is one Measurement; each errored entry is one Skip.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "crossmem/schema/fields.hpp"
#include "crossmem/schema/regimes.hpp"
#include "crossmem/schema/strategies.hpp"

namespace crossmem::results {

// Counters every measurement must carry (schema::field::kRequired). Files written before schema
// version 2 carry schema::field::kRequiredV1 instead (with `preempt_excess` in place of
// `preempted` in files that have regime fields).
inline constexpr const auto& kRequiredCounters = schema::field::kRequired;

// Regime keys of a repetition (Measurement::regime): the median handoff (ns) of the host regime
// it was classified into, or one of these.
inline constexpr double kUnknownRegime = 0;    // the file carries no regime fields (older results)
inline constexpr double kUnstableRegime = -1;  // its two probes fell into different regimes

// The axes that identify one benchmark instance, parsed from its name.
struct Axes {
  std::string workload;  // pingpong, many-to-one, one-to-many, all-to-all
  std::string strategy;  // memcpy, shm-copy, cma-read, ...
  std::uint64_t size_bytes = 0;
  std::uint64_t procs = 0;
  std::string placement;                        // placement class
  std::string cache;                            // hot | cold
  std::string pages;                            // 4k | thp | hugetlb
  bool fresh = false;                           // sender rewrites the payload before each send
  std::map<std::string, std::string> tunables;  // strategy tunables from the name, e.g. depth -> 8

  auto operator<=>(const Axes&) const = default;
};

// One entry of the crossmem.strategies context key: availability, traits, default tunables.
using StrategyInfo = schema::StrategyEntry;

// One entry of the crossmem.regimes context key: a host regime seen during the run.
using RegimeInfo = schema::RegimeEntry;

// One input file.
struct Source {
  std::filesystem::path path;
  std::string label;  // short name for tables and plots: "host (file name)"
  std::string host;
  std::string date;
  // Context keys. `context` holds every key (nested values as compact JSON text); `crossmem`
  // holds the crossmem.* keys with the prefix removed, including ones this code does not know.
  std::map<std::string, std::string> context;
  std::map<std::string, std::string> crossmem;
  int schema = 0;                        // crossmem.schema (0: written before the key existed)
  std::vector<StrategyInfo> strategies;  // parsed crossmem.strategies (empty when absent)
  std::vector<RegimeInfo> regimes;       // parsed crossmem.regimes (empty when absent)

  // The value of context key `key`, a schema::key ("crossmem.rounds") or the same without the
  // prefix ("rounds"), or "" when absent.
  std::string get(std::string_view key) const;
};

// One repetition of one benchmark instance.
struct Measurement {
  std::size_t source = 0;  // index into Results::sources
  Axes axes;
  std::uint64_t repetition = 0;  // Google Benchmark's repetition_index
  std::uint64_t iterations = 0;
  // Every counter on the entry (the required ones and any workload-specific ones such as
  // aggregate_bytes_per_second). A counter written as null/NaN is absent.
  std::map<std::string, double> counters;

  // counters[name], or NaN when absent.
  double counter(const std::string& name) const;
  // The regime key: kUnstableRegime when `unstable` is 1, else `regime_ns` when positive, else
  // kUnknownRegime.
  double regime() const;
};

// An entry with "error_occurred": true. Repetitions of the same instance are merged.
struct Skip {
  std::size_t source = 0;
  Axes axes;
  bool unsupported = false;  // message had the form "unsupported: <reason> [remedy: <remedy>]"
  std::string message;       // the full error_message
  std::string reason;        // for unsupported: the reason; otherwise the message
  std::string remedy;        // for unsupported: the remedy, or "" when none was given
  std::size_t count = 0;     // entries merged into this one
};

struct Results {
  std::vector<Source> sources;
  std::vector<Measurement> measurements;  // in file order
  std::vector<Skip> skips;
};

// Every strategy in report order: the strategy table as the sources' crossmem.strategies list it
// (first source first), then strategies only seen in measurements or skips, in order of appearance.
std::vector<std::string> strategy_order(const Results& results);

// The crossmem.strategies entry of `strategy` in source `source`, or nullptr when not listed.
const StrategyInfo* find_strategy(const Results& results, std::size_t source,
                                  const std::string& strategy);

// Reads and validates the given files, in order. Aggregate entries (run_type "aggregate") are
// ignored: statistics are computed from the repetitions.
// Throws InvalidInput naming the file and what is wrong: unreadable, empty, not JSON, truncated,
// not Google Benchmark output, a benchmark name not in crossmem's form, a missing counter, a
// size_bytes counter that disagrees with the name, a malformed crossmem.strategies or
// crossmem.regimes key, a crossmem.schema newer than schema::kVersion.
Results load_results(const std::vector<std::filesystem::path>& files);

// Parses one document already in memory; `path` is used in messages and as Source::path.
// Appends to `into`. Same errors as load_results.
void load_results_text(const std::string& text, const std::filesystem::path& path, Results& into);

// Splits an error_message into a Skip's unsupported/reason/remedy fields.
void parse_error_message(const std::string& message, Skip& skip);

}  // namespace crossmem::results
