// crossmem-bench's execution order: every case in paired rounds, each repetition bracketed by the
// handoff probe and run on buffers allocated afresh, the rounds kept as the regime policy says
// (rounds.hpp), and the repetitions classified into host regimes after the run.
//
// Google Benchmark stays the runner: each repetition is one benchmark registered alone and run by
// RunSpecifiedBenchmarks into a collecting reporter (the first repetition of a case finds its
// iteration count as --benchmark_min_time says; the later ones reuse it). The kept repetitions and
// their aggregates (mean, median, stddev, cv, over the kept repetitions of each case) come back as
// Google Benchmark runs, for its JSON reporter.
//
// Fields added to each repetition: round (its round in the group), handoff_before_ns and
// handoff_after_ns (the probes around it, each the median of five parts of the probe's round trips;
// handoff_ns is the larger), regime_ns (the median handoff
// of its regime, 0 when unstable), unstable (its two probes fall into different regimes),
// mixed_round (its round saw more than one regime and was kept anyway), layout (id of its buffer
// allocation), involuntary and preempt_excess (set by the case itself).
#pragma once

#include <benchmark/benchmark.h>

#include <string>
#include <utility>
#include <vector>

#include "crossmem/bench/contention_suite.hpp"
#include "crossmem/bench/rounds.hpp"
#include "crossmem/bench/suite.hpp"

namespace crossmem::bench {

// A reporter that keeps every run Google Benchmark reports, in order, and prints nothing.
class Collector : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& reported) override {
    runs.insert(runs.end(), reported.begin(), reported.end());
  }
  std::vector<Run> runs;
};

struct SweepPlan {
  SuiteConfig config;
  bool pingpong = true;          // the two-process cases (and loops, when config.loops)
  ContentionOptions contention;  // contention cases, when it names workloads
  // A Google Benchmark filter: a regular expression (POSIX extended) searched in
  // "<case>/manual_time", "-" first to negate; "" or "all": every case.
  std::string filter;
};

// The cases of `plan` after its filter, as Google Benchmark would list them. Throws InvalidInput
// (bad contention options, bad filter).
std::vector<std::string> sweep_case_names(const SweepPlan& plan);

struct SweepResult {
  std::vector<benchmark::BenchmarkReporter::Run> runs;  // per case: repetitions, then aggregates
  std::vector<std::pair<std::string, std::string>> context;  // the crossmem.regime... keys
  std::size_t cases = 0;
};

// Runs `plan` as `budget` says, giving `display` each case's repetitions and aggregates (one
// ReportRuns call per case) as its group finishes; its ReportContext is called first, Finalize is
// left to the caller. Throws InvalidInput as sweep_case_names.
SweepResult run_sweep(const SweepPlan& plan, const RoundBudget& budget,
                      benchmark::BenchmarkReporter& display);

// Classifies the probes of every repetition in `runs` (stats::classify with `gap`) and sets
// regime_ns and unstable on each; returns the crossmem.regimes JSON array (regime_ns, share of the
// repetitions, repetitions) of the regimes that hold at least one stable repetition. Runs with an
// error or without probes are left alone.
std::string annotate_regimes(std::vector<benchmark::BenchmarkReporter::Run>& runs, double gap);

// mean, median, stddev and cv of `reps` (repetitions of one case, errors left out), as Google
// Benchmark computes them; none with fewer than two. The round and layout fields are not
// aggregated.
std::vector<benchmark::BenchmarkReporter::Run> aggregate_runs(
    const std::vector<benchmark::BenchmarkReporter::Run>& reps);

}  // namespace crossmem::bench
