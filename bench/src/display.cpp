#include "crossmem/bench/display.hpp"

#include <regex.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string_view>

#include "cases.hpp"
#include "crossmem/sizes.hpp"

namespace crossmem::bench {
namespace {

// Google Benchmark's --benchmark_filter: everything for "", "all" or "."; a leading '-' negates;
// otherwise an extended regular expression searched in the name, which ends in "/manual_time".
std::vector<std::string> selected(const std::vector<std::string>& names, std::string filter) {
  if (filter.empty() || filter == "all" || filter == ".") return names;
  bool negate = filter[0] == '-';
  if (negate) filter.erase(0, 1);
  regex_t re;
  if (::regcomp(&re, filter.c_str(), REG_EXTENDED | REG_NOSUB) != 0) return names;
  std::vector<std::string> out;
  for (const std::string& n : names) {
    std::string full = n + "/manual_time";
    bool match = ::regexec(&re, full.c_str(), 0, nullptr, 0) == 0;
    if (match != negate) out.push_back(n);
  }
  ::regfree(&re);
  return out;
}

}  // namespace

const char* DisplayReporter::debug_warning() {
  return "***WARNING*** Library was built as DEBUG. Timings may be affected.";
}

const char* DisplayReporter::debug_note() {
  return "Note: Debian's Google Benchmark is built -O2 with its assertions on (it calls that "
         "DEBUG); crossmem times every batch with its own clock, so its numbers are not affected "
         "(README: \"Google Benchmark built as DEBUG\").";
}

DisplayReporter::DisplayReporter(bool progress, bool aggregates_only, bool color)
    : SummaryReporter(color ? OO_ColorTabular : OO_Tabular),
      progress_(progress),
      aggregates_only_(aggregates_only) {}

bool DisplayReporter::color_terminal() {
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) == 1 && term != nullptr && *term != '\0' &&
         std::string_view(term) != "dumb";
}

std::vector<DisplayReporter::Run> DisplayReporter::console_rows(const std::vector<Run>& runs,
                                                                bool aggregates_only) {
  const auto aggregate = [](const Run& r) { return r.run_type == Run::RT_Aggregate; };
  if (!aggregates_only || std::none_of(runs.begin(), runs.end(), aggregate)) return runs;
  std::vector<Run> rows;
  for (const Run& r : runs) {
    if (aggregate(r) || r.error_occurred) rows.push_back(r);
  }
  return rows;
}

bool DisplayReporter::ReportContext(const Context& context) {
  std::ostream& err = GetErrorStream();
  std::ostringstream text;
  SetErrorStream(&text);
  bool ok = SummaryReporter::ReportContext(context);
  SetErrorStream(&err);
  std::string lines = text.str();
  const std::string warning = debug_warning();
  if (auto at = lines.find(warning); at != std::string::npos) {
    lines.replace(at, warning.size(), debug_note());
  }
  (progress_ ? GetOutputStream() : err) << lines << std::flush;

  if (progress_) {
    planned_ = selected(detail::registered_case_names(), benchmark::GetBenchmarkFilter());
    line_ = std::make_unique<Progress>("sweep", planned_.size());
    if (!planned_.empty()) {
      detail::CaseLabel next = detail::case_label(planned_.front());
      line_->step(0, next.group + " " + format_size(next.size, SizeStyle::compact));
    }
  }
  return ok;
}

void DisplayReporter::end_group() {
  if (group_.empty() || !line_) return;
  std::string what = group_ + ": " + std::to_string(group_cases_ - group_skipped_) + " measured";
  if (group_skipped_ > 0) {
    what += ", " + std::to_string(group_skipped_) + " skipped (" + group_skip_ + ")";
  }
  line_->group(done_, what);
}

void DisplayReporter::ReportRuns(const std::vector<Run>& runs) {
  SummaryReporter::ReportRuns(console_rows(runs, aggregates_only_));
  if (!progress_ || runs.empty()) return;
  detail::CaseLabel label = detail::case_label(runs.front().benchmark_name());
  if (label.set != group_) {
    end_group();
    group_ = label.set;
    group_cases_ = 0;
    group_skipped_ = 0;
  }
  ++done_;
  ++group_cases_;
  for (const Run& run : runs) {
    if (run.run_type == Run::RT_Iteration && run.error_occurred) {
      ++group_skipped_;
      ++skipped_;
      group_skip_ = run.error_message;
      break;
    }
  }
  std::string current;
  if (done_ < planned_.size()) {
    detail::CaseLabel next = detail::case_label(planned_[done_]);
    current = next.group + " " + format_size(next.size, SizeStyle::compact);
  }
  line_->step(done_, current);
}

void DisplayReporter::Finalize() {
  SummaryReporter::Finalize();
  if (!line_) return;
  end_group();
  std::string line =
      "sweep: " + std::to_string(done_) + " cases in " + Progress::clock(line_->elapsed_seconds());
  if (skipped_ > 0) line += ", " + std::to_string(skipped_) + " skipped";
  line_->finish(line);
}

}  // namespace crossmem::bench
