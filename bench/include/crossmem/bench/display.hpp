// What crossmem-bench shows while it runs. Always: Google Benchmark's console rows and the summary
// table (SummaryReporter) on stdout, with the library's "built as DEBUG" warning replaced by one
// accurate sentence (see README, "Google Benchmark built as DEBUG").
// With `aggregates_only` (--benchmark_display_aggregates_only): of each case, only its aggregates
// and errors are shown (all its rows when it has no aggregates), as Google Benchmark does; what the
// file gets is not the display's business.
// With `progress`: the library's context lines go to stdout with the rest, and stderr gets the
// progress of the sweep (crossmem::Progress: a live line on a terminal, one line per finished
// group of cases elsewhere), so that stdout can go to a file and the terminal stays readable.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "crossmem/bench/summary.hpp"
#include "crossmem/progress.hpp"

namespace crossmem::bench {

class DisplayReporter : public SummaryReporter {
 public:
  // `color`: Google Benchmark's coloured rows (--benchmark_color); tabular counters either way.
  explicit DisplayReporter(bool progress, bool aggregates_only = false, bool color = true);

  // Whether stdout is a terminal that shows colour (--benchmark_color=auto, the default): a tty
  // whose TERM is set and not "dumb".
  static bool color_terminal();

  bool ReportContext(const Context& context) override;
  void ReportRuns(const std::vector<Run>& runs) override;
  void Finalize() override;

  // The line Google Benchmark prints for a library built without NDEBUG, and its replacement.
  static const char* debug_warning();
  static const char* debug_note();

  // The console rows of one case's `runs` (repetitions, errors, then aggregates): every run, or
  // with `aggregates_only` the aggregates and the errors when the case has aggregates.
  static std::vector<Run> console_rows(const std::vector<Run>& runs, bool aggregates_only);

 private:
  void end_group();

  bool progress_;
  bool aggregates_only_;
  std::unique_ptr<Progress> line_;
  std::vector<std::string> planned_;  // names of the cases to run, in order
  std::size_t done_ = 0;
  std::size_t skipped_ = 0;
  std::string group_;  // the group of the last case reported
  std::size_t group_cases_ = 0;
  std::string group_skip_;  // why the group's last skipped case was skipped
  std::size_t group_skipped_ = 0;
};

}  // namespace crossmem::bench
