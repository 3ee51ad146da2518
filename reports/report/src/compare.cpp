#include "compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "crossmem/error.hpp"
#include "crossmem/results/name.hpp"
#include "crossmem/results/summary.hpp"
#include "crossmem/schema/fields.hpp"
#include "crossmem/stats/mann_whitney.hpp"
#include "crossmem/stats/regime.hpp"
#include "format.hpp"

namespace crossmem::report {

namespace {

using results::Axes;
using results::kUnknownRegime;
using results::kUnstableRegime;
using results::Results;

// Regimes a run saw: crossmem.regimes when present, else counted from the repetitions.
std::vector<results::RegimeInfo> regimes_of(const Results& run) {
  if (run.sources.empty()) return {};
  if (!run.sources.front().regimes.empty()) return run.sources.front().regimes;
  std::map<double, std::uint64_t> counted;
  for (const auto& m : run.measurements) {
    if (m.regime() > 0) ++counted[m.regime()];
  }
  std::vector<results::RegimeInfo> out;
  for (const auto& [regime, n] : counted) {
    out.push_back(
        {regime, static_cast<double>(n) / static_cast<double>(run.measurements.size()), n});
  }
  return out;
}

std::string regimes_line(const std::vector<results::RegimeInfo>& regimes) {
  if (regimes.empty()) return "one unknown regime (no regime fields)";
  std::string out;
  for (const auto& r : regimes) {
    out += (out.empty() ? "" : ", ") + results::format_regime(r.regime_ns) + " (" +
           sig3(r.share * 100) + "%)";
  }
  return out;
}

// Smallest two-sided p-value the exact test can give for samples of m and n values.
double smallest_p(std::size_t m, std::size_t n) {
  double ways = 1;  // C(m + n, m)
  for (std::size_t i = 1; i <= m; ++i) {
    ways = ways * static_cast<double>(n + i) / static_cast<double>(i);
  }
  return std::min(1.0, 2 / ways);
}

std::string regime_cell(double regime_ns) {
  if (regime_ns == kUnknownRegime) return "unknown";
  return fmt::format("{:.0f} ns", regime_ns);
}

std::string value_cell(const results::Spread& s, double scale) {
  if (s.n == 0) return "-";
  return sig3(s.median / scale) + " (" + sig3(s.low / scale) + "-" + sig3(s.high / scale) + ")";
}

double scale_of(const std::string& counter) {
  if (counter.find(schema::field::bytes_per_second) != std::string::npos) return 1e9;
  if (counter.ends_with("_ns")) return 1e3;
  return 1;
}

std::string unit_of(const std::string& counter) {
  if (counter.find(schema::field::bytes_per_second) != std::string::npos) return "GB/s";
  if (counter.ends_with("_ns")) return "µs";
  return "";
}

struct Table {
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;
};

Table table_of(const Comparison& c) {
  std::string unit = unit_of(c.counter);
  std::string what = c.counter + (unit.empty() ? "" : " (" + unit + ")");
  Table t;
  t.head = {"case",        "regime old", "regime new", "old " + what,
            "new " + what, "new/old",    "p",          "verdict"};
  double scale = scale_of(c.counter);
  for (const auto& r : c.rows) {
    t.rows.push_back({results::format_benchmark_name(r.axes), regime_cell(r.old_regime_ns),
                      regime_cell(r.new_regime_ns), value_cell(r.old_spread, scale),
                      value_cell(r.new_spread, scale), fmt::format("{:.3f}", r.ratio),
                      fmt::format("{:.3g}", r.p_value),
                      r.note.empty() ? r.verdict : r.verdict + " (" + r.note + ")"});
  }
  return t;
}

std::string summary_line(const Comparison& c) {
  std::size_t equal = 0, different = 0, undecided = 0;
  for (const auto& r : c.rows) {
    if (r.verdict == "equal") ++equal;
    if (r.verdict == "different") ++different;
    if (r.verdict == "undecided") ++undecided;
  }
  std::string out = fmt::format("{} cases compared: {} equal, {} different, {} undecided",
                                c.rows.size(), equal, different, undecided);
  if (c.only_old + c.only_new > 0) {
    out += fmt::format("; without a counterpart in the same regime: {} in OLD, {} in NEW",
                       c.only_old, c.only_new);
  }
  return out;
}

}  // namespace

Comparison compare_runs(const Results& old_run, const Results& new_run,
                        const CompareOptions& options) {
  Comparison c;
  c.counter = options.counter;
  c.old_label = old_run.sources.empty() ? "OLD" : old_run.sources.front().label;
  c.new_label = new_run.sources.empty() ? "NEW" : new_run.sources.front().label;

  auto old_regimes = regimes_of(old_run), new_regimes = regimes_of(new_run);
  c.regime_notes.push_back("OLD " + c.old_label + ": " + regimes_line(old_regimes));
  c.regime_notes.push_back("NEW " + c.new_label + ": " + regimes_line(new_regimes));
  auto unmatched = [](const std::vector<results::RegimeInfo>& mine,
                      const std::vector<results::RegimeInfo>& other) {
    std::vector<const results::RegimeInfo*> out;
    for (const auto& r : mine) {
      bool found = std::any_of(other.begin(), other.end(), [&r](const auto& o) {
        return stats::same_regime(r.regime_ns, o.regime_ns);
      });
      if (!found) out.push_back(&r);
    }
    return out;
  };
  auto old_only = unmatched(old_regimes, new_regimes);
  auto new_only = unmatched(new_regimes, old_regimes);
  if (old_regimes.empty() != new_regimes.empty()) {
    c.regimes_differ = true;
    c.regime_notes.push_back(
        "Only one of the two runs records regimes: its cases are compared with the other run's "
        "unknown regime, which may be a different one.");
  } else if (!old_only.empty() || !new_only.empty()) {
    c.regimes_differ = true;
    std::string text = "The two runs saw different regimes:";
    for (const auto* r : old_only) {
      text += " " + results::format_regime(r->regime_ns) + " only in OLD;";
    }
    for (const auto* r : new_only) {
      text += " " + results::format_regime(r->regime_ns) + " only in NEW;";
    }
    text.back() = '.';
    c.regime_notes.push_back(text + " Cases measured there have no counterpart.");
  } else if (!old_regimes.empty()) {
    c.regime_notes.push_back("Both runs saw the same regimes.");
  }

  // (case, regime) -> values of the counter.
  using Samples = std::map<std::pair<Axes, double>, std::vector<double>>;
  auto samples_of = [&options](const Results& run) {
    Samples out;
    for (const auto& m : run.measurements) {
      double regime = m.regime();
      double v = m.counter(options.counter);
      if (regime == kUnstableRegime || !std::isfinite(v)) continue;
      out[{m.axes, regime}].push_back(v);
    }
    return out;
  };
  Samples old_samples = samples_of(old_run), new_samples = samples_of(new_run);

  // The partner of (axes, regime) among the other run's samples of the same case.
  // Known regimes pair with the nearest same regime (log scale); an unknown regime with the
  // other side's largest sample of the case.
  auto partner = [](const Samples& other, const Axes& axes,
                    double regime) -> const Samples::value_type* {
    const Samples::value_type* best = nullptr;
    double best_distance = INFINITY;
    for (auto it = other.lower_bound({axes, -INFINITY});
         it != other.end() && it->first.first == axes; ++it) {
      double r = it->first.second;
      if (regime == kUnknownRegime || r == kUnknownRegime) {
        if (best == nullptr || it->second.size() > best->second.size()) best = &*it;
        continue;
      }
      if (!stats::same_regime(regime, r)) continue;
      double distance = std::fabs(std::log(r / regime));
      if (distance < best_distance) {
        best_distance = distance;
        best = &*it;
      }
    }
    return best;
  };
  std::map<std::pair<Axes, double>, bool> new_used;
  for (const auto& [key, old_values] : old_samples) {
    const auto& [axes, old_regime] = key;
    const auto* match = partner(new_samples, axes, old_regime);
    if (match == nullptr) {
      ++c.only_old;
      continue;
    }
    // Pairs are mutual: the partner's own partner among OLD's samples must be this one (an
    // unknown regime against known ones pairs with their largest sample only).
    const auto* back = partner(old_samples, axes, match->first.second);
    if (back != nullptr && back->first != key) {
      ++c.only_old;
      continue;
    }
    new_used[match->first] = true;
    CompareRow row;
    row.axes = axes;
    row.old_regime_ns = old_regime;
    row.new_regime_ns = match->first.second;
    row.old_spread = results::spread_of(old_values);
    row.new_spread = results::spread_of(match->second);
    row.ratio = row.new_spread.median / row.old_spread.median;
    auto test = stats::mann_whitney(old_values, match->second);
    row.p_value = test.p_value;
    double effect = row.ratio >= 1 ? row.ratio - 1 : 1 / row.ratio - 1;
    if (!std::isfinite(effect)) {
      row.verdict = "undecided";
      row.note = "no positive median";
    } else if (effect < options.min_effect) {
      row.verdict = "equal";
      row.note = fmt::format("medians within {:.0f}%", options.min_effect * 100);
    } else if (test.p_value < options.alpha) {
      row.verdict = "different";
    } else if (smallest_p(old_values.size(), match->second.size()) < options.alpha) {
      row.verdict = "equal";
      row.note = fmt::format("p >= {:g}", options.alpha);
    } else {
      row.verdict = "undecided";
      row.note = "too few repetitions for the test";
    }
    if ((old_regime == kUnknownRegime) != (row.new_regime_ns == kUnknownRegime)) {
      row.note += std::string(row.note.empty() ? "" : "; ") +
                  (old_regime == kUnknownRegime ? "OLD" : "NEW") + " has no regime fields";
    }
    c.rows.push_back(std::move(row));
  }
  for (const auto& [key, values] : new_samples) {
    if (!new_used.contains(key)) ++c.only_new;
  }
  return c;
}

Comparison compare_files(const std::string& old_file, const std::string& new_file,
                         const CompareOptions& options) {
  Results old_run = results::load_results({old_file});
  Results new_run = results::load_results({new_file});
  return compare_runs(old_run, new_run, options);
}

std::string render_compare_text(const Comparison& c) {
  std::string out;
  for (const auto& note : c.regime_notes) out += note + "\n";
  out += summary_line(c) + "\n\n";
  Table t = table_of(c);
  std::vector<std::size_t> width(t.head.size(), 0);
  auto cells = [](const std::string& s) {
    // Display width: count UTF-8 lead bytes only.
    std::size_t n = 0;
    for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    return n;
  };
  for (std::size_t i = 0; i < t.head.size(); ++i) width[i] = cells(t.head[i]);
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], cells(row[i]));
  }
  auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (std::size_t i = 0; i < row.size(); ++i) {
      text += row[i];
      if (i + 1 < row.size()) text += std::string(width[i] - cells(row[i]) + 2, ' ');
    }
    return text + "\n";
  };
  out += line(t.head);
  for (const auto& row : t.rows) out += line(row);
  return out;
}

std::string render_compare_markdown(const Comparison& c) {
  std::string out = "# crossmem comparison\n\n";
  for (const auto& note : c.regime_notes) out += "- " + md_escape(note) + "\n";
  out += "\n" + summary_line(c) + "\n\n";
  Table t = table_of(c);
  auto line = [](const std::vector<std::string>& row) {
    std::string text = "|";
    for (const auto& cell : row) {
      text += ' ';
      text += md_escape(cell);
      text += " |";
    }
    return text + "\n";
  };
  out += line(t.head) + "|";
  for (std::size_t i = 0; i < t.head.size(); ++i) out += " --- |";
  out += "\n";
  for (const auto& row : t.rows) out += line(row);
  return out;
}

}  // namespace crossmem::report
