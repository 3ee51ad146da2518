#include "plots.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>
#include <tuple>

#include "crossmem/error.hpp"
#include "crossmem/results/extras.hpp"
#include "crossmem/results/name.hpp"
#include "crossmem/schema/fields.hpp"
#include "process.hpp"

namespace crossmem::fleet {

namespace {

namespace fs = std::filesystem;

using Conditions = std::tuple<std::string, std::uint64_t, std::string, std::string, std::string,
                              bool>;  // workload, procs, placement, cache, pages, fresh

struct Point {
  std::uint64_t size = 0;
  double median = 0, low = 0, high = 0;
};

double scale(const OddOptions& options) {
  if (options.counter == schema::field::latency_ns) return 1e-3;
  if (options.counter == schema::field::bytes_per_second) return 1e-9;
  return 1;
}

std::string axis_label(const OddOptions& options) {
  if (options.counter == schema::field::latency_ns) return "one-way latency (us)";
  if (options.counter == schema::field::bytes_per_second) return "bandwidth (GB/s)";
  return options.counter;
}

std::string quoted(std::string text) {
  for (char& ch : text)
    if (ch == '\'' || ch == '"') ch = ' ';
  return "'" + text + "'";
}

// A fresh temporary directory, removed at destruction.
struct Scratch {
  fs::path path;
  Scratch() {
    std::string tmpl = (fs::temp_directory_path() / "crossmem-fleet-plots.XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw SystemError(errno, "creating " + tmpl);
    path = tmpl;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

}  // namespace

FleetPlots make_fleet_plots(const FleetReport& report, const OddOptions& options) {
  // conditions -> series label -> points
  std::map<Conditions, std::map<std::string, std::vector<Point>>> data;
  for (std::size_t g = 0; g < report.groups.size(); ++g) {
    for (const Case& c : report.groups[g].cases) {
      const results::Axes& a = c.axes;
      std::string label = "type " + std::to_string(g + 1) + ": " + a.strategy;
      std::string tunables = results::format_tunables(a.tunables);
      if (!tunables.empty()) label.append(" ").append(tunables);
      data[{a.workload, a.procs, a.placement, a.cache, a.pages, a.fresh}][label].push_back(
          {a.size_bytes, c.median * scale(options), c.low * scale(options),
           c.high * scale(options)});
    }
  }
  FleetPlots out;
  std::vector<std::pair<std::string, std::string>> scripts;  // (stem, title)
  std::map<std::string, std::string> texts;                  // file name -> content
  std::size_t index = 0;
  for (const auto& [cond, series] : data) {
    std::size_t most = 0;
    for (const auto& [label, points] : series) most = std::max(most, points.size());
    if (most < 2) continue;
    const auto& [workload, procs, placement, cache, pages, fresh] = cond;
    std::string title = workload + " procs:" + std::to_string(procs) + " placement:" + placement +
                        " cache:" + cache + " pages:" + pages + " fresh:" + (fresh ? "1" : "0");
    std::string stem = "plot-" + std::to_string(++index);
    std::ostringstream dat, gp;
    std::vector<std::string> clauses;
    std::size_t block = 0;
    for (const auto& [label, points] : series) {
      dat << "# " << label << "\n";
      for (const Point& p : points) {
        dat << p.size << " " << p.median << " " << p.low << " " << p.high << "\n";
      }
      dat << "\n\n";
      clauses.push_back("'" + stem + ".dat' index " + std::to_string(block++) +
                        " using 1:2:3:4 with yerrorlines title " + quoted(label));
    }
    gp << "set terminal svg size 960,540 dynamic font 'sans,11'\n"
       << "set output '" << stem << ".svg'\n"
       << "set title " << quoted(title) << " noenhanced\n"
       << "set logscale xy\nset grid\n"
       << "set xlabel 'message size (bytes)'\n"
       << "set ylabel " << quoted(axis_label(options) + ", median over nodes") << "\n"
       << "set key outside right noenhanced\n"
       << "plot ";
    for (std::size_t i = 0; i < clauses.size(); ++i) gp << (i ? ", \\\n     " : "") << clauses[i];
    gp << "\n";
    texts[stem + ".dat"] = dat.str();
    texts[stem + ".gp"] = gp.str();
    scripts.emplace_back(stem, title);
  }
  if (scripts.empty()) {
    out.note = "no set of conditions was measured at 2 sizes or more";
    return out;
  }
  Scratch scratch;
  for (const auto& [name, text] : texts) {
    std::ofstream f(scratch.path / name);
    f << text;
    if (!f) throw SystemError(errno, "writing " + (scratch.path / name).string());
  }
  for (const auto& [stem, title] : scripts) {
    report::ProcessResult r = report::run_process({"gnuplot", stem + ".gp"}, scratch.path);
    fs::path svg = scratch.path / (stem + ".svg");
    std::error_code ec;
    if (!r.started) {
      out.note = "gnuplot not found (Debian: gnuplot-nox): no plots";
      out.plots.clear();
      return out;
    }
    if (r.exit_code != 0 || !fs::exists(svg, ec) || fs::file_size(svg, ec) == 0) {
      out.note = "gnuplot failed on " + stem + ".gp: " + r.output.substr(0, 200);
      continue;
    }
    out.files.emplace_back(stem + ".gp", texts[stem + ".gp"]);
    out.files.emplace_back(stem + ".dat", texts[stem + ".dat"]);
    out.files.emplace_back(stem + ".svg", results::read_text_file(svg));
    out.plots.emplace_back(title, stem + ".svg");
  }
  return out;
}

std::string plots_markdown(const FleetPlots& plots) {
  std::ostringstream md;
  md << "## Node types side by side\n\n";
  if (!plots.note.empty()) md << "Note: " << plots.note << ".\n\n";
  for (const auto& [title, file] : plots.plots) md << "![" << title << "](" << file << ")\n\n";
  return md.str();
}

}  // namespace crossmem::fleet
