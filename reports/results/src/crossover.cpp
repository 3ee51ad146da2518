#include "crossmem/results/crossover.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "crossmem/results/name.hpp"

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
  using Samples = std::map<std::uint64_t, std::vector<double>>;
  std::map<GroupKey, std::map<SeriesKey, Samples>> groups;
  for (const Measurement& m : results.measurements) {
    if (!options.workload.empty() && m.axes.workload != options.workload) continue;
    double v = m.counter(options.counter);
    if (!std::isfinite(v)) continue;
    groups[group_of(m.source, m.axes)][SeriesKey{m.axes.strategy, m.axes.tunables}]
          [m.axes.size_bytes]
              .push_back(v);
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
            sizes.push_back(compare_at_size(size, values, it->second, options));
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

}  // namespace crossmem::results
