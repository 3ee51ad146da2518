// The console reporter of crossmem-bench: Google Benchmark's console output as the repetitions
// come, then (summarize) a summary table (sizes x strategies) of median one-way latency and
// bandwidth for each host regime, and the list of skipped cases.
#pragma once

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace crossmem::bench {

class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  explicit SummaryReporter(OutputOptions options = OO_Defaults) : ConsoleReporter(options) {}

  // Prints the tables of `runs` (repetitions with their regime_ns; a repetition without one is of
  // an unknown regime, an unstable one is left out and counted) and the cases not measured.
  void summarize(const std::vector<Run>& runs);

  // Number of cases that reported an error other than "unsupported" or "interrupted" (after
  // summarize).
  int failures() const { return failures_; }

 private:
  int failures_ = 0;
};

}  // namespace crossmem::bench
