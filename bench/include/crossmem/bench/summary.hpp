// The console reporter of crossmem-bench: Google Benchmark's console output, then a summary table
// (sizes x strategies) of median one-way latency and bandwidth, and the list of skipped cases.
#pragma once

#include <benchmark/benchmark.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace crossmem::bench {

class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override;
  void Finalize() override;

  // Number of cases that reported an error other than "unsupported".
  int failures() const { return failures_; }

 private:
  struct Cell {
    std::vector<double> latency_ns;
    std::vector<double> bytes_per_second;
  };
  std::map<std::string, std::map<std::uint64_t, Cell>> cells_;  // variant -> size -> samples
  std::vector<std::string> order_;
  std::map<std::string, std::string> skipped_;  // variant -> reason
  int failures_ = 0;
};

}  // namespace crossmem::bench
