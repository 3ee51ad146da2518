#include "crossmem/bench/display.hpp"

#include <regex.h>

#include <sstream>

#include "cases.hpp"
#include "crossmem/bench/sizes.hpp"

namespace crossmem::bench {
namespace {

// "pingpong/cma-read/size:4096/procs:2/placement:default/cache:hot/pages:thp/fresh:0/manual_time"
// -> group "cma-read pages:thp", size 4096: axes at their defaults and the placement (one per run)
// are left out, workloads other than ping-pong lead the group.
struct CaseLabel {
  std::string group;
  std::uint64_t size = 0;
  std::string set;  // the comparison group (measured together in paired rounds): "64B", "1MiB thp"
};

CaseLabel label_of(const std::string& name) {
  CaseLabel label;
  std::stringstream in(name);
  std::string part;
  int index = 0;
  std::string workload, axes;
  while (std::getline(in, part, '/')) {
    if (index++ == 0) {
      if (part != "pingpong") label.group = workload = part;
      continue;
    }
    if (part.rfind("size:", 0) == 0) {
      label.size = std::stoull(part.substr(5));
    } else if (part != "procs:2" && part.rfind("placement:", 0) != 0 && part != "cache:hot" &&
               part != "pages:4k" && part != "fresh:0" && part != "manual_time") {
      label.group += (label.group.empty() ? "" : " ") + part;
      const bool axis = part.rfind("procs:", 0) == 0 || part.rfind("cache:", 0) == 0 ||
                        part.rfind("pages:", 0) == 0 || part.rfind("fresh:", 0) == 0 ||
                        part == "oversubscribed:1";
      if (index > 2 && axis) axes += " " + part;  // not the strategy nor its tunables
    }
  }
  label.set = (workload.empty() ? "" : workload + " ") + format_size(label.size) + axes;
  return label;
}

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

DisplayReporter::DisplayReporter(bool progress) : progress_(progress) {}

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
      CaseLabel next = label_of(planned_.front());
      line_->step(0, next.group + " " + format_size(next.size));
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
  SummaryReporter::ReportRuns(runs);
  if (!progress_ || runs.empty()) return;
  CaseLabel label = label_of(runs.front().benchmark_name());
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
    CaseLabel next = label_of(planned_[done_]);
    current = next.group + " " + format_size(next.size);
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
