#include "crossmem/bench/summary.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ostream>

#include "cases.hpp"
#include "crossmem/schema/fields.hpp"
#include "crossmem/schema/skip.hpp"
#include "crossmem/sizes.hpp"
#include "crossmem/stats/summary.hpp"

namespace crossmem::bench {
namespace {}  // namespace

void SummaryReporter::ReportRuns(const std::vector<Run>& runs) {
  for (const Run& run : runs) {
    if (run.run_type != Run::RT_Iteration) continue;
    auto [variant, size] = detail::case_label(run.benchmark_name());
    if (std::find(order_.begin(), order_.end(), variant) == order_.end()) order_.push_back(variant);
    if (run.error_occurred) {
      if (schema::is_failure(run.error_message)) ++failures_;
      skipped_[variant] = run.error_message;
      continue;
    }
    auto get = [&](const char* key) {
      auto it = run.counters.find(key);
      return it == run.counters.end() ? 0.0 : static_cast<double>(it->second);
    };
    Cell& cell = cells_[variant][size];
    cell.latency_ns.push_back(get(schema::field::latency_ns));
    cell.bytes_per_second.push_back(get(schema::field::bytes_per_second));
  }
  ConsoleReporter::ReportRuns(runs);
}

void SummaryReporter::Finalize() {
  ConsoleReporter::Finalize();
  std::ostream& out = GetOutputStream();
  std::vector<std::string> cols;
  std::set<std::uint64_t> sizes;
  for (const std::string& v : order_) {
    if (!cells_.count(v)) continue;
    cols.push_back(v);
    for (const auto& [size, cell] : cells_[v]) sizes.insert(size);
  }
  if (!cols.empty()) {
    std::size_t width = 10;
    for (const auto& c : cols) width = std::max(width, c.size() + 1);
    auto table = [&](const char* title, auto value) {
      out << "\n" << title << "\n" << std::string(9, ' ');
      for (const auto& c : cols) out << std::string(width - c.size(), ' ') << c;
      out << "\n";
      for (std::uint64_t size : sizes) {
        std::string label = format_size(size, SizeStyle::compact);
        out << label << std::string(label.size() < 9 ? 9 - label.size() : 1, ' ');
        for (const auto& c : cols) {
          auto it = cells_[c].find(size);
          char cell[64] = "-";
          if (it != cells_[c].end()) std::snprintf(cell, sizeof cell, "%.3f", value(it->second));
          out << std::string(width - std::min(width - 1, std::strlen(cell)), ' ') << cell;
        }
        out << "\n";
      }
    };
    table("One-way latency, microseconds (median of repetitions)",
          [](const Cell& c) { return stats::median(c.latency_ns) / 1e3; });
    table("Bandwidth, GB/s = 1e9 bytes/s (median of repetitions)",
          [](const Cell& c) { return stats::median(c.bytes_per_second) / 1e9; });
  }
  if (!skipped_.empty()) {
    out << "\nNot measured:\n";
    for (const auto& [variant, reason] : skipped_) out << "  " << variant << ": " << reason << "\n";
  }
  out.flush();
}

}  // namespace crossmem::bench
