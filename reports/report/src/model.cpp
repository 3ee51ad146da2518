#include "model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string_view>
#include <tuple>

#include "crossmem/results/name.hpp"
#include "crossmem/schema/fields.hpp"

namespace crossmem::report {

namespace {

std::vector<GroupView> build_groups(const results::Results& results,
                                    const std::vector<std::string>& order,
                                    const std::vector<Summary>& summaries, std::size_t source,
                                    const std::string& source_id) {
  std::map<GroupKey, std::map<std::pair<std::string, std::map<std::string, std::string>>, Series>>
      grouped;
  for (const Summary& s : summaries) {
    if (s.source != source) continue;
    auto& series = grouped[results::group_of(s.source, s.axes, s.regime_ns)]
                          [{s.axes.strategy, s.axes.tunables}];
    series.strategy = s.axes.strategy;
    series.tunables = s.axes.tunables;
    series.label = series_label(s.axes.strategy, s.axes.tunables);
    series.rank = strategy_rank(order, s.axes.strategy);
    series.info = results::find_strategy(results, source, s.axes.strategy);
    series.by_size[s.axes.size_bytes] = &s;
  }
  std::vector<GroupView> out;
  for (auto& [key, by_series] : grouped) {
    GroupView g;
    g.key = key;
    g.id = source_id + "-g" + std::to_string(out.size());
    std::set<std::uint64_t> sizes;
    for (auto& [series_key, series] : by_series) {
      for (const auto& [size, summary] : series.by_size) sizes.insert(size);
      g.series.push_back(std::move(series));
    }
    std::stable_sort(g.series.begin(), g.series.end(),
                     [](const Series& a, const Series& b) { return a.rank < b.rank; });
    g.sizes.assign(sizes.begin(), sizes.end());
    out.push_back(std::move(g));
  }
  // Ping-pong first: it is the workload every strategy runs. Repetitions whose probes disagreed
  // come last; among the regimes of the same conditions, the one with the most repetitions first.
  std::map<GroupKey, std::size_t> conditions;  // group without regime -> order of appearance
  std::map<const GroupView*, std::size_t> repetitions;
  for (const GroupView& g : out) {
    conditions.emplace(results::without_regime(g.key), conditions.size());
    std::size_t n = 0;
    for (const Series& series : g.series) {
      for (const auto& [size, summary] : series.by_size) n += summary->repetitions;
    }
    repetitions[&g] = n;
  }
  auto rank = [&](const GroupView& g) {
    return std::make_tuple(g.key.workload != "pingpong",
                           g.key.regime_ns == results::kUnstableRegime,
                           conditions.at(results::without_regime(g.key)),
                           std::numeric_limits<std::size_t>::max() - repetitions.at(&g));
  };
  std::vector<std::pair<decltype(rank(out.front())), std::size_t>> ranked;
  for (std::size_t i = 0; i < out.size(); ++i) ranked.emplace_back(rank(out[i]), i);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<GroupView> sorted;
  for (const auto& [key, i] : ranked) sorted.push_back(std::move(out[i]));
  return sorted;
}

std::vector<SkipRow> build_skips(const results::Results& results,
                                 const std::vector<std::string>& order, std::size_t source) {
  std::map<std::tuple<std::string, bool, std::string, std::string>, SkipRow> rows;
  for (const results::Skip& skip : results.skips) {
    if (skip.source != source) continue;
    SkipRow& row = rows[{skip.axes.strategy, skip.unsupported, skip.reason, skip.remedy}];
    row.strategy = skip.axes.strategy;
    row.unsupported = skip.unsupported;
    row.reason = skip.reason;
    row.remedy = skip.remedy;
    ++row.instances;
  }
  for (const results::StrategyInfo& info : results.sources.at(source).strategies) {
    if (info.available) continue;
    bool listed = std::any_of(rows.begin(), rows.end(), [&info](const auto& entry) {
      return entry.second.strategy == info.name;
    });
    if (listed) continue;
    SkipRow& row = rows[{info.name, true, info.reason, info.remedy}];
    row.strategy = info.name;
    row.reason = info.reason;
    row.remedy = info.remedy;
  }
  std::vector<SkipRow> out;
  for (auto& [key, row] : rows) out.push_back(std::move(row));
  std::stable_sort(out.begin(), out.end(), [&order](const SkipRow& a, const SkipRow& b) {
    return strategy_rank(order, a.strategy) < strategy_rank(order, b.strategy);
  });
  return out;
}

}  // namespace

int strategy_rank(const std::vector<std::string>& order, const std::string& strategy) {
  auto it = std::find(order.begin(), order.end(), strategy);
  return static_cast<int>(it - order.begin());
}

std::string series_label(const std::string& strategy,
                         const std::map<std::string, std::string>& tunables) {
  std::string t = results::format_tunables(tunables);
  return t.empty() ? strategy : strategy + " " + t;
}

const Flags& Model::flags_of(const Summary* s) const {
  static const Flags none;
  auto it = flags.find(s);
  return it == flags.end() ? none : it->second;
}

Model build_model(const results::Results& results, std::optional<results::Tuned> tuned,
                  std::optional<results::Verify> verify) {
  Model model;
  model.results = &results;
  model.strategy_order = results::strategy_order(results);
  model.summaries = results::summarize(results);
  model.crossovers = results::find_crossovers(results);
  model.disagreements = results::regime_disagreements(model.crossovers);
  for (const auto& d : model.disagreements) {
    model.disagreement_sentences.push_back(
        results::describe_disagreement(d, results.sources.at(d.group.source).label));
  }
  model.tuned = std::move(tuned);
  model.verify = std::move(verify);

  for (std::size_t i = 0; i < results.sources.size(); ++i) {
    SourceView view;
    view.index = i;
    view.id = fmt::format("s{}", i);
    view.groups = build_groups(results, model.strategy_order, model.summaries, i, view.id);
    view.skips = build_skips(results, model.strategy_order, i);
    for (const results::StrategyInfo& info : results.sources[i].strategies) {
      if (info.in_process && view.in_process.empty()) view.in_process = info.name;
      if (info.reference && info.copies == 1) {
        view.ceilings += (view.ceilings.empty() ? "" : " and ") + info.name;
      }
    }
    double min_handoff = std::numeric_limits<double>::infinity();
    std::map<double, std::size_t> counted;  // regime -> repetitions
    std::size_t with_excess = 0, total = 0;
    for (const results::Measurement& m : results.measurements) {
      if (m.source != i) continue;
      ++total;
      double h = m.counter(schema::field::handoff_ns);
      if (std::isfinite(h) && h > 0) min_handoff = std::min(min_handoff, h);
      double regime = m.regime();
      if (regime != results::kUnknownRegime) view.has_regimes = true;
      if (regime == results::kUnstableRegime) ++view.unstable;
      if (regime > 0) ++counted[regime];
      if (m.counters.contains(schema::field::preempt_excess)) ++with_excess;
    }
    view.preempt_counter =
        with_excess > 0 ? schema::field::preempt_excess : schema::field::preempted_v1;
    view.min_handoff_ns =
        std::isfinite(min_handoff) ? min_handoff : std::numeric_limits<double>::quiet_NaN();
    view.threshold_ns = view.has_regimes ? std::numeric_limits<double>::quiet_NaN()
                                         : view.min_handoff_ns * kSlowRegimeFactor;
    const results::Source& src = results.sources.at(i);
    if (!src.regimes.empty()) {
      for (const auto& r : src.regimes) {
        view.regimes.push_back({r.regime_ns, r.share, static_cast<std::size_t>(r.repetitions)});
      }
    } else {
      for (const auto& [regime, n] : counted) {
        view.regimes.push_back(
            {regime, total ? static_cast<double>(n) / static_cast<double>(total) : 0, n});
      }
    }
    std::sort(view.regimes.begin(), view.regimes.end(),
              [](const RegimeRow& a, const RegimeRow& b) { return a.regime_ns < b.regime_ns; });
    model.sources.push_back(std::move(view));
  }

  for (const Summary& s : model.summaries) {
    SourceView& view = model.sources.at(s.source);
    Flags f;
    f.repetitions = s.repetitions;
    auto values = [&s](const char* name) {
      auto it = s.samples.find(name);
      return it == s.samples.end() ? std::vector<double>{} : it->second;
    };
    for (double h : values(schema::field::handoff_ns)) {
      f.max_handoff_ns = std::max(f.max_handoff_ns, h);
      if (std::isfinite(view.threshold_ns) && h > view.threshold_ns) ++f.slow;
    }
    for (double p : values(view.preempt_counter.c_str())) {
      f.max_preempted = std::max(f.max_preempted, p);
      if (p > 0) ++f.preempted;
    }
    if (s.regime_ns == results::kUnstableRegime) f.unstable = s.repetitions;
    for (double v : values(schema::field::validated)) {
      if (v != 1) ++f.unvalidated;
    }
    view.measurements += f.repetitions;
    view.slow += f.slow;
    view.preempted += f.preempted;
    view.unvalidated += f.unvalidated;
    if (f.any()) view.flagged.push_back(&s);
    model.flags[&s] = f;
  }
  return model;
}

}  // namespace crossmem::report
