#include "crossmem/results/crossover.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

#include "crossmem/results/name.hpp"
#include "crossmem/schema/fields.hpp"
#include "crossmem/stats/paired.hpp"
#include "crossmem/stats/summary.hpp"

namespace crossmem::results {

std::string_view to_string(Direction d) {
  switch (d) {
    case Direction::overtakes:
      return "overtakes";
    case Direction::falls_behind:
      return "falls_behind";
    case Direction::none:
      break;
  }
  return "none";
}

std::string_view to_string(CrossoverStatus s) {
  switch (s) {
    case CrossoverStatus::found:
      return "found";
    case CrossoverStatus::no_crossover:
      return "no_crossover";
    case CrossoverStatus::inconclusive:
      break;
  }
  return "inconclusive";
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::candidate_faster:
      return "candidate_faster";
    case Verdict::baseline_faster:
      return "baseline_faster";
    case Verdict::undecided:
      break;
  }
  return "undecided";
}

namespace {

std::string number(double value, const char* format) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

std::vector<double> finite(const std::vector<double>& values) {
  std::vector<double> out;
  for (double v : values) {
    if (std::isfinite(v)) out.push_back(v);
  }
  return out;
}

// A maximal sequence of decided sizes with the same verdict; undecided sizes do not break it.
struct Run {
  Verdict verdict;
  std::size_t first;  // index into the comparisons
  std::size_t last;
  std::size_t count;  // decided sizes in the run
};

std::string describe_run(const Run& run, const std::vector<SizeComparison>& sizes,
                         const std::string& who) {
  std::string range = format_size(sizes[run.first].size_bytes);
  if (run.last != run.first) range += ".." + format_size(sizes[run.last].size_bytes);
  return who + " faster at " + range + " (" + std::to_string(run.count) +
         (run.count == 1 ? " size)" : " sizes)");
}

}  // namespace

SizeComparison compare_at_size(std::uint64_t size_bytes, const std::vector<double>& candidate,
                               const std::vector<double>& baseline,
                               const CrossoverOptions& options) {
  std::vector<double> a = finite(candidate), b = finite(baseline);
  SizeComparison c;
  c.size_bytes = size_bytes;
  c.candidate = spread_of(a);
  c.baseline = spread_of(b);
  c.p_value = mann_whitney_p(a, b);
  if (a.size() < options.min_repetitions || b.size() < options.min_repetitions) {
    c.note = "fewer than " + std::to_string(options.min_repetitions) + " repetitions";
    return c;
  }
  const Spread& sa = c.candidate;
  const Spread& sb = c.baseline;
  bool candidate_ahead = options.higher_is_better ? sa.low > sb.high : sa.high < sb.low;
  bool baseline_ahead = options.higher_is_better ? sb.low > sa.high : sb.high < sa.low;
  if (!candidate_ahead && !baseline_ahead) {
    c.note =
        sa.percentiles && sb.percentiles ? "p10..p90 ranges overlap" : "min..max ranges overlap";
    return c;
  }
  double hi = std::max(sa.median, sb.median), lo = std::min(sa.median, sb.median);
  double effect = lo > 0 ? hi / lo - 1 : (hi > lo ? INFINITY : 0);
  if (effect < options.min_effect) {
    c.note = "medians differ by " + number(effect * 100, "%.1f") + "% (< " +
             number(options.min_effect * 100, "%.1f") + "%)";
    return c;
  }
  if (a.size() >= kPercentileMinimum && b.size() >= kPercentileMinimum &&
      c.p_value >= options.alpha) {
    c.note = "Mann-Whitney p = " + number(c.p_value, "%.3g") +
             " (>= " + number(options.alpha, "%.3g") + ")";
    return c;
  }
  c.verdict = candidate_ahead ? Verdict::candidate_faster : Verdict::baseline_faster;
  return c;
}

SizeComparison compare_paired_at_size(std::uint64_t size_bytes,
                                      const std::vector<RoundValue>& candidate,
                                      const std::vector<RoundValue>& baseline,
                                      const CrossoverOptions& options) {
  auto values = [](const std::vector<RoundValue>& side) {
    std::vector<double> out;
    for (const RoundValue& r : side) out.push_back(r.value);
    return out;
  };
  auto has_rounds = [](const std::vector<RoundValue>& side) {
    return !side.empty() && std::all_of(side.begin(), side.end(),
                                        [](const RoundValue& r) { return std::isfinite(r.round); });
  };
  if (!has_rounds(candidate) || !has_rounds(baseline)) {
    return compare_at_size(size_bytes, values(candidate), values(baseline), options);
  }
  SizeComparison c;
  c.size_bytes = size_bytes;
  c.paired = true;
  c.candidate = spread_of(values(candidate));
  c.baseline = spread_of(values(baseline));

  // Per round: the median of that side's repetitions (one, unless a round was repeated).
  auto by_round = [](const std::vector<RoundValue>& side) {
    std::map<double, std::vector<double>> rounds;
    for (const RoundValue& r : side) {
      if (std::isfinite(r.value) && r.value > 0) rounds[r.round].push_back(r.value);
    }
    std::map<double, double> out;
    for (auto& [round, v] : rounds) out[round] = stats::median(v);
    return out;
  };
  std::map<double, double> a = by_round(candidate), b = by_round(baseline);
  std::vector<double> pa, pb;
  for (const auto& [round, value] : a) {
    auto it = b.find(round);
    if (it == b.end()) continue;
    pa.push_back(value);
    pb.push_back(it->second);
  }
  c.rounds = pa.size();

  // Spread across buffer layouts: max/min of the per-layout medians, the larger of the two sides.
  auto layout_spread = [](const std::vector<RoundValue>& side, std::size_t& layouts) {
    std::map<double, std::vector<double>> by_layout;
    for (const RoundValue& r : side) {
      if (std::isfinite(r.layout) && std::isfinite(r.value)) by_layout[r.layout].push_back(r.value);
    }
    layouts = std::max(layouts, by_layout.size());
    if (by_layout.size() < 2) return 1.0;
    double lo = INFINITY, hi = 0;
    for (auto& [layout, v] : by_layout) {
      double m = stats::median(v);
      lo = std::min(lo, m);
      hi = std::max(hi, m);
    }
    return lo > 0 ? hi / lo : 1.0;
  };
  c.layout_spread =
      std::max(layout_spread(candidate, c.layouts), layout_spread(baseline, c.layouts));

  if (c.rounds < options.min_repetitions) {
    c.note = "fewer than " + std::to_string(options.min_repetitions) + " paired rounds";
    return c;
  }
  if (stats::sign_test_rank(c.rounds, options.confidence) == 0) {
    // Too few rounds for a sign-test interval at this confidence (fewer than 6 at 0.95): the
    // repetitions of this regime are compared unpaired, as results without rounds are.
    SizeComparison u = compare_at_size(size_bytes, values(candidate), values(baseline), options);
    u.paired = false;
    u.rounds = c.rounds;
    u.layouts = c.layouts;
    u.layout_spread = c.layout_spread;
    if (u.verdict == Verdict::undecided) {
      u.note +=
          " (" + std::to_string(c.rounds) + " paired rounds: too few for a sign-test interval)";
      return u;
    }
    double hi = std::max(u.candidate.median, u.baseline.median);
    double lo = std::min(u.candidate.median, u.baseline.median);
    if (lo > 0 && u.layout_spread >= hi / lo) {
      u.verdict = Verdict::undecided;
      u.note = "the spread across " + std::to_string(u.layouts) + " buffer layouts (" +
               number((u.layout_spread - 1) * 100, "%.0f") + "%) is larger than the difference";
    }
    return u;
  }
  stats::PairedRatio r = stats::paired_ratio(pa, pb, options.confidence);
  c.ratio = r.median;
  c.ratio_low = r.low;
  c.ratio_high = r.high;
  const std::string shown = "paired ratio " + number(r.median, "%.3g") + " (" +
                            number(r.low, "%.3g") + "-" + number(r.high, "%.3g") + ", " +
                            std::to_string(c.rounds) + " rounds)";
  if (!r.decided || !std::isfinite(r.median)) {
    c.note = shown + " includes 1";
    return c;
  }
  double effect = r.median >= 1 ? r.median - 1 : 1 / r.median - 1;
  if (effect < options.min_effect) {
    c.note = shown + " differs from 1 by " + number(effect * 100, "%.1f") + "% (< " +
             number(options.min_effect * 100, "%.1f") + "%)";
    return c;
  }
  if (c.layout_spread - 1 >= effect) {
    c.note = shown + ": the spread across " + std::to_string(c.layouts) + " buffer layouts (" +
             number((c.layout_spread - 1) * 100, "%.0f") + "%) is larger than the difference";
    return c;
  }
  bool candidate_ahead = options.higher_is_better ? r.median > 1 : r.median < 1;
  c.verdict = candidate_ahead ? Verdict::candidate_faster : Verdict::baseline_faster;
  return c;
}

std::vector<Crossover> crossovers_from_comparisons(std::vector<SizeComparison> sizes,
                                                   const std::string& candidate_name,
                                                   const std::string& baseline_name,
                                                   const CrossoverOptions& options) {
  std::sort(sizes.begin(), sizes.end(), [](const SizeComparison& x, const SizeComparison& y) {
    return x.size_bytes < y.size_bytes;
  });
  std::vector<Run> runs;
  std::size_t undecided = 0;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    Verdict v = sizes[i].verdict;
    if (v == Verdict::undecided) {
      ++undecided;
      continue;
    }
    if (!runs.empty() && runs.back().verdict == v) {
      runs.back().last = i;
      ++runs.back().count;
    } else {
      runs.push_back(Run{v, i, i, 1});
    }
  }
  auto who = [&](Verdict v) {
    return v == Verdict::candidate_faster ? candidate_name : baseline_name;
  };

  std::vector<Crossover> out;
  if (runs.size() <= 1) {
    Crossover x;
    x.sizes = sizes;
    if (sizes.empty()) {
      x.status = CrossoverStatus::inconclusive;
      x.reason = "no size measured for both";
    } else if (runs.empty()) {
      x.status = CrossoverStatus::inconclusive;
      x.reason = "no size separates them (" + std::to_string(sizes.size()) +
                 " sizes compared, all undecided)";
    } else {
      x.reason = describe_run(runs.front(), sizes, who(runs.front().verdict)) + " of " +
                 std::to_string(sizes.size()) + " compared; " + std::to_string(undecided) +
                 " undecided";
      if (runs.front().count >= options.min_run) {
        x.status = CrossoverStatus::no_crossover;
      } else {
        x.status = CrossoverStatus::inconclusive;
        x.reason += "; a claim needs " + std::to_string(options.min_run) + " decided sizes";
      }
    }
    out.push_back(std::move(x));
    return out;
  }

  for (std::size_t r = 0; r + 1 < runs.size(); ++r) {
    const Run& before = runs[r];
    const Run& after = runs[r + 1];
    Crossover x;
    x.sizes = sizes;
    x.direction =
        after.verdict == Verdict::candidate_faster ? Direction::overtakes : Direction::falls_behind;
    x.lower_bytes = sizes[before.last].size_bytes;
    x.upper_bytes = sizes[after.first].size_bytes;
    x.estimate_bytes = static_cast<std::uint64_t>(std::llround(
        std::sqrt(static_cast<double>(x.lower_bytes) * static_cast<double>(x.upper_bytes))));
    std::size_t between = after.first - before.last - 1;
    x.reason = describe_run(before, sizes, who(before.verdict)) + "; " +
               describe_run(after, sizes, who(after.verdict));
    if (between > 0) x.reason += "; " + std::to_string(between) + " undecided between";
    for (std::size_t at : {before.last, after.first}) {
      const SizeComparison& c = sizes[at];
      if (!c.paired) continue;
      x.reason += "; at " + format_size(c.size_bytes) + " " + candidate_name + "/" + baseline_name +
                  " = " + number(c.ratio, "%.3g") + " (" + number(c.ratio_low, "%.3g") + "-" +
                  number(c.ratio_high, "%.3g") + ")";
    }
    if (before.count >= options.min_run && after.count >= options.min_run) {
      x.status = CrossoverStatus::found;
    } else {
      x.status = CrossoverStatus::inconclusive;
      x.reason += "; each side needs " + std::to_string(options.min_run) + " decided sizes";
    }
    out.push_back(std::move(x));
  }
  return out;
}

std::pair<std::string, std::vector<std::string>> comparison_for(const Results& results,
                                                                std::size_t source,
                                                                const CrossoverOptions& options) {
  std::string baseline = options.baseline;
  std::vector<std::string> candidates = options.candidates;
  if (source < results.sources.size()) {
    for (const StrategyInfo& info : results.sources[source].strategies) {
      if (options.baseline.empty() && baseline.empty() && !info.reference && !info.in_process &&
          info.copies >= 2) {
        baseline = info.name;
      }
      if (options.candidates.empty() && !info.in_process && info.copies == 1) {
        candidates.push_back(info.name);
      }
    }
  }
  return {baseline, candidates};
}

std::vector<Crossover> find_crossovers(const Results& results, const CrossoverOptions& options) {
  using SeriesKey = std::pair<std::string, std::map<std::string, std::string>>;
  using Samples = std::map<std::uint64_t, std::vector<RoundValue>>;
  std::map<GroupKey, std::map<SeriesKey, Samples>> groups;
  for (const Measurement& m : results.measurements) {
    if (!options.workload.empty() && m.axes.workload != options.workload) continue;
    double v = m.counter(options.counter);
    if (!std::isfinite(v)) continue;
    double regime = m.regime();
    if (regime == kUnstableRegime) continue;
    groups[group_of(m.source, m.axes, regime)][SeriesKey{m.axes.strategy, m.axes.tunables}]
          [m.axes.size_bytes]
              .push_back(
                  RoundValue{v, m.counter(schema::field::round), m.counter(schema::field::layout)});
  }

  std::vector<Crossover> out;
  for (const auto& [group, series] : groups) {
    const auto [baseline, candidates] = comparison_for(results, group.source, options);
    std::vector<const std::pair<const SeriesKey, Samples>*> baselines;
    for (const auto& entry : series) {
      if (!baseline.empty() && entry.first.first == baseline) baselines.push_back(&entry);
    }
    if (baselines.empty()) continue;
    for (const std::string& candidate : candidates) {
      if (candidate == baseline) continue;
      for (const auto& entry : series) {
        if (entry.first.first != candidate) continue;
        for (const auto* base : baselines) {
          std::vector<SizeComparison> sizes;
          for (const auto& [size, values] : entry.second) {
            auto it = base->second.find(size);
            if (it == base->second.end()) continue;
            sizes.push_back(compare_paired_at_size(size, values, it->second, options));
          }
          for (Crossover& x :
               crossovers_from_comparisons(std::move(sizes), candidate, baseline, options)) {
            x.group = group;
            x.strategy = candidate;
            x.tunables = entry.first.second;
            x.baseline = baseline;
            x.baseline_tunables = base->first.second;
            out.push_back(std::move(x));
          }
        }
      }
    }
  }
  return out;
}

std::vector<RegimeDisagreement> regime_disagreements(const std::vector<Crossover>& crossovers) {
  using Key = std::tuple<GroupKey, std::string, std::map<std::string, std::string>,
                         std::map<std::string, std::string>>;
  // Per comparison, per regime: the first record (every record of a pair carries all sizes).
  std::map<Key, std::map<double, const Crossover*>> by_key;
  std::vector<Key> order;
  for (const Crossover& x : crossovers) {
    if (!(x.group.regime_ns > 0)) continue;
    Key key{without_regime(x.group), x.strategy, x.tunables, x.baseline_tunables};
    auto [it, added] = by_key.try_emplace(key);
    if (added) order.push_back(key);
    it->second.emplace(x.group.regime_ns, &x);
  }
  std::vector<RegimeDisagreement> out;
  for (const Key& key : order) {
    const auto& regimes = by_key.at(key);
    for (const auto& [ra, xa] : regimes) {
      for (const auto& [rb, xb] : regimes) {
        if (ra == rb) continue;
        RegimeDisagreement d;
        for (const SizeComparison& ca : xa->sizes) {
          for (const SizeComparison& cb : xb->sizes) {
            if (ca.size_bytes == cb.size_bytes && ca.verdict == Verdict::candidate_faster &&
                cb.verdict == Verdict::baseline_faster) {
              d.sizes.push_back(ca.size_bytes);
            }
          }
        }
        if (d.sizes.empty()) continue;
        d.group = std::get<0>(key);
        d.strategy = xa->strategy;
        d.tunables = xa->tunables;
        d.baseline = xa->baseline;
        d.baseline_tunables = xa->baseline_tunables;
        d.candidate_wins_ns = ra;
        d.baseline_wins_ns = rb;
        out.push_back(std::move(d));
      }
    }
  }
  return out;
}

std::string describe_disagreement(const RegimeDisagreement& d, const std::string& run) {
  auto label = [](const std::string& strategy, const std::map<std::string, std::string>& t) {
    std::string tunables = format_tunables(t);
    return tunables.empty() ? strategy : strategy + " " + tunables;
  };
  std::string sizes = format_size(d.sizes.front());
  if (d.sizes.size() > 1) sizes += ".." + format_size(d.sizes.back());
  return "The host regimes disagree: in " + format_group(d.group) + " (" + run + "), " +
         label(d.strategy, d.tunables) + " beats " + label(d.baseline, d.baseline_tunables) +
         " at " + sizes + " in the " + format_regime(d.candidate_wins_ns) +
         " regime but loses to it in the " + format_regime(d.baseline_wins_ns) + " regime.";
}

}  // namespace crossmem::results
