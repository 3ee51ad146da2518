#include "markdown.hpp"

#include <fmt/format.h>

#include "crossmem/results/name.hpp"
#include "crossmem/results/summary.hpp"
#include "crossmem/schema/fields.hpp"
#include "format.hpp"
#include "reduce_table.hpp"
#include "tables.hpp"

namespace crossmem::report {

namespace {

std::string row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells) {
    out += ' ';
    out += md_escape(c);
    out += " |";
  }
  return out + "\n";
}

std::string header(const std::vector<std::string>& cells) {
  std::string out = row(cells) + "|";
  for (std::size_t i = 0; i < cells.size(); ++i) out += " --- |";
  return out + "\n";
}

void median_table(std::string& out, const GroupView& g, const char* counter, double scale,
                  const std::string& caption) {
  out += "\n" + caption + "\n\n";
  std::vector<std::string> head = {"size"};
  for (const Series& s : g.series) head.push_back(s.label);
  out += header(head);
  for (std::uint64_t size : g.sizes) {
    std::vector<std::string> cells = {results::format_size(size)};
    for (const Series& s : g.series) {
      auto it = s.by_size.find(size);
      cells.push_back(median_cell(it == s.by_size.end() ? nullptr : it->second, counter, scale));
    }
    out += row(cells);
  }
}

}  // namespace

std::string render_markdown(const Model& model, const Plots& plots,
                            const std::string& plot_prefix) {
  std::string out = "# crossmem report\n\n";
  out += fmt::format(
      "{} run(s), {} measurements, {} skipped benchmark(s). One-way latency is half the ping-pong "
      "round trip; bandwidth is bytes / one-way time in decimal GB/s; spread is p10-p90 "
      "(min-max below 5 repetitions).\n",
      model.sources.size(), model.results->measurements.size(), model.results->skips.size());
  if (!model.disagreement_sentences.empty()) {
    out += "\n**" + md_escape(model.disagreement_sentences.front()) + "**";
    if (model.disagreement_sentences.size() > 1) {
      out += fmt::format(" ({} more comparisons differ between regimes: see Crossovers.)",
                         model.disagreement_sentences.size() - 1);
    }
    out += "\n";
  }
  out += "\nHost regimes seen (median handoff, share of repetitions):\n\n";
  for (const SourceView& view : model.sources) {
    out += "- " + md_escape(model.source(view.index).label) + ": " + md_escape(regimes_text(view)) +
           "\n";
  }

  out += "\n## Machines and runs\n";
  for (const SourceView& view : model.sources) {
    const results::Source& src = model.source(view.index);
    out += "\n### " + md_escape(src.label) + "\n\n" + header({"key", "value"});
    for (const auto& [label, value] : context_rows(src)) out += row({label, value});
  }

  out += "\n## Host regime and disturbances\n\n";
  out += header({"run", "regimes", "retries", "handoff min (ns)", "slow above (ns)", "repetitions",
                 "slow", "unstable", "preempted", "not fully validated"});
  for (const SourceView& view : model.sources) {
    std::string retries = retries_text(model.source(view.index));
    out +=
        row({model.source(view.index).label, regimes_text(view), retries.empty() ? "-" : retries,
             sig3(view.min_handoff_ns), sig3(view.threshold_ns), std::to_string(view.measurements),
             view.has_regimes ? "-" : std::to_string(view.slow), std::to_string(view.unstable),
             std::to_string(view.preempted) + " (" + view.preempt_counter + " > 0)",
             std::to_string(view.unvalidated)});
  }

  out += "\n## Skipped strategies\n\n";
  bool any = false;
  for (const SourceView& view : model.sources) {
    for (const SkipRow& r : view.skips) {
      if (!any) out += header({"run", "strategy", "kind", "reason", "remedy", "benchmarks"});
      any = true;
      out += row({model.source(view.index).label, r.strategy,
                  r.unsupported ? "unsupported here" : "failed", r.reason,
                  r.remedy.empty() ? "-" : r.remedy,
                  r.instances ? std::to_string(r.instances) : "not run"});
    }
  }
  if (!any) out += "No strategy was skipped.\n";

  out += "\n## Crossovers against shm-copy\n\n";
  if (model.crossovers.empty()) {
    out += "No group has both shm-copy and a single-copy strategy.\n";
  } else {
    for (const std::string& sentence : model.disagreement_sentences) {
      out += "- " + md_escape(sentence) + "\n";
    }
    if (!model.disagreement_sentences.empty()) out += "\n";
    out += "Per size: S shm-copy faster, C the strategy faster, . undecided.\n\n";
    out += header({"run", "conditions", "strategy", "baseline", "direction", "status", "interval",
                   "estimate", "per size", "reason"});
    for (const auto& x : model.crossovers) {
      out +=
          row({model.source(x.group.source).label, results::format_group(x.group),
               series_label(x.strategy, x.tunables), series_label(x.baseline, x.baseline_tunables),
               std::string(results::to_string(x.direction)),
               std::string(results::to_string(x.status)), crossover_interval(x),
               crossover_estimate(x), fmt::format("`{}`", verdict_strip(x)), x.reason});
    }
  }

  out += "\n## Results\n";
  for (const SourceView& view : model.sources) {
    for (const GroupView& g : view.groups) {
      out += "\n### " + md_escape(model.source(view.index).label) + ": " +
             md_escape(results::format_group(g.key)) + "\n\n";
      if (auto it = plots.by_group.find(g.id); it != plots.by_group.end()) {
        for (const Plot& p : it->second)
          out += "![" + p.title + "](" + plot_prefix + p.stem + ".svg)\n";
      }
      median_table(out, g, schema::field::bytes_per_second, 1e9, "Bandwidth (GB/s, decimal):");
      median_table(out, g, schema::field::latency_ns, 1e3, "One-way latency (µs):");
    }
    if (auto it = plots.by_source.find(view.index); it != plots.by_source.end()) {
      out += "\n";
      for (const Plot& p : it->second)
        out += "![" + p.title + "](" + plot_prefix + p.stem + ".svg)\n";
    }
    if (auto it = plots.source_notes.find(view.index); it != plots.source_notes.end()) {
      out += "\n";
      for (const auto& note : it->second) out += "- " + note + "\n";
    }
  }

  if (auto tables = reduce_tables(model); !tables.empty()) {
    out += "\n## Reduce beside MPI_Reduce\n\n";
    out +=
        "Median time per reduce (µs), sum to rank 0; MPI_Reduce is Open MPI's own (vader, "
        "single copy none / cma). Numbers compare within one run only.\n";
    for (const ReduceTable& t : tables) {
      out += "\n### ";
      out += md_escape(t.title);
      out += "\n\n";
      out += header(t.columns);
      for (const auto& r : t.rows) out += row(r);
    }
  }

  out += "\n## Tuned settings\n\n";
  if (!model.tuned) {
    out += "No tuned settings given.\n";
  } else {
    out += header({"stack", "setting", "value", "reason"});
    for (const auto& s : model.tuned->settings) out += row({s.stack, s.name, s.value, s.reason});
  }

  out += "\n## Verification on Open MPI\n\n";
  if (!model.verify) {
    out += "No verification given.\n";
  } else {
    auto regime = [](double ns) { return ns > 0 ? results::format_regime(ns) : "unknown"; };
    out += header({"size", "regime", "configuration", "bandwidth (GB/s)", "one-way latency (µs)"});
    for (const auto& r : model.verify->rows) {
      out += row({results::format_size(r.size), regime(r.regime_ns), r.config,
                  gbps(r.bandwidth_Bps), sig3(r.latency_us)});
    }
    if (!model.verify->efficiency.empty()) {
      out += "\n" + header({"size", "regime", "efficiency"});
      for (const auto& e : model.verify->efficiency) {
        out += row({results::format_size(e.size), regime(e.regime_ns), sig3(e.efficiency)});
      }
    }
  }
  return out;
}

}  // namespace crossmem::report
