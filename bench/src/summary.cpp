#include "crossmem/bench/summary.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <sstream>

#include "cases.hpp"
#include "crossmem/schema/fields.hpp"
#include "crossmem/schema/skip.hpp"
#include "crossmem/sizes.hpp"
#include "crossmem/stats/summary.hpp"

namespace crossmem::bench {
namespace {

struct Cell {
  std::vector<double> latency_ns;
  std::vector<double> bytes_per_second;
};

// One regime's cells: variant -> size -> samples.
using Cells = std::map<std::string, std::map<std::uint64_t, Cell>>;

void print_tables(std::ostream& out, const std::vector<std::string>& order, Cells& cells) {
  std::vector<std::string> cols;
  std::set<std::uint64_t> sizes;
  for (const std::string& v : order) {
    if (!cells.count(v)) continue;
    cols.push_back(v);
    for (const auto& [size, cell] : cells[v]) sizes.insert(size);
  }
  if (cols.empty()) return;
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
        auto it = cells[c].find(size);
        char cell[64] = "-";
        if (it != cells[c].end()) std::snprintf(cell, sizeof cell, "%.3f", value(it->second));
        out << std::string(width - std::min(width - 1, std::strlen(cell)), ' ') << cell;
      }
      out << "\n";
    }
  };
  table(
      "Latency, microseconds: one-way for ping-pong, per round or reduce for the other "
      "workloads (median of repetitions)",
      [](const Cell& c) { return stats::median(c.latency_ns) / 1e3; });
  table("Bandwidth, GB/s = 1e9 bytes/s (median of repetitions)",
        [](const Cell& c) { return stats::median(c.bytes_per_second) / 1e9; });
}

}  // namespace

void SummaryReporter::summarize(const std::vector<Run>& runs) {
  std::vector<std::string> order;
  std::map<double, Cells> regimes;  // regime_ns (0: unknown) -> cells
  std::map<double, std::size_t> members;
  std::map<std::string, std::string> skipped;  // variant -> reason
  std::size_t unstable = 0, total = 0;
  failures_ = 0;
  for (const Run& run : runs) {
    if (run.run_type != Run::RT_Iteration) continue;
    auto [variant, size, set] = detail::case_label(run.benchmark_name());
    if (std::find(order.begin(), order.end(), variant) == order.end()) order.push_back(variant);
    if (run.error_occurred) {
      if (schema::is_failure(run.error_message)) ++failures_;
      skipped[variant] = run.error_message;
      continue;
    }
    auto get = [&](const char* key) {
      auto it = run.counters.find(key);
      return it == run.counters.end() ? 0.0 : static_cast<double>(it->second);
    };
    ++total;
    if (get(schema::field::unstable) != 0) {
      ++unstable;
      continue;
    }
    const double regime = get(schema::field::regime_ns);
    ++members[regime];
    Cell& cell = regimes[regime][variant][size];
    cell.latency_ns.push_back(get(schema::field::latency_ns));
    cell.bytes_per_second.push_back(get(schema::field::bytes_per_second));
  }
  std::ostream& out = GetOutputStream();
  for (auto& [regime, cells] : regimes) {
    out << "\n";
    if (regime > 0) {
      char head[160];
      std::snprintf(head, sizeof head,
                    "Regime: cache-line handoff %.0f ns (%zu of %zu repetitions); numbers of "
                    "different regimes are not comparable",
                    regime, members[regime], total);
      out << head << "\n";
    } else {
      out << "Regime unknown (" << members[regime] << " of " << total
          << " repetitions without probes)\n";
    }
    print_tables(out, order, cells);
  }
  if (unstable > 0) {
    out << "\n"
        << unstable << " of " << total
        << " repetitions left out of the tables: the host regime changed during them\n";
  }
  if (!skipped.empty()) {
    out << "\nNot measured:\n";
    for (const auto& [variant, reason] : skipped) out << "  " << variant << ": " << reason << "\n";
  }
  out.flush();
}

}  // namespace crossmem::bench
