#include "plots.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <stdexcept>

#include "crossmem/error.hpp"
#include "crossmem/results/name.hpp"
#include "crossmem/schema/fields.hpp"
#include "format.hpp"
#include "process.hpp"

namespace crossmem::report {

namespace fs = std::filesystem;

namespace {

constexpr int kWidth = 960;
constexpr int kHeight = 560;
constexpr const char* kSpreadNote = "error bars: p10..p90 (min..max below 5 repetitions)";

constexpr std::array<const char*, 12> kColors = {"#4d4d4d", "#999999", "#8c564b", "#d62728",
                                                 "#9467bd", "#1f77b4", "#17becf", "#2ca02c",
                                                 "#ff7f0e", "#e377c2", "#bcbd22", "#7f7f7f"};

std::string color_of(int rank) {
  return kColors[static_cast<std::size_t>(rank) % kColors.size()];
}

// The in-process series of a group (memcpy), the copy ceiling fractions refer to.
const Series* in_process_series(const GroupView& g) {
  for (const Series& s : g.series) {
    if (s.in_process()) return &s;
  }
  return nullptr;
}

std::string value(double v) {
  return std::isfinite(v) ? fmt::format("{:.6g}", v) : "?";
}

void write_file(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw SystemError(errno ? errno : EIO, "writing " + file.string());
}

std::string size_tics(const std::vector<std::uint64_t>& sizes) {
  std::size_t step = std::max<std::size_t>(1, (sizes.size() + 9) / 10);
  std::string tics;
  for (std::size_t i = 0; i < sizes.size(); i += step) {
    if (!tics.empty()) tics += ", ";
    tics += gp_quote(results::format_size(sizes[i])) + " " + std::to_string(sizes[i]);
  }
  return "set xtics (" + tics + ")\n";
}

std::string size_range(const std::vector<std::uint64_t>& sizes) {
  return fmt::format("set xrange [{}:{}]\n", static_cast<double>(sizes.front()) / 1.5,
                     static_cast<double>(sizes.back()) * 1.5);
}

// Writes stem.gp drawing `body` twice, to stem.png and stem.svg, runs gnuplot and checks both.
void render(const fs::path& dir, const std::string& stem, const std::string& body, int width,
            int height) {
  std::string script = "set encoding utf8\n";
  script +=
      fmt::format("set terminal pngcairo size {},{} noenhanced font 'sans,10'\n", width, height);
  script += "set output '" + stem + ".png'\n" + body + "\n";
  script +=
      fmt::format("set terminal svg size {},{} noenhanced font 'sans,10' background rgb 'white'\n",
                  width, height);
  script += "set output '" + stem + ".svg'\n" + body + "\nunset output\n";
  write_file(dir / (stem + ".gp"), script);

  ProcessResult r = run_process({"gnuplot", stem + ".gp"}, dir);
  if (!r.started) {
    throw SystemError(ENOENT, "running gnuplot (install the gnuplot-nox package)");
  }
  auto last_line = [&r]() {
    std::string out = r.output;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    std::size_t nl = out.rfind('\n');
    return nl == std::string::npos ? out : out.substr(nl + 1);
  };
  if (r.exit_code != 0) {
    throw std::runtime_error("gnuplot failed on " + (dir / (stem + ".gp")).string() + " (exit " +
                             std::to_string(r.exit_code) + "): " + last_line());
  }
  for (const char* ext : {".png", ".svg"}) {
    fs::path file = dir / (stem + ext);
    std::error_code ec;
    if (!fs::exists(file, ec) || fs::file_size(file, ec) == 0) {
      throw std::runtime_error("gnuplot did not write " + file.string() + ": " + last_line());
    }
  }
}

std::string common_settings() {
  return "set datafile missing '?'\nset grid\nset key outside right top\nset logscale x\n"
         "set xlabel 'message size'\n";
}

// One data file per series with columns: size, latency median/low/high (us), bandwidth
// median/low/high (GB/s), fraction of the in-process copy (memcpy) median/low/high.
std::vector<std::string> write_group_data(const GroupView& g, const fs::path& dir) {
  const Series* memcpy_series = in_process_series(g);
  std::vector<std::string> files;
  for (std::size_t k = 0; k < g.series.size(); ++k) {
    const Series& s = g.series[k];
    std::string text =
        "# size lat_med_us lat_low lat_high bw_med_GBps bw_low bw_high "
        "frac_med frac_low frac_high  (" +
        s.label + ")\n";
    for (const auto& [size, summary] : s.by_size) {
      results::Spread lat = summary->spread(schema::field::latency_ns);
      results::Spread bw = summary->spread(schema::field::bytes_per_second);
      double ceiling = std::nan("");
      if (memcpy_series != nullptr) {
        auto it = memcpy_series->by_size.find(size);
        if (it != memcpy_series->by_size.end()) {
          ceiling = it->second->spread(schema::field::bytes_per_second).median;
        }
      }
      text += fmt::format("{} {} {} {} {} {} {} {} {} {}\n", size, value(lat.median / 1e3),
                          value(lat.low / 1e3), value(lat.high / 1e3), value(bw.median / 1e9),
                          value(bw.low / 1e9), value(bw.high / 1e9), value(bw.median / ceiling),
                          value(bw.low / ceiling), value(bw.high / ceiling));
    }
    std::string name = g.id + "-" + std::to_string(k) + ".dat";
    write_file(dir / name, text);
    files.push_back(name);
  }
  return files;
}

std::string line_style(const Series& s, std::size_t variant) {
  std::string style = "lc rgb '" + color_of(s.rank) + "' pt 7 ps 0.5";
  if (s.ceiling()) return style + " lw 2.5 dt 2";
  if (variant > 0) style += " dt " + std::to_string(variant % 4 + 1);
  return style + " lw 1.5";
}

std::string series_plot(const GroupView& g, const std::vector<std::string>& files, int y_col,
                        bool skip_memcpy) {
  std::string plot = "plot ";
  bool first = true;
  std::map<std::string, std::size_t> variants;
  for (std::size_t k = 0; k < g.series.size(); ++k) {
    const Series& s = g.series[k];
    std::size_t variant = variants[s.strategy]++;
    if (skip_memcpy && s.in_process()) continue;
    std::string title = s.label + (s.ceiling() && y_col == 5 ? " (ceiling)" : "");
    plot += std::string(first ? "" : ", \\\n     ") + "'" + files[k] +
            "' using 1:" + std::to_string(y_col) + ":" + std::to_string(y_col + 1) + ":" +
            std::to_string(y_col + 2) + " with yerrorlines " + line_style(s, variant) + " title " +
            gp_quote(title);
    first = false;
  }
  return plot + "\n";
}

std::vector<Plot> group_plots(const Model& model, const GroupView& g, const fs::path& dir,
                              std::vector<std::string>& notes) {
  std::vector<Plot> plots;
  if (g.series.empty() || g.sizes.empty()) return plots;
  if (g.sizes.size() < 2) {
    notes.push_back("No size plots: only one message size (" +
                    results::format_size(g.sizes.front()) +
                    ") was measured in this group; see the tables.");
    return plots;
  }
  std::vector<std::string> files = write_group_data(g, dir);
  std::string where = model.source(g.key.source).label + ": " + results::format_group(g.key);
  const SourceView& view = model.sources.at(g.key.source);
  std::string base = common_settings() + size_tics(g.sizes) + size_range(g.sizes);

  std::string lat = base + "set logscale y\nset ylabel 'one-way latency (µs)'\n" + "set title " +
                    gp_quote("One-way latency\n" + where) + "\n" + series_plot(g, files, 2, false);
  render(dir, g.id + "-latency", lat, kWidth, kHeight);
  plots.push_back(
      {"One-way latency vs size", g.id + "-latency",
       std::string("Median one-way latency (half the round trip), log-log; ") + kSpreadNote + "."});

  std::string bw = base + "set yrange [0:*]\nset ylabel 'bandwidth (GB/s, decimal)'\n" +
                   "set title " + gp_quote("Bandwidth\n" + where) + "\n" +
                   series_plot(g, files, 5, false);
  render(dir, g.id + "-bandwidth", bw, kWidth, kHeight);
  plots.push_back(
      {"Bandwidth vs size", g.id + "-bandwidth",
       "Median bandwidth = size / one-way time; " +
           (view.ceilings.empty() ? std::string("the reference points") : view.ceilings) +
           " (dashed) are the ceilings; " + kSpreadNote + "."});

  const Series* ceiling = in_process_series(g);
  if (ceiling != nullptr && g.series.size() > 1) {
    const std::string& c = ceiling->strategy;
    std::string frac =
        base + "set yrange [0:*]\nset ylabel 'fraction of " + c + " bandwidth'\n" +
        "set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 3 lc rgb '#4d4d4d'\n" +
        "set title " + gp_quote("Bandwidth as a fraction of " + c + "\n" + where) + "\n" +
        series_plot(g, files, 8, true);
    render(dir, g.id + "-fraction", frac, kWidth, kHeight);
    plots.push_back(
        {"Bandwidth as a fraction of the " + c + " ceiling", g.id + "-fraction",
         "Median bandwidth divided by " + c + "'s median at the same size; " + kSpreadNote + "."});
  } else {
    const std::string c = view.in_process.empty() ? "in-process copy" : view.in_process;
    notes.push_back("No fraction-of-" + c + " plot: " + c + " was not measured in this group.");
  }
  return plots;
}

// Conditions other than the axis a per-source plot varies.
// A per-source plot never mixes host regimes: the regime is part of its condition.
struct Condition {
  std::uint64_t procs;
  std::string placement, cache, pages;
  bool fresh;
  double regime_ns;
  auto operator<=>(const Condition&) const = default;
};

std::string regime_suffix(double regime_ns) {
  return regime_ns > 0 ? " regime:" + results::format_regime(regime_ns) : "";
}

std::optional<Plot> many_to_one_plot(const Model& model, const SourceView& view,
                                     const fs::path& dir) {
  // condition (without procs) -> summaries with the aggregate counter
  std::map<Condition, std::vector<const Summary*>> by_condition;
  for (const Summary& s : model.summaries) {
    if (s.source != view.index || s.axes.workload != "many-to-one") continue;
    if (s.spread(schema::field::aggregate_bytes_per_second).n == 0) continue;
    if (s.regime_ns == results::kUnstableRegime) continue;
    by_condition[{0, s.axes.placement, s.axes.cache, s.axes.pages, s.axes.fresh, s.regime_ns}]
        .push_back(&s);
  }
  if (by_condition.empty()) return std::nullopt;
  auto best = std::max_element(
      by_condition.begin(), by_condition.end(),
      [](const auto& a, const auto& b) { return a.second.size() < b.second.size(); });
  const std::vector<const Summary*>& chosen = best->second;
  std::uint64_t size = 0;
  for (const Summary* s : chosen) size = std::max(size, s->axes.size_bytes);

  std::map<std::string, std::map<std::uint64_t, const Summary*>> series;  // label -> senders
  std::map<std::string, std::string> strategy_of;
  std::set<std::uint64_t> senders;
  for (const Summary* s : chosen) {
    if (s->axes.size_bytes != size || s->axes.procs < 2) continue;
    std::string label = series_label(s->axes.strategy, s->axes.tunables);
    series[label][s->axes.procs - 1] = s;
    strategy_of[label] = s->axes.strategy;
    senders.insert(s->axes.procs - 1);
  }
  if (series.empty()) return std::nullopt;

  std::string stem = view.id + "-many-to-one";
  std::string plot = "plot ";
  std::size_t k = 0;
  for (const auto& [label, points] : series) {
    std::string text = "# senders agg_med_GBps agg_low agg_high (" + label + ")\n";
    for (const auto& [n, s] : points) {
      results::Spread a = s->spread(schema::field::aggregate_bytes_per_second);
      text += fmt::format("{} {} {} {}\n", n, value(a.median / 1e9), value(a.low / 1e9),
                          value(a.high / 1e9));
    }
    std::string file = stem + "-" + std::to_string(k) + ".dat";
    write_file(dir / file, text);
    plot += std::string(k ? ", \\\n     " : "") + "'" + file +
            "' using 1:2:3:4 with yerrorlines lc rgb '" + color_of(model.rank(strategy_of[label])) +
            "' lw 1.5 pt 7 ps 0.5 title " + gp_quote(label);
    ++k;
  }
  const Condition& c = best->first;
  std::string where =
      fmt::format("{}: size {}, placement:{} cache:{} pages:{} fresh:{}{}",
                  model.source(view.index).label, results::format_size(size), c.placement, c.cache,
                  c.pages, c.fresh ? 1 : 0, regime_suffix(c.regime_ns));
  std::string body =
      "set datafile missing '?'\nset grid\nset key outside right top\n"
      "set xlabel 'senders (procs - 1)'\nset ylabel 'aggregate bandwidth (GB/s)'\n"
      "set yrange [0:*]\n" +
      fmt::format("set xrange [{}:{}]\n", static_cast<double>(*senders.begin()) - 0.5,
                  static_cast<double>(*senders.rbegin()) + 0.5) +
      "set xtics 1\nset title " + gp_quote("Many-to-one aggregate bandwidth\n" + where) + "\n" +
      plot + "\n";
  render(dir, stem, body, kWidth, kHeight);
  return Plot{
      "Many-to-one: aggregate bandwidth vs senders", stem,
      "Median aggregate bandwidth received from all senders at the largest size measured; " +
          std::string(kSpreadNote) + "."};
}

std::optional<Plot> placement_plot(const Model& model, const SourceView& view, const fs::path& dir,
                                   std::string& note) {
  // condition (without placement) -> placement -> summaries
  std::map<Condition, std::map<std::string, std::vector<const Summary*>>> by_condition;
  std::set<std::string> all_placements;
  for (const Summary& s : model.summaries) {
    if (s.source != view.index || s.axes.workload != "pingpong") continue;
    if (s.regime_ns == results::kUnstableRegime) continue;
    by_condition[{s.axes.procs, "", s.axes.cache, s.axes.pages, s.axes.fresh, s.regime_ns}]
                [s.axes.placement]
                    .push_back(&s);
    all_placements.insert(s.axes.placement);
  }
  if (all_placements.size() < 2) {
    note = all_placements.empty() ? "No placement comparison: no ping-pong data."
                                  : "No placement comparison: only one placement class (" +
                                        *all_placements.begin() + ") was measured.";
    return std::nullopt;
  }
  auto best = std::max_element(
      by_condition.begin(), by_condition.end(),
      [](const auto& a, const auto& b) { return a.second.size() < b.second.size(); });
  const auto& placements = best->second;
  if (placements.size() < 2) {
    note = "No placement comparison: no two placement classes share the other conditions.";
    return std::nullopt;
  }
  // Sizes measured under every placement class.
  std::set<std::uint64_t> common;
  bool first = true;
  for (const auto& [placement, summaries] : placements) {
    std::set<std::uint64_t> sizes;
    for (const Summary* s : summaries) sizes.insert(s->axes.size_bytes);
    if (first) {
      common = sizes;
      first = false;
    } else {
      std::set<std::uint64_t> both;
      std::set_intersection(common.begin(), common.end(), sizes.begin(), sizes.end(),
                            std::inserter(both, both.begin()));
      common = both;
    }
  }
  if (common.empty()) {
    note = "No placement comparison: the placement classes share no message size.";
    return std::nullopt;
  }
  std::vector<std::uint64_t> sorted(common.begin(), common.end());
  std::set<std::uint64_t> picked = {sorted.front(), sorted[sorted.size() / 2], sorted.back()};

  std::vector<std::string> labels;  // series, in strategy order
  std::map<std::string, std::string> strategy_of;
  for (const auto& [placement, summaries] : placements) {
    for (const Summary* s : summaries) {
      std::string label = series_label(s->axes.strategy, s->axes.tunables);
      if (!strategy_of.count(label)) labels.push_back(label);
      strategy_of[label] = s->axes.strategy;
    }
  }
  std::stable_sort(labels.begin(), labels.end(),
                   [&strategy_of, &model](const auto& a, const auto& b) {
                     return model.rank(strategy_of[a]) < model.rank(strategy_of[b]);
                   });

  std::string stem = view.id + "-placement";
  const Condition& c = best->first;
  std::string body =
      "set datafile missing '?'\nset grid ytics\nset style data histograms\n"
      "set style histogram clustered gap 1\nset style fill solid 0.85 border -1\n"
      "set boxwidth 0.9\nset key outside bottom center horizontal\nset ylabel 'bandwidth (GB/s)'\n"
      "set yrange [0:*]\nset xtics rotate by -35 scale 0\n" +
      fmt::format("set multiplot layout 1,{} title {}\n", picked.size(),
                  gp_quote(fmt::format("Bandwidth by placement class\n{}: procs:{} cache:{} "
                                       "pages:{} fresh:{}{}",
                                       model.source(view.index).label, c.procs, c.cache, c.pages,
                                       c.fresh ? 1 : 0, regime_suffix(c.regime_ns))));
  std::size_t idx = 0;
  for (std::uint64_t size : picked) {
    std::string text = "\"strategy\"";
    for (const auto& [placement, summaries] : placements) text += " " + gp_quote(placement);
    text += "\n";
    for (const std::string& label : labels) {
      text += gp_quote(label);
      for (const auto& [placement, summaries] : placements) {
        double v = std::nan("");
        for (const Summary* s : summaries) {
          if (s->axes.size_bytes == size &&
              series_label(s->axes.strategy, s->axes.tunables) == label) {
            v = s->spread(schema::field::bytes_per_second).median / 1e9;
          }
        }
        text += ' ';
        text += value(v);
      }
      text += "\n";
    }
    std::string file = stem + "-" + std::to_string(idx++) + ".dat";
    write_file(dir / file, text);
    body += "set title " + gp_quote(results::format_size(size)) + "\nplot ";
    for (std::size_t col = 0; col < placements.size(); ++col) {
      body += std::string(col ? ", " : "") + "'" + file + "' using " + std::to_string(col + 2) +
              (col == 0 ? ":xtic(1)" : "") + " title columnheader(" + std::to_string(col + 2) + ")";
    }
    body += "\n";
  }
  body += "unset multiplot\n";
  render(dir, stem, body, std::max(kWidth, 420 * static_cast<int>(picked.size())), kHeight);
  return Plot{"Placement comparison", stem,
              "Median bandwidth per placement class at the smallest, a middle and the largest "
              "size measured under every class."};
}

}  // namespace

Plots make_plots(const Model& model, const fs::path& dir) {
  Plots plots;
  for (const SourceView& view : model.sources) {
    for (const GroupView& g : view.groups) {
      std::vector<std::string> notes;
      plots.by_group[g.id] = group_plots(model, g, dir, notes);
      if (!notes.empty()) plots.group_notes[g.id] = notes;
    }
    auto& source_plots = plots.by_source[view.index];
    auto& notes = plots.source_notes[view.index];
    if (auto p = many_to_one_plot(model, view, dir)) {
      source_plots.push_back(*p);
    } else {
      notes.push_back("No many-to-one plot: this run has no many-to-one data.");
    }
    std::string note;
    if (auto p = placement_plot(model, view, dir, note)) {
      source_plots.push_back(*p);
    } else {
      notes.push_back(note);
    }
  }
  return plots;
}

}  // namespace crossmem::report
