// Regime annotation and aggregates of crossmem-bench's runs, on synthetic Google Benchmark runs.
#include "crossmem/bench/sweep.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace crossmem::bench {
namespace {

using GbRun = benchmark::BenchmarkReporter::Run;

GbRun rep(double before, double after, double seconds_per_iteration, double bandwidth) {
  GbRun r;
  r.run_name.function_name = "pingpong/memcpy/size:64";
  r.iterations = 10;
  r.real_accumulated_time = seconds_per_iteration * 10;
  r.cpu_accumulated_time = seconds_per_iteration * 10;
  r.time_unit = benchmark::kMicrosecond;
  r.counters["handoff_before_ns"] = before;
  r.counters["handoff_after_ns"] = after;
  r.counters["bytes_per_second"] = bandwidth;
  r.counters["round"] = 1;
  r.counters["layout"] = 7;
  return r;
}

double counter(const GbRun& r, const char* key) {
  return r.counters.at(key).value;
}

TEST(SweepRegimes, AnnotatesEveryProbedRepetition) {
  std::vector<GbRun> runs{rep(60, 62, 1, 1), rep(58, 61, 1, 1), rep(250, 260, 1, 1),
                          rep(61, 255, 1, 1)};
  GbRun failed;
  failed.error_occurred = true;
  runs.push_back(failed);
  auto regimes = nlohmann::json::parse(annotate_regimes(runs, 2.0));
  ASSERT_EQ(regimes.size(), 2u);
  EXPECT_NEAR(regimes[0]["regime_ns"].get<double>(), 61, 1);
  EXPECT_EQ(regimes[0]["repetitions"], 2);
  EXPECT_DOUBLE_EQ(regimes[0]["share"].get<double>(), 0.5);
  EXPECT_NEAR(regimes[1]["regime_ns"].get<double>(), 255, 1);
  EXPECT_EQ(regimes[1]["repetitions"], 1);
  EXPECT_EQ(counter(runs[0], "unstable"), 0);
  EXPECT_EQ(counter(runs[0], "regime_ns"), regimes[0]["regime_ns"].get<double>());
  EXPECT_EQ(counter(runs[2], "regime_ns"), regimes[1]["regime_ns"].get<double>());
  EXPECT_EQ(counter(runs[3], "unstable"), 1);
  EXPECT_EQ(counter(runs[3], "regime_ns"), 0);
  EXPECT_EQ(runs[4].counters.count("regime_ns"), 0u);

  std::vector<GbRun> none{failed};
  EXPECT_EQ(annotate_regimes(none, 2.0), "[]");
}

TEST(SweepAggregates, AsGoogleBenchmarkComputesThem) {
  std::vector<GbRun> reps{rep(60, 60, 1e-6, 10), rep(60, 60, 3e-6, 20), rep(60, 60, 2e-6, 60)};
  auto agg = aggregate_runs(reps);
  ASSERT_EQ(agg.size(), 4u);
  EXPECT_EQ(agg[0].aggregate_name, "mean");
  EXPECT_EQ(agg[1].aggregate_name, "median");
  EXPECT_EQ(agg[2].aggregate_name, "stddev");
  EXPECT_EQ(agg[3].aggregate_name, "cv");
  for (const GbRun& a : agg) {
    EXPECT_EQ(a.run_type, GbRun::RT_Aggregate);
    EXPECT_EQ(a.repetitions, 3);
    EXPECT_EQ(a.counters.count("round"), 0u);
    EXPECT_EQ(a.counters.count("layout"), 0u);
  }
  EXPECT_NEAR(agg[0].GetAdjustedRealTime(), 2, 1e-9);  // microseconds per iteration
  EXPECT_NEAR(agg[1].GetAdjustedRealTime(), 2, 1e-9);
  EXPECT_NEAR(agg[2].GetAdjustedRealTime(), 1, 1e-9);
  EXPECT_NEAR(agg[3].real_accumulated_time, 0.5, 1e-9);
  EXPECT_DOUBLE_EQ(counter(agg[0], "bytes_per_second"), 30);
  EXPECT_DOUBLE_EQ(counter(agg[1], "bytes_per_second"), 20);
  GbRun failed;
  failed.error_occurred = true;
  EXPECT_TRUE(aggregate_runs({reps[0], failed}).empty());
}

}  // namespace
}  // namespace crossmem::bench
