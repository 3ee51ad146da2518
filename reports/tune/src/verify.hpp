// Verification on Open MPI 4.1: an MPI ping-pong (crossmem-mpi-pingpong) under
// `mpirun -np 2 --bind-to core --mca pml ob1 --mca btl self,vader`, with Open MPI's defaults,
// btl_vader_single_copy_mechanism none, cma, and the tuned Open MPI 4.1 settings.
//
// Configurations are interleaved per size (default, none, cma, tuned, then the next round or
// size), one mpirun per (size, configuration, round), because the host's speed drifts over
// seconds to minutes. Every mpirun is bracketed by the cache-line handoff probe (crossmem-probe,
// before and after); the probes of the whole verification are classified into host regimes
// (crossmem::stats::classify) and a run whose two probes fall into different regimes is left out
// as unstable. Configurations are compared only within a regime: a configuration's number at a
// size and regime is the median over its repetitions there, and efficiency is computed per size
// and regime. Each run discards a warm-up and reports its timed repetitions. One-way latency is
// half the round trip, bandwidth is size / one-way time (OSU osu_latency conventions). Without
// crossmem-probe, every run is in one unknown regime.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "crossmem/results/extras.hpp"

namespace crossmem::tune {

struct VerifyConfig {
  std::string name;              // default, none, cma, tuned
  std::vector<std::string> mca;  // "--mca", name, value, ...
};

// One finished run of the verification: the `done`-th of `total`.
struct VerifyStep {
  std::size_t done = 0;
  std::size_t total = 0;
  std::uint64_t size = 0;
  std::string config;
  unsigned round = 0;  // 0-based
};

struct VerifyOptions {
  std::vector<std::uint64_t> sizes;  // bytes; default_verify_sizes() when empty
  unsigned repetitions = 3;          // timed repetitions per run (after a warm-up)
  unsigned rounds = 2;               // runs per (size, configuration), interleaved
  std::string mpirun = "mpirun.openmpi";
  std::filesystem::path helper;                      // crossmem-mpi-pingpong
  std::filesystem::path probe;                       // crossmem-probe; empty: find_probe()
  bool use_probe = true;                             // bracket every mpirun with the probe
  double timeout_seconds = 120;                      // per mpirun
  std::function<void(const std::string&)> progress;  // optional, one line per run
  std::function<void(const VerifyStep&)> step;       // optional, after each run
};

// Whether `program` can be executed: a path containing '/' as given, otherwise found in $PATH
// (/usr/bin:/bin when unset).
bool on_path(const std::string& program);

// 1 KiB .. 64 MiB, powers of two.
std::vector<std::uint64_t> default_verify_sizes();

// Parses a size list as crossmem-bench does (crossmem::parse_sizes), smallest first.
// Throws InvalidInput.
std::vector<std::uint64_t> parse_size_list(const std::string& text);

// default, none, cma, and tuned (every Open MPI 4.1 setting of `tuned`, in order).
std::vector<VerifyConfig> verify_configs(const results::Tuned& tuned);

// Round trips per repetition for a message size: about 32 MiB moved each way, 4..2000.
std::uint64_t iterations_for(std::uint64_t size);

// The mpirun command line for one run.
std::vector<std::string> mpirun_command(const VerifyOptions& options, const VerifyConfig& config,
                                        std::uint64_t size, bool as_root);

// One-way times (ns) from crossmem-mpi-pingpong's output ("oneway_ns <value>" lines).
// Throws std::runtime_error when there is none or one is malformed.
std::vector<double> parse_oneway_ns(const std::string& output);

// Times per reduce (ns) from crossmem-mpi-pingpong reduce's output ("reduce_ns <value>" lines).
// Throws std::runtime_error when there is none or one is malformed.
std::vector<double> parse_reduce_ns(const std::string& output);

// Rows from per-(size, config) one-way samples, and per-size efficiency = tuned bandwidth / best
// bandwidth of the other configurations.
// With probes, samples are first classified by regime (see above); samples without probe values are
// in the unknown regime (0).
struct VerifySample {
  std::uint64_t size = 0;
  std::string config;
  std::vector<double> oneway_ns;
  double probe_before_ns = 0;  // 0: not probed
  double probe_after_ns = 0;
};
results::Verify summarize_verify(const std::vector<VerifySample>& samples);

// The handoff value from crossmem-probe's output (the median of its "handoff_ns" array).
// Throws std::runtime_error when the output is not that JSON.
double parse_probe_output(const std::string& output);

// Where crossmem-probe is: next to the running executable, else the path it was built at; empty
// when neither exists.
std::filesystem::path find_probe();

// Where crossmem-mpi-pingpong is: next to the running executable, else the path it was built at.
// Throws Unsupported when neither exists.
std::filesystem::path find_helper();

// Runs every configuration at every size. Throws Unsupported when mpirun or the helper is
// missing, std::runtime_error when a run fails (with the first lines of its output).
results::Verify run_verify(const results::Tuned& tuned, const VerifyOptions& options);

// The MPI_Reduce anchor (crossmem-tune --reduce-anchor): Open MPI's own MPI_Reduce, sum of
// doubles in place at root 0, the shape of crossmem-bench's reduce workload, under the same
// mpirun as the verification with btl_vader_single_copy_mechanism none and cma, interleaved per
// size and round like the verification. A configuration's number at a size is the median time
// per reduce over all its repetitions; bytes_per_second counts (procs - 1) x size per reduce, as
// crossmem-bench does.

// 4 KiB .. 64 MiB, powers of two.
std::vector<std::uint64_t> default_reduce_anchor_sizes();
// none, cma.
std::vector<VerifyConfig> reduce_anchor_configs();
// The mpirun command line for one reduce run of `procs` ranks.
std::vector<std::string> reduce_anchor_command(const VerifyOptions& options,
                                               const VerifyConfig& config, std::uint64_t size,
                                               int procs, bool as_root);
// Runs both configurations at every size of `options` (default_reduce_anchor_sizes() when empty).
// Throws InvalidInput for a size that is not a multiple of 8, Unsupported when mpirun or the
// helper is missing, std::runtime_error when a run fails.
results::ReduceAnchor run_reduce_anchor(const VerifyOptions& options, int procs);

}  // namespace crossmem::tune
