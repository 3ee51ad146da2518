#include "crossmem/bench/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <regex>

#include "cases.hpp"
#include "crossmem/error.hpp"
#include "crossmem/schema/context.hpp"
#include "crossmem/schema/fields.hpp"
#include "crossmem/schema/regimes.hpp"
#include "crossmem/stats/regime.hpp"
#include "crossmem/stats/summary.hpp"

namespace crossmem::bench {
namespace {

using Run = benchmark::BenchmarkReporter::Run;
using detail::Planned;

std::vector<Planned> plan_all(const SweepPlan& plan) {
  std::vector<Planned> all;
  if (plan.pingpong) all = detail::plan_cases(plan.config);
  if (!plan.contention.workloads.empty()) {
    auto more = detail::plan_contention_cases(plan.config, plan.contention);
    all.insert(all.end(), more.begin(), more.end());
  }
  std::string spec = plan.filter;
  if (spec.empty() || spec == "all") return all;
  bool negate = spec[0] == '-';
  if (negate) spec.erase(0, 1);
  std::regex re;
  try {
    re = std::regex(spec, std::regex::extended);
  } catch (const std::regex_error& e) {
    throw InvalidInput("--benchmark_filter '" + plan.filter + "': " + e.what());
  }
  std::vector<Planned> kept;
  for (auto& p : all) {
    if (std::regex_search(p.name + "/manual_time", re) != negate) kept.push_back(std::move(p));
  }
  return kept;
}

double counter(const Run& run, const char* key, double fallback = NAN) {
  auto it = run.counters.find(key);
  return it == run.counters.end() ? fallback : static_cast<double>(it->second);
}

// One repetition of `p`, registered alone; `iterations` 0: found as --benchmark_min_time says.
Run run_one(const Planned& p, std::uint64_t iterations, std::int64_t family) {
  benchmark::ClearRegisteredBenchmarks();
  detail::fresh_layout();
  detail::register_planned(p, iterations);
  Collector collector;
  benchmark::RunSpecifiedBenchmarks(&collector, nullptr, ".");
  benchmark::ClearRegisteredBenchmarks();
  Run run;
  auto it = std::find_if(collector.runs.begin(), collector.runs.end(),
                         [](const Run& r) { return r.run_type == Run::RT_Iteration; });
  if (it != collector.runs.end()) {
    run = *it;
  } else {
    run.run_name.function_name = p.name;
    run.run_name.time_type = "manual_time";
    run.error_occurred = true;
    run.error_message = "Google Benchmark reported no run";
  }
  run.run_name.iterations.clear();  // the case's name, whatever the iteration count
  run.run_name.repetitions.clear();
  run.statistics = nullptr;  // belonged to the benchmark just cleared
  run.family_index = family;
  run.per_family_instance_index = 0;
  return run;
}

struct Alternative {
  const Planned* planned = nullptr;
  std::int64_t family = 0;
  std::uint64_t iterations = 0;  // 0 until the first repetition found it
  bool failed = false;
  std::vector<Run> kept;
  std::vector<Run> errors;
};

// Measures a group's rounds with Google Benchmark for the round controller.
class GroupSource : public RoundSource {
 public:
  explicit GroupSource(std::vector<Alternative>& alternatives) : alternatives_(alternatives) {}

  RoundMeasure measure(std::span<const std::size_t> order) override {
    const auto start = std::chrono::steady_clock::now();
    RoundMeasure m;
    for (std::size_t i : order) {
      Alternative& a = alternatives_[i];
      if (a.failed) continue;
      Run run = run_one(*a.planned, a.iterations, a.family);
      if (run.error_occurred) {
        a.failed = true;
        a.errors.push_back(run);
        continue;
      }
      if (a.iterations == 0) a.iterations = static_cast<std::uint64_t>(run.iterations);
      m.repetitions.push_back({i, counter(run, schema::field::handoff_before_ns),
                               counter(run, schema::field::handoff_after_ns)});
      held_.emplace_back(i, std::move(run));
    }
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return m;
  }

  void keep(std::size_t round, bool mixed, std::span<const std::size_t> chosen) override {
    for (std::size_t k : chosen) {
      auto& [i, run] = held_.at(k);
      run.counters[schema::field::round] = static_cast<double>(round);
      run.counters[schema::field::mixed_round] = mixed ? 1 : 0;
      run.repetition_index = static_cast<std::int64_t>(round);
      alternatives_[i].kept.push_back(std::move(run));
    }
    held_.clear();
  }

  void discard() override { held_.clear(); }

 private:
  std::vector<Alternative>& alternatives_;
  std::vector<std::pair<std::size_t, Run>> held_;
};

Run aggregate(const std::vector<const Run*>& reps, const char* name, benchmark::StatisticUnit unit,
              double (*compute)(const std::vector<double>&)) {
  const Run& first = *reps.front();
  Run data;
  data.run_name = first.run_name;
  data.family_index = first.family_index;
  data.per_family_instance_index = first.per_family_instance_index;
  data.run_type = Run::RT_Aggregate;
  data.threads = first.threads;
  data.repetitions = static_cast<std::int64_t>(reps.size());
  data.repetition_index = Run::no_repetition_index;
  data.aggregate_name = name;
  data.aggregate_unit = unit;
  data.report_label = first.report_label;
  data.time_unit = first.time_unit;
  data.statistics = nullptr;
  // As Google Benchmark: iterations = repetitions, times scaled so that time / iterations is the
  // statistic of the per-iteration times (a ratio for cv).
  data.iterations = static_cast<benchmark::IterationCount>(reps.size());
  std::vector<double> real, cpu;
  for (const Run* r : reps) {
    const double iters = static_cast<double>(std::max<benchmark::IterationCount>(r->iterations, 1));
    real.push_back(r->real_accumulated_time / iters);
    cpu.push_back(r->cpu_accumulated_time / iters);
  }
  const double scale = unit == benchmark::kTime ? static_cast<double>(reps.size()) : 1.0;
  data.real_accumulated_time = compute(real) * scale;
  data.cpu_accumulated_time = compute(cpu) * scale;
  std::map<std::string, std::vector<double>> values;
  for (const Run* r : reps) {
    for (const auto& [key, c] : r->counters) {
      if (key != schema::field::round && key != schema::field::layout)
        values[key].push_back(c.value);
    }
  }
  for (const auto& [key, v] : values) {
    const benchmark::Counter& like = first.counters.at(key);
    data.counters[key] = benchmark::Counter(compute(v), like.flags, like.oneK);
  }
  return data;
}

double mean_of(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}
double median_of(const std::vector<double>& v) {
  return stats::median(v);
}
double stddev_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double m = mean_of(v);
  double sq = 0;
  for (double x : v) sq += (x - m) * (x - m);
  return std::sqrt(sq / static_cast<double>(v.size() - 1));
}
double cv_of(const std::vector<double>& v) {
  const double m = mean_of(v);
  return m == 0 ? 0 : stddev_of(v) / m;
}

std::string rounds_text(const std::vector<std::size_t>& kept) {
  std::vector<std::size_t> some;
  for (std::size_t k : kept) {
    if (k > 0) some.push_back(k);
  }
  if (some.empty()) return "0";
  auto [lo, hi] = std::minmax_element(some.begin(), some.end());
  if (*lo == *hi) return std::to_string(*lo);
  return std::to_string(*lo) + "-" + std::to_string(*hi);
}

}  // namespace

std::vector<std::string> sweep_case_names(const SweepPlan& plan) {
  std::vector<std::string> names;
  for (const Planned& p : plan_all(plan)) names.push_back(p.name + "/manual_time");
  return names;
}

std::vector<Run> aggregate_runs(const std::vector<Run>& reps) {
  std::vector<const Run*> ok;
  for (const Run& r : reps) {
    if (!r.error_occurred && r.run_type == Run::RT_Iteration) ok.push_back(&r);
  }
  if (ok.size() < 2) return {};
  return {aggregate(ok, "mean", benchmark::kTime, mean_of),
          aggregate(ok, "median", benchmark::kTime, median_of),
          aggregate(ok, "stddev", benchmark::kTime, stddev_of),
          aggregate(ok, "cv", benchmark::kPercentage, cv_of)};
}

std::string annotate_regimes(std::vector<Run>& runs, double gap) {
  auto probed = [](const Run& r) {
    return !r.error_occurred && r.run_type == Run::RT_Iteration &&
           counter(r, schema::field::handoff_before_ns) > 0 &&
           counter(r, schema::field::handoff_after_ns) > 0;
  };
  std::vector<double> probes;
  std::size_t reps = 0;
  for (const Run& r : runs) {
    if (!probed(r)) continue;
    probes.push_back(counter(r, schema::field::handoff_before_ns));
    probes.push_back(counter(r, schema::field::handoff_after_ns));
    ++reps;
  }
  auto regimes = stats::classify(probes, gap);
  std::vector<std::size_t> members(regimes.size(), 0);
  for (Run& r : runs) {
    if (!probed(r)) continue;
    const std::size_t before =
        stats::regime_of(regimes, counter(r, schema::field::handoff_before_ns));
    const std::size_t after =
        stats::regime_of(regimes, counter(r, schema::field::handoff_after_ns));
    const bool unstable = before != after;
    r.counters[schema::field::unstable] = unstable ? 1 : 0;
    r.counters[schema::field::regime_ns] = unstable ? 0 : regimes[before].handoff_ns;
    if (!unstable) ++members[before];
  }
  std::vector<schema::RegimeEntry> out;
  for (std::size_t i = 0; i < regimes.size(); ++i) {
    if (members[i] == 0) continue;  // probe values no whole repetition lay in
    out.push_back({regimes[i].handoff_ns,
                   static_cast<double>(members[i]) / static_cast<double>(reps), members[i]});
  }
  return schema::to_json(out).dump();
}

SweepResult run_sweep(const SweepPlan& plan, const RoundBudget& budget,
                      benchmark::BenchmarkReporter& display) {
  std::vector<Planned> planned = plan_all(plan);
  SweepResult result;
  result.cases = planned.size();

  // Groups in the order of their first case; alternatives in the order of their cases.
  std::vector<std::vector<Alternative>> groups;
  std::map<std::string, std::size_t> group_index;
  std::size_t width = 10;
  for (std::size_t i = 0; i < planned.size(); ++i) {
    auto [it, fresh] = group_index.emplace(planned[i].group, groups.size());
    if (fresh) groups.emplace_back();
    Alternative a;
    a.planned = &planned[i];
    a.family = static_cast<std::int64_t>(i);
    groups[it->second].push_back(std::move(a));
    width = std::max(width, planned[i].name.size() + std::string("/manual_time_median").size());
  }

  benchmark::BenchmarkReporter::Context context;
  context.name_field_width = width;
  display.ReportContext(context);

  RoundController controller(budget);
  std::vector<Run> all;
  for (auto& group : groups) {
    GroupSource source(group);
    controller.run_group(source, group.size());
    // Shown case by case, as Google Benchmark reports them (repetitions, then aggregates).
    for (Alternative& a : group) {
      std::sort(a.kept.begin(), a.kept.end(),
                [](const Run& x, const Run& y) { return x.repetition_index < y.repetition_index; });
      std::vector<Run> shown = a.kept;
      shown.insert(shown.end(), a.errors.begin(), a.errors.end());
      auto agg = aggregate_runs(a.kept);
      shown.insert(shown.end(), agg.begin(), agg.end());
      if (!shown.empty()) display.ReportRuns(shown);
    }
  }
  benchmark::ClearRegisteredBenchmarks();
  end_suite();

  // Every case's repetitions, by round, then its errors; regimes over the whole run.
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // [begin, end) of each case in `all`
  for (auto& group : groups) {
    for (Alternative& a : group) {
      std::sort(a.kept.begin(), a.kept.end(),
                [](const Run& x, const Run& y) { return x.repetition_index < y.repetition_index; });
      const std::size_t begin = all.size();
      for (Run& r : a.kept) {
        r.repetitions = static_cast<std::int64_t>(a.kept.size());
        all.push_back(std::move(r));
      }
      for (Run& r : a.errors) {
        r.repetitions = static_cast<std::int64_t>(a.kept.size() + 1);
        r.repetition_index = static_cast<std::int64_t>(a.kept.size());
        all.push_back(std::move(r));
      }
      spans.emplace_back(begin, all.size());
    }
  }
  const std::string regimes = annotate_regimes(all, budget.gap);
  for (auto [begin, end] : spans) {
    std::vector<Run> reps(all.begin() + static_cast<std::ptrdiff_t>(begin),
                          all.begin() + static_cast<std::ptrdiff_t>(end));
    auto agg = aggregate_runs(reps);
    result.runs.insert(result.runs.end(), reps.begin(), reps.end());
    result.runs.insert(result.runs.end(), agg.begin(), agg.end());
  }

  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", controller.repeated_seconds());
  result.context = {
      {schema::key::regime_policy, std::string(to_string(budget.policy))},
      {schema::key::regime_budget, describe(budget)},
      {schema::key::regimes, regimes},
      {schema::key::retries, std::to_string(controller.repeated())},
      {schema::key::retry_seconds, seconds},
      {schema::key::rounds, rounds_text(controller.kept_per_group())},
      {schema::key::round_order,
       "paired rounds: per comparison group (workload, size, procs, placement, cache, pages, "
       "fresh), one repetition of every strategy and tunable value back to back per round, in a "
       "cyclic Latin square over a shuffled order"},
      {schema::key::layouts,
       "buffers allocated afresh for every repetition; its layout field names the allocation"},
  };
  return result;
}

}  // namespace crossmem::bench
