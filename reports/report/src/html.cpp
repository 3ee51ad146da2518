#include "html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <map>
#include <vector>

#include "crossmem/error.hpp"
#include "crossmem/results/extras.hpp"
#include "crossmem/results/name.hpp"
#include "crossmem/schema/fields.hpp"
#include "format.hpp"
#include "reduce_table.hpp"
#include "sections.hpp"
#include "tables.hpp"

namespace crossmem::report {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxFlaggedRows = 60;

constexpr const char* kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
       max-width: 1180px; padding: 16px 24px 48px; color: #1d2330; background: #fff; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 20px; margin-top: 32px; border-bottom: 2px solid #d8dde6; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
p.lead { color: #4a5364; margin-top: 0; }
nav { background: #f3f5f9; padding: 8px 12px; border-radius: 6px; margin: 12px 0; }
nav a { margin-right: 14px; color: #1f5fbf; text-decoration: none; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #d8dde6; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.flag { background: #fff1d6; }
tr.slowrow td { background: #fff7e8; }
.found { color: #11683a; font-weight: 600; }
.no_crossover { color: #4a5364; }
.inconclusive { color: #a15c00; }
.strip { font-family: ui-monospace, monospace; letter-spacing: 1px; }
.note { color: #4a5364; font-style: italic; }
.kv th { width: 220px; }
pre { background: #f6f8fa; padding: 8px; overflow-x: auto; font-size: 12px; margin: 0; }
figure { margin: 12px 0 20px; }
figure img { max-width: 100%; border: 1px solid #e1e5ec; }
figcaption { font-size: 12px; color: #4a5364; }
details { margin: 8px 0 16px; border: 1px solid #e1e5ec; border-radius: 6px; padding: 6px 12px; }
summary { cursor: pointer; font-weight: 600; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 12px;
         background: #eef1f6; margin-right: 6px; }
.badge.warn { background: #ffe1a8; }
p.disagree { background: #fff1d6; border-left: 4px solid #a15c00; padding: 6px 10px; }
p.regimes { color: #1d2330; }
pre.verdict { font-size: 13px; line-height: 1.45; background: #f0f6ff; border-left: 4px solid #1f5fbf;
              padding: 10px 14px; white-space: pre-wrap; }
h4 { font-size: 14px; margin: 14px 0 6px; }
)";

std::string esc(const std::string& s) {
  return html_escape(s);
}

std::string read_binary(const fs::path& file) {
  try {
    return results::read_text_file(file);
  } catch (const InvalidInput&) {
    throw SystemError(errno ? errno : EIO, "reading plot " + file.string());
  }
}

void figure(std::string& out, const Plot& plot, const fs::path& plot_dir) {
  std::string png = read_binary(plot_dir / (plot.stem + ".png"));
  out += "<figure><img alt=\"" + esc(plot.title) + "\" src=\"data:image/png;base64," + base64(png) +
         "\"><figcaption>" + esc(plot.title) + ". " + esc(plot.caption) +
         " Vector version: plots/" + esc(plot.stem) + ".svg</figcaption></figure>\n";
}

void section_regime(std::string& out, const Model& model) {
  out +=
      "<section id=\"regime\"><h2>Host regime and disturbances</h2>\n"
      "<p class=\"lead\">Every repetition is bracketed by a cache-line handoff probe; the run "
      "classifies repetitions into host regimes (clusters of probe values at least 2&times; "
      "apart, named by their median handoff) and marks a repetition <b>unstable</b> when its two "
      "probes fall into different regimes. Results, plots and crossovers are shown per regime "
      "and never compare two regimes; unstable repetitions are shown apart and never compared. "
      "A repetition is <b>preempted</b> when its involuntary context switches during the timed "
      "window exceed the quiet-machine baseline (<code>preempt_excess</code> &gt; 0). In results "
      "without regime fields, a repetition is flagged <b>slow</b> when its probe exceeds " +
      fmt::format("{:g}", kSlowRegimeFactor) +
      "&times; the smallest probe of its run, and preempted when it had any involuntary context "
      "switch (<code>preempted</code> &gt; 0). Shaded cells in the result tables have such "
      "repetitions. Repetitions whose every iteration was not validated are counted (the bench "
      "may validate only the first exchange of each size: see crossmem.validate).</p>\n";
  for (const SourceView& view : model.sources) {
    const results::Source& src = model.source(view.index);
    out += "<h3>" + esc(src.label) + "</h3>\n<p>";
    out += "<span class=\"badge\">regimes: " + esc(regimes_text(view)) + "</span>";
    if (std::string retries = retries_text(src); !retries.empty()) {
      out += "<span class=\"badge\">" + esc(retries) + "</span>";
    }
    out += "<span class=\"badge\">handoff min " + sig3(view.min_handoff_ns) + " ns</span>";
    if (!view.has_regimes) {
      out += "<span class=\"badge\">slow above " + sig3(view.threshold_ns) + " ns</span>";
    }
    out += fmt::format("<span class=\"badge\">{} repetitions</span>", view.measurements);
    auto badge = [&out](std::size_t n, const std::string& what) {
      out += fmt::format("<span class=\"badge{}\">{} {}</span>", n ? " warn" : "", n, esc(what));
    };
    if (view.has_regimes) {
      badge(view.unstable, "unstable");
    } else {
      badge(view.slow, "slow");
    }
    badge(view.preempted, "preempted (" + view.preempt_counter + " > 0)");
    out += fmt::format("<span class=\"badge\">{} not validated on every iteration</span>",
                       view.unvalidated);
    out += "</p>\n";
    if (view.flagged.empty()) {
      out += "<p class=\"note\">No repetition flagged.</p>\n";
      continue;
    }
    // A summary per group (and regime) first; the benchmark-by-benchmark table is folded.
    struct GroupFlags {
      std::size_t flagged = 0, slow = 0, unstable = 0, preempted = 0;
      double max_handoff_ns = 0;
    };
    std::map<results::GroupKey, GroupFlags> per_group;
    for (const Summary* s : view.flagged) {
      const Flags& f = model.flags_of(s);
      GroupFlags& g = per_group[results::group_of(s->source, s->axes, s->regime_ns)];
      ++g.flagged;
      g.slow += f.slow;
      g.unstable += f.unstable;
      g.preempted += f.preempted;
      g.max_handoff_ns = std::max(g.max_handoff_ns, f.max_handoff_ns);
    }
    out += std::string("<table><tr><th>group</th><th>benchmarks flagged</th>") +
           (view.has_regimes ? "<th>unstable repetitions</th>" : "<th>slow repetitions</th>") +
           "<th>preempted repetitions</th><th>max handoff (ns)</th></tr>\n";
    for (const auto& [key, g] : per_group) {
      out += "<tr><td>" + esc(results::format_group(key)) + "</td>" +
             fmt::format(
                 "<td class=\"num\">{}</td><td class=\"num\">{}</td>"
                 "<td class=\"num\">{}</td>",
                 g.flagged, view.has_regimes ? g.unstable : g.slow, g.preempted) +
             "<td class=\"num\">" + sig3(g.max_handoff_ns) + "</td></tr>\n";
    }
    out += "</table>\n";
    out +=
        fmt::format("<details><summary>Flagged benchmarks ({})</summary>\n", view.flagged.size());
    out += std::string("<table><tr><th>benchmark</th><th>regime</th><th>reps</th>") +
           (view.has_regimes ? "<th>unstable</th>" : "<th>slow</th>") +
           "<th>max handoff (ns)</th><th>preempted</th><th>max " + view.preempt_counter +
           "</th><th>not fully validated</th></tr>\n";
    std::size_t shown = 0;
    for (const Summary* s : view.flagged) {
      if (shown++ == kMaxFlaggedRows) break;
      const Flags& f = model.flags_of(s);
      std::size_t regime_flag = view.has_regimes ? f.unstable : f.slow;
      out += "<tr><td>" + esc(results::format_benchmark_name(s->axes)) + "</td><td>" +
             esc(results::format_regime(s->regime_ns)) + "</td>" +
             fmt::format("<td class=\"num\">{}</td><td class=\"num{}\">{}</td>", f.repetitions,
                         regime_flag ? " flag" : "", regime_flag) +
             "<td class=\"num\">" + sig3(f.max_handoff_ns) + "</td>" +
             fmt::format("<td class=\"num{}\">{}</td>", f.preempted ? " flag" : "", f.preempted) +
             "<td class=\"num\">" + sig3(f.max_preempted) + "</td>" +
             fmt::format("<td class=\"num\">{}</td></tr>\n", f.unvalidated);
    }
    out += "</table>\n";
    if (view.flagged.size() > kMaxFlaggedRows) {
      out +=
          fmt::format("<p class=\"note\">{} more flagged benchmarks; see measurements.tsv.</p>\n",
                      view.flagged.size() - kMaxFlaggedRows);
    }
    out += "</details>\n";
  }
  out += "</section>\n";
}

// The first screen: where the regimes disagree (one sentence), and which regimes each run saw.
void regime_overview(std::string& out, const Model& model) {
  if (!model.disagreement_sentences.empty()) {
    out += "<p class=\"disagree\">" + esc(model.disagreement_sentences.front());
    if (model.disagreement_sentences.size() > 1) {
      out += fmt::format(" ({} more comparisons differ between regimes: see Crossovers.)",
                         model.disagreement_sentences.size() - 1);
    }
    out += "</p>\n";
  }
  out +=
      "<p class=\"regimes\"><b>Host regimes seen</b> (median handoff, share of "
      "repetitions):";
  for (const SourceView& view : model.sources) {
    out += "<br>" + esc(model.source(view.index).label) + ": " + esc(regimes_text(view));
  }
  out += "</p>\n";
}

void section_skips(std::string& out, const Model& model) {
  out += "<section id=\"skipped\"><h2>Skipped strategies</h2>\n";
  bool any = false;
  for (const SourceView& view : model.sources) {
    if (view.skips.empty()) continue;
    if (!any) {
      out +=
          "<table><tr><th>run</th><th>strategy</th><th>kind</th><th>reason</th><th>remedy</th>"
          "<th>benchmarks</th></tr>\n";
      any = true;
    }
    for (const SkipRow& row : view.skips) {
      out += "<tr><td>" + esc(model.source(view.index).label) + "</td><td>" + esc(row.strategy) +
             "</td><td>" + (row.unsupported ? "unsupported here" : "failed") + "</td><td>" +
             esc(row.reason) + "</td><td>" + esc(row.remedy.empty() ? "-" : row.remedy) +
             "</td><td class=\"num\">" +
             (row.instances ? std::to_string(row.instances) : std::string("not run")) +
             "</td></tr>\n";
    }
  }
  out += any ? "</table>\n" : "<p class=\"note\">No strategy was skipped.</p>\n";
  out += "</section>\n";
}

void section_crossovers(std::string& out, const Model& model) {
  out +=
      "<section id=\"crossovers\"><h2>Crossovers against shm-copy</h2>\n"
      "<p class=\"lead\">Where each single-copy strategy overtakes the double copy (shm-copy) in "
      "bandwidth, and where it falls behind again, within one host regime. With paired rounds "
      "(the <code>round</code> field), a size counts for one side only when the median of the "
      "per-round ratios is at least 3% from 1, its 95% sign-test interval excludes 1, and the "
      "spread across buffer layouts is smaller than the difference; otherwise the size is "
      "undecided. Results without rounds count a size when the repetitions separate: spreads "
      "(p10..p90, or min..max below 5 repetitions) do not overlap, medians differ by at least "
      "3%, and with 5 or more repetitions on both sides a Mann-Whitney test gives p &lt; 0.05. "
      "The interval runs from the last size where one "
      "side was faster to the first where the other was; the estimate is its geometric "
      "midpoint. Per size: <span class=\"strip\">S</span> shm-copy faster, "
      "<span class=\"strip\">C</span> the strategy faster, <span class=\"strip\">.</span> "
      "undecided.</p>\n";
  if (model.crossovers.empty()) {
    out +=
        "<p class=\"note\">No comparison possible: no group has both shm-copy and a single-copy "
        "strategy.</p></section>\n";
    return;
  }
  for (const std::string& sentence : model.disagreement_sentences) {
    out += "<p class=\"disagree\">" + esc(sentence) + "</p>\n";
  }
  out +=
      "<table><tr><th>run</th><th>conditions</th><th>strategy</th><th>baseline</th>"
      "<th>direction</th><th>status</th><th>interval</th><th>estimate</th><th>per size</th>"
      "<th>reason</th></tr>\n";
  for (const auto& x : model.crossovers) {
    std::string strip;
    for (std::size_t i = 0; i < x.sizes.size(); ++i) {
      const auto& c = x.sizes[i];
      std::string title = results::format_size(c.size_bytes) + ": " +
                          std::string(results::to_string(c.verdict)) +
                          (c.note.empty() ? "" : " (" + c.note + ")");
      if (c.paired && c.note.empty()) {
        title += fmt::format(" (paired ratio {:.3g}, {:.3g}-{:.3g}, {} rounds)", c.ratio,
                             c.ratio_low, c.ratio_high, c.rounds);
      }
      strip += "<span title=\"" + esc(title) + "\">" + verdict_strip(x).substr(i, 1) + "</span>";
    }
    std::string status(results::to_string(x.status));
    out += "<tr><td>" + esc(model.source(x.group.source).label) + "</td><td>" +
           esc(results::format_group(x.group)) + "</td><td>" +
           esc(series_label(x.strategy, x.tunables)) + "</td><td>" +
           esc(series_label(x.baseline, x.baseline_tunables)) + "</td><td>" +
           esc(std::string(results::to_string(x.direction))) + "</td><td class=\"" + status +
           "\">" + esc(status) + "</td><td class=\"num\">" + esc(crossover_interval(x)) +
           "</td><td class=\"num\">" + esc(crossover_estimate(x)) + "</td><td class=\"strip\">" +
           strip + "</td><td>" + esc(x.reason) + "</td></tr>\n";
  }
  out += "</table></section>\n";
}

void median_table(std::string& out, const Model& model, const GroupView& g, const char* counter,
                  double scale, const std::string& caption) {
  out += "<table><caption style=\"text-align:left;font-weight:600\">" + esc(caption) +
         "</caption><tr><th>size</th>";
  for (const Series& s : g.series) out += "<th>" + esc(s.label) + "</th>";
  out += "</tr>\n";
  for (std::uint64_t size : g.sizes) {
    out += "<tr><td class=\"num\">" + esc(results::format_size(size)) + "</td>";
    for (const Series& s : g.series) {
      auto it = s.by_size.find(size);
      const Summary* summary = it == s.by_size.end() ? nullptr : it->second;
      bool flagged = summary != nullptr && model.flags_of(summary).any();
      out += std::string("<td class=\"num") + (flagged ? " flag" : "") + "\">" +
             esc(median_cell(summary, counter, scale)) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
}

void section_results(std::string& out, const Model& model, const Plots& plots,
                     const fs::path& plot_dir) {
  out +=
      "<section id=\"results\"><h2>Results</h2>\n"
      "<p class=\"lead\">Median (spread) per strategy and size. Spread is p10-p90, or min-max "
      "below 5 repetitions. Shaded cells have flagged repetitions (see Host regime).</p>\n";
  std::size_t total_groups = 0;
  for (const SourceView& view : model.sources) total_groups += view.groups.size();
  for (const SourceView& view : model.sources) {
    out += "<h3>" + esc(model.source(view.index).label) + "</h3>\n";
    if (view.groups.empty()) out += "<p class=\"note\">No successful measurement.</p>\n";
    bool first = true;
    for (const GroupView& g : view.groups) {
      bool open = first || total_groups <= 4;
      first = false;
      out += std::string("<details") + (open ? " open" : "") + "><summary>" +
             esc(results::format_group(g.key)) + "</summary>\n";
      if (auto it = plots.by_group.find(g.id); it != plots.by_group.end()) {
        for (const Plot& p : it->second) figure(out, p, plot_dir);
      }
      if (auto it = plots.group_notes.find(g.id); it != plots.group_notes.end()) {
        for (const auto& note : it->second) out += "<p class=\"note\">" + esc(note) + "</p>\n";
      }
      median_table(out, model, g, schema::field::bytes_per_second, 1e9,
                   "Bandwidth (GB/s, decimal)");
      median_table(out, model, g, schema::field::latency_ns, 1e3, "One-way latency (µs)");
      out += "</details>\n";
    }
    if (auto it = plots.by_source.find(view.index); it != plots.by_source.end()) {
      for (const Plot& p : it->second) figure(out, p, plot_dir);
    }
    if (auto it = plots.source_notes.find(view.index); it != plots.source_notes.end()) {
      for (const auto& note : it->second) out += "<p class=\"note\">" + esc(note) + "</p>\n";
    }
  }
  out += "</section>\n";
}

void section_tuned(std::string& out, const Model& model) {
  out += "<section id=\"tuned\"><h2>Tuned settings</h2>\n";
  if (!model.tuned) {
    out +=
        "<p class=\"note\">No tuned settings: pass --tuned FILE or put tuned.json in the "
        "output directory.</p></section>\n";
    return;
  }
  if (model.tuned->settings.empty()) {
    out += "<p class=\"note\">The tuned settings file lists no setting.</p></section>\n";
    return;
  }
  out += "<table><tr><th>stack</th><th>setting</th><th>value</th><th>reason</th></tr>\n";
  for (const auto& s : model.tuned->settings) {
    out += "<tr><td>" + esc(s.stack) + "</td><td>" + esc(s.name) + "</td><td>" + esc(s.value) +
           "</td><td>" + esc(s.reason) + "</td></tr>\n";
  }
  out += "</table></section>\n";
}

void section_reduce(std::string& out, const Model& model) {
  auto tables = reduce_tables(model);
  if (tables.empty()) return;
  out +=
      "<section id=\"reduce\"><h2>Reduce beside MPI_Reduce</h2>\n<p class=\"note\">Median "
      "time per reduce (µs), sum to rank 0; MPI_Reduce is Open MPI's own (vader, single copy "
      "none / cma). Numbers compare within one run only.</p>\n";
  for (const ReduceTable& t : tables) {
    out += "<h3>" + esc(t.title) + "</h3>\n<table><tr>";
    for (const auto& c : t.columns) out += "<th>" + esc(c) + "</th>";
    out += "</tr>\n";
    for (const auto& r : t.rows) {
      out += "<tr>";
      for (const auto& cell : r) out += "<td class=\"num\">" + esc(cell) + "</td>";
      out += "</tr>\n";
    }
    out += "</table>\n";
  }
  out += "</section>\n";
}

void section_verify(std::string& out, const Model& model) {
  out += "<section id=\"verify\"><h2>Verification on Open MPI</h2>\n";
  if (!model.verify) {
    out +=
        "<p class=\"note\">No verification: pass --verify FILE or put verify.json in the "
        "output directory.</p></section>\n";
    return;
  }
  const bool regimes = !model.verify->regimes.empty();
  auto regime_cell = [&](double regime_ns) {
    return regimes ? "<td>" + esc(results::format_regime(regime_ns)) + "</td>" : std::string();
  };
  if (regimes) {
    std::string seen;
    for (const auto& r : model.verify->regimes) {
      seen += (seen.empty() ? "" : ", ") + results::format_regime(r.regime_ns) + " (" +
              std::to_string(r.runs) + " runs)";
    }
    out +=
        "<p>Every mpirun was bracketed by the handoff probe; configurations are compared "
        "within a regime. Regimes seen: " +
        esc(seen) +
        fmt::format("; {} runs unstable (left out).</p>\n", model.verify->unstable_runs);
  }
  out += std::string("<table><tr><th>size</th>") + (regimes ? "<th>regime</th>" : "") +
         "<th>configuration</th><th>bandwidth (GB/s)</th><th>one-way latency (µs)</th></tr>\n";
  for (const auto& r : model.verify->rows) {
    out += "<tr><td class=\"num\">" + esc(results::format_size(r.size)) + "</td>" +
           regime_cell(r.regime_ns) + "<td>" + esc(r.config) + "</td><td class=\"num\">" +
           gbps(r.bandwidth_Bps) + "</td><td class=\"num\">" + sig3(r.latency_us) + "</td></tr>\n";
  }
  out += "</table>\n";
  if (!model.verify->efficiency.empty()) {
    out += std::string("<table><tr><th>size</th>") + (regimes ? "<th>regime</th>" : "") +
           "<th>efficiency</th></tr>\n";
    for (const auto& e : model.verify->efficiency) {
      out += "<tr><td class=\"num\">" + esc(results::format_size(e.size)) + "</td>" +
             regime_cell(e.regime_ns) + "<td class=\"num" + (e.efficiency < 0.95 ? " flag" : "") +
             "\">" + sig3(e.efficiency) + "</td></tr>\n";
    }
    out += "</table>\n";
  }
  out += "</section>\n";
}

}  // namespace

std::string render_html(const Model& model, const Plots& plots, const fs::path& plot_dir) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<title>crossmem report</title>\n<style>";
  out += kStyle;
  out += "</style></head><body>\n<h1>crossmem report</h1>\n";
  out += fmt::format(
      "<p class=\"lead\">{} run(s), {} measurements, {} skipped benchmark(s). One-way latency is "
      "half the ping-pong round trip; bandwidth is message bytes / one-way time in decimal GB/s "
      "(10<sup>9</sup> B/s); sizes are binary (KiB, MiB).</p>\n",
      model.sources.size(), model.results->measurements.size(), model.results->skips.size());
  regime_overview(out, model);
  // Top-down: what was found, the plots and tables behind it, then how it was measured.
  out +=
      "<nav><a href=\"#verdict\">Verdict</a><a href=\"#results\">Results</a>"
      "<a href=\"#crossovers\">Crossovers</a><a href=\"#tuned\">Tuned settings</a>"
      "<a href=\"#verify\">Verification on Open MPI</a><a href=\"#skipped\">Skipped</a>"
      "<a href=\"#regime\">Host regime</a><a href=\"#machines\">Machines</a></nav>\n";
  section_verdict(out, model);
  section_results(out, model, plots, plot_dir);
  section_crossovers(out, model);
  section_reduce(out, model);
  section_tuned(out, model);
  section_verify(out, model);
  section_skips(out, model);
  section_regime(out, model);
  section_context(out, model);
  out += "</body></html>\n";
  return out;
}

}  // namespace crossmem::report
