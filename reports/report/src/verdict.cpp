#include "verdict.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "crossmem/results/name.hpp"
#include "crossmem/schema/fields.hpp"
#include "crossmem/stats/summary.hpp"
#include "format.hpp"

namespace crossmem::report {
namespace {

constexpr std::size_t kMaxBands = 5;
constexpr std::size_t kMaxCrossovers = 3;
constexpr std::size_t kMaxSkips = 3;

std::string size_text(std::uint64_t bytes) {
  return results::format_size(bytes);
}

bool overlaps(const results::Spread& a, const results::Spread& b) {
  return !(a.low > b.high || b.low > a.high);
}

const GroupView* primary_group(const SourceView& source) {
  for (const GroupView& g : source.groups)
    if (g.key.workload == "pingpong") return &g;
  return nullptr;
}

std::string ratio(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fx", r);
  return buf;
}

}  // namespace

std::vector<Band> fastest_bands(const GroupView& group) {
  std::vector<Band> bands;
  for (std::uint64_t size : group.sizes) {
    const Series* best = nullptr;
    const Summary* best_summary = nullptr;
    const Summary* second = nullptr;
    for (const Series& s : group.series) {
      if (s.info != nullptr && s.info->reference) continue;  // as the run's listing says
      auto it = s.by_size.find(size);
      if (it == s.by_size.end()) continue;
      double bw = it->second->spread(schema::field::bytes_per_second).median;
      if (std::isnan(bw)) continue;
      if (!best_summary || bw > best_summary->spread(schema::field::bytes_per_second).median) {
        second = best_summary;
        best = &s;
        best_summary = it->second;
      } else if (!second || bw > second->spread(schema::field::bytes_per_second).median) {
        second = it->second;
      }
    }
    if (!best) continue;
    bool close = second && overlaps(best_summary->spread(schema::field::bytes_per_second),
                                    second->spread(schema::field::bytes_per_second));
    if (bands.empty() || bands.back().winner != best->label) {
      Band b;
      b.from = size;
      b.winner = best->label;
      b.latency_ns_from = best_summary->spread(schema::field::latency_ns).median;
      bands.push_back(b);
    }
    bands.back().to = size;
    bands.back().close = bands.back().close || close;
    bands.back().bandwidth_to = best_summary->spread(schema::field::bytes_per_second).median;
  }
  return bands;
}

std::vector<std::pair<std::uint64_t, double>> tuned_gain(const results::Verify& verify) {
  std::vector<std::pair<std::uint64_t, double>> out;
  std::set<std::uint64_t> sizes;
  for (const auto& row : verify.rows) sizes.insert(row.size);
  for (std::uint64_t size : sizes) {
    double tuned = 0, base = 0;
    for (const auto& row : verify.rows) {
      if (row.size != size) continue;
      if (row.config == "tuned") tuned = row.bandwidth_Bps;
      if (row.config == "default") base = row.bandwidth_Bps;
    }
    if (tuned > 0 && base > 0) out.emplace_back(size, tuned / base);
  }
  return out;
}

std::vector<std::string> verdict_lines(const Model& model) {
  std::vector<std::string> lines;
  std::vector<std::string> elsewhere;
  // Where the host regimes disagree, that comes first: the rest holds in one regime only.
  if (!model.disagreement_sentences.empty()) lines.push_back(model.disagreement_sentences.front());
  for (const SourceView& source : model.sources) {
    const GroupView* group = primary_group(source);
    std::string who = model.sources.size() > 1 ? model.source(source.index).label + ", " : "";
    if (!group) {
      if (!source.groups.empty()) elsewhere.push_back(who + "contention workloads");
      continue;
    }
    lines.push_back("Fastest (" + who + results::format_group(group->key) +
                    "; references left out):");
    std::vector<Band> bands = fastest_bands(*group);
    for (std::size_t i = 0; i < bands.size() && i < kMaxBands; ++i) {
      const Band& b = bands[i];
      std::string range =
          b.from == b.to ? size_text(b.from) : size_text(b.from) + " - " + size_text(b.to);
      // Latency at the band's first size; bandwidth at its last, where it means something.
      std::string numbers = usec(b.latency_ns_from) + " us at " + size_text(b.from);
      if (b.to >= 4096) numbers += ", " + gbps(b.bandwidth_to) + " GB/s at " + size_text(b.to);
      char buf[256];
      std::snprintf(buf, sizeof buf, "  %-18s %s%-16s %s", range.c_str(), b.close ? "~" : " ",
                    b.winner.c_str(), numbers.c_str());
      lines.push_back(buf);
    }
    if (bands.size() > kMaxBands) {
      lines.push_back("  ... " + std::to_string(bands.size() - kMaxBands) +
                      " more bands (the lead changes often: see the report)");
    }
    if (bands.empty()) lines.push_back("  no single-copy or double-copy strategy was measured");

    std::vector<std::string> found;
    std::size_t other = 0;
    for (const results::Crossover& c : model.crossovers) {
      if (c.group != group->key) continue;
      if (c.status != results::CrossoverStatus::found) {
        ++other;
        continue;
      }
      found.push_back(series_label(c.strategy, c.tunables) + " " +
                      std::string(results::to_string(c.direction)) + " " + c.baseline + " at ~" +
                      size_text(c.estimate_bytes) + " [" + size_text(c.lower_bytes) + ", " +
                      size_text(c.upper_bytes) + "]");
    }
    if (found.empty()) {
      lines.push_back("Crossovers: none found (" + std::to_string(other) +
                      " comparisons without a clear change of lead)");
    } else {
      for (std::size_t i = 0; i < found.size() && i < kMaxCrossovers; ++i) {
        lines.push_back((i == 0 ? "Crossovers: " : "            ") + found[i]);
      }
      if (found.size() > kMaxCrossovers) {
        lines.push_back("            and " + std::to_string(found.size() - kMaxCrossovers) +
                        " more in the report");
      }
    }
    for (const GroupView& g : source.groups) {
      if (&g != group) elsewhere.push_back(who + results::format_group(g.key));
    }
    std::size_t shown = 0;
    for (const SkipRow& skip : source.skips) {
      if (shown++ == kMaxSkips) {
        lines.push_back("Skipped: " + std::to_string(source.skips.size() - kMaxSkips) +
                        " more in the report");
        break;
      }
      lines.push_back("Skipped: " + skip.strategy + ": " + skip.reason +
                      (skip.remedy.empty() ? "" : " (" + skip.remedy + ")"));
    }
  }

  if (model.tuned) {
    std::string mca;
    for (const auto& s : model.tuned->settings) {
      if (s.stack == "openmpi-4.1") mca += " --mca " + s.name + " " + s.value;
    }
    if (!mca.empty()) lines.push_back("Open MPI 4.1 settings: mpirun" + mca);
  }
  if (model.verify) {
    auto gains = tuned_gain(*model.verify);
    if (!gains.empty()) {
      std::vector<double> r;
      for (const auto& [size, g] : gains) r.push_back(g);
      auto [lo, hi] =
          std::minmax_element(gains.begin(), gains.end(),
                              [](const auto& a, const auto& b) { return a.second < b.second; });
      lines.push_back("Measured on Open MPI: tuned / default bandwidth " + ratio(stats::median(r)) +
                      " (median of " + std::to_string(gains.size()) + " sizes; " +
                      ratio(lo->second) + " at " + size_text(lo->first) + " to " +
                      ratio(hi->second) + " at " + size_text(hi->first) + ")");
    }
  } else if (model.tuned) {
    lines.push_back("Open MPI verification: not run (crossmem tune --verify)");
  }
  if (!elsewhere.empty()) {
    std::string text = "Also measured, in the report: " + elsewhere.front();
    if (elsewhere.size() > 1) text += " and " + std::to_string(elsewhere.size() - 1) + " more";
    lines.push_back(text);
  }
  return lines;
}

std::string render_verdict(const Model& model) {
  std::string text;
  for (const std::string& line : verdict_lines(model)) text += line + "\n";
  return text;
}

}  // namespace crossmem::report
