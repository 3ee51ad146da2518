// From crossmem-bench ping-pong results to MPI settings, each with the measurement behind it.
//
// The measured facts (analyze) and the settings derived from them (settings_for) are separate so
// tests can check either. Nothing here runs programs or touches files.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crossmem/mpi_stacks.hpp"
#include "crossmem/results/crossover.hpp"
#include "crossmem/results/extras.hpp"
#include "crossmem/results/results.hpp"
#include "crossmem/results/summary.hpp"

namespace crossmem::tune {

// Values of TunedSetting::stack: the stacks of crossmem/mpi_stacks.hpp.
using mpi::kMpich;
using mpi::kMvapich2;
using mpi::kOpenMpi41;
using mpi::kOpenMpi5;
using mpi::kUcx;

// Every reason of a setting that keeps the stack's default starts with this.
inline constexpr const char* kDefaultKept = "default kept: ";

// Open MPI 4.1 vader defaults without xpmem (btl_vader_component.c).
inline constexpr std::uint64_t kVaderEagerDefault = mpi::kOpenMpiEagerLimit;
inline constexpr std::uint64_t kVaderMaxSendDefault = mpi::kOpenMpiMaxSendSize;
// Limits the tuner keeps vader's fragment sizes within. Eager and max-send fragments are carved
// from the per-process shared segment (btl_vader_segment_size, 4 MiB by default), 8 of each at
// start-up; when they do not fit, vader disables itself and MPI_Init fails ("unable to reach").
// On Debian's 4.1.4 with the default segment, 256 KiB each and 512 KiB eager alone fail, while
// 256 KiB eager + 192 KiB max-send start; the tuner keeps a margin below that.
inline constexpr std::uint64_t kVaderFragmentMin = 1024;
inline constexpr std::uint64_t kVaderFragmentMax = 256 * 1024;
inline constexpr std::uint64_t kVaderFragmentSumMax = 384 * 1024;  // eager + max-send

// Who wins at the largest sizes.
enum class LargeWinner { single_copy, double_copy, unknown };

// What the results say, for the group the tuner uses.
struct Analysis {
  bool have_group = false;      // a ping-pong group with shm-copy was found
  results::GroupKey group;      // valid when have_group
  std::string group_text;       // "pingpong procs:2 ... (host (file))"
  std::string no_group_reason;  // when !have_group

  // cma-read against shm-copy.
  bool cma_measured = false;    // cma-read has measurements in the group
  std::string cma_unsupported;  // skip reason when cma-read was skipped as unsupported
  LargeWinner large_winner = LargeWinner::unknown;
  std::string large_reason;                     // what decided large_winner (or why unknown)
  std::optional<results::Crossover> overtakes;  // the last boundary, when it is "overtakes"
  std::string crossover_reason;                 // the finder's account (status and reason)
  bool crossover_found = false;                 // overtakes is set and its status is found

  // shm-copy fragment sweep.
  std::vector<std::uint64_t> fragments;  // distinct fragment values measured, ascending
  std::optional<std::uint64_t> best_fragment;
  std::string fragment_reason;
  std::map<std::string, std::string> baseline_tunables;  // shm-copy series compared with

  // cma-read bandwidth at the largest size, bytes per second (median).
  std::optional<double> cma_bandwidth;
  std::uint64_t cma_bandwidth_size = 0;

  // cma-write against cma-read at sizes >= 1 MiB: which side of a CMA rendezvous should copy.
  results::Verdict write_vs_read = results::Verdict::undecided;
  std::string write_vs_read_reason;
};

// Picks the ping-pong conditions (procs 2, preferring pages:4k, cache:hot, fresh:0, a placement
// other than smt, then the most sizes, then the first input) and, within one host regime, the best
// shm-copy series, and runs find_crossovers for cma-read against it. Comparisons never cross
// regimes; repetitions whose probes disagreed are left out.
// analyze_regimes: one Analysis per regime seen under those conditions, the regime with the most
// repetitions first (one element, with have_group false, when there is no group).
// analyze: the first of analyze_regimes.
Analysis analyze(const results::Results& results);
std::vector<Analysis> analyze_regimes(const results::Results& results);
Analysis analyze_group(const results::Results& results,
                       const std::vector<results::Summary>& summaries,
                       const results::GroupKey& group);

// What a set of settings does for ping-pong messages: single copy on or off, and from which size.
struct Choice {
  bool single_copy = true;         // cma above the threshold (Open MPI's default) or never
  std::uint64_t threshold = 4096;  // first size by single copy (the eager limit)
  bool operator==(const Choice&) const = default;
};

// The choice settings_for makes from an analysis.
Choice choice_of(const Analysis& analysis);

// Predicted efficiency of `choice` in the regime of `analysis`: at every size both cma-read and
// the baseline shm-copy series were measured, the median bandwidth of the path the choice takes
// divided by the better of the two; the geometric mean over those sizes. NaN without such sizes.
double efficiency_of(const Choice& choice, const results::Results& results,
                     const Analysis& analysis);

// The settings and, when regimes were seen that call for different settings, the trade-off.
struct TuneResult {
  results::Tuned tuned;
  std::vector<std::string> tradeoff;  // lines to print; empty with one regime or agreement
};

// Settings per regime; where the regimes disagree, the regime's settings with the best worst-case
// efficiency over the regimes seen (efficiency_of), the trade-off said in `tradeoff` and appended
// to the reasons.
TuneResult tune_regimes(const results::Results& results);

// The settings for every stack, from the analysis: one decision (mechanism, threshold, fragment
// sizes), then each stack's parameters by their rules in crossmem/mpi_stacks.hpp. Settings that
// keep a default say so with a reason starting with kDefaultKept.
results::Tuned settings_for(const Analysis& analysis);

// tune_regimes(results).tuned.
results::Tuned tune(const results::Results& results);

// The eager limit vader gets for a crossover estimate: the smallest power of two >= estimate
// (so messages at the first size where single copy was faster go by rendezvous and the size
// below stays eager), kept within [kVaderFragmentMin, kVaderFragmentMax].
std::uint64_t vader_eager_limit(std::uint64_t estimate_bytes);

// The largest max-send size <= `bytes` that vader starts with next to `eager_limit`: a power of
// two within [kVaderFragmentMin, kVaderFragmentMax] with eager_limit + it <= kVaderFragmentSumMax.
std::uint64_t vader_max_send_size(std::uint64_t bytes, std::uint64_t eager_limit);

bool is_default_kept(const results::TunedSetting& setting);

}  // namespace crossmem::tune
