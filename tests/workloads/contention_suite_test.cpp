// Registration of the contention cases: names, counts, errors, and one oversubscribed case run
// through Google Benchmark with its counters. Registration goes to Google Benchmark's one global
// registry: every test starts and ends with it empty, so no test runs or counts another's cases.
#include "crossmem/bench/contention_suite.hpp"

#include <benchmark/benchmark.h>
#include <gtest/gtest.h>

#include "crossmem/bench/pinning.hpp"
#include "crossmem/bench/sweep.hpp"
#include "crossmem/error.hpp"

namespace crossmem {
namespace {

using bench::ContentionOptions;
using bench::SuiteConfig;

using bench::Collector;

class ContentionSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char arg0[] = "test", min_time[] = "--benchmark_min_time=0.01";
    char* argv[] = {arg0, min_time};
    int argc = 2;
    benchmark::Initialize(&argc, argv);
  }
  void SetUp() override { benchmark::ClearRegisteredBenchmarks(); }
  void TearDown() override { benchmark::ClearRegisteredBenchmarks(); }
};

SuiteConfig small_config() {
  SuiteConfig config;
  config.strategies = {find_strategy("shm-copy")};
  config.sizes = {4096};
  config.validate = true;
  config.pus = bench::default_pus(2, false);
  config.probe_rounds = 100;
  config.timeout = std::chrono::milliseconds(5000);
  return config;
}

TEST_F(ContentionSuite, RejectsUnknownWorkloadsAndCounts) {
  EXPECT_THROW(bench::register_contention_cases(small_config(), {.workloads = {"many-to-two"}}),
               InvalidInput);
  EXPECT_THROW(bench::register_contention_cases(small_config(), {.workloads = {}, .max_procs = 1}),
               InvalidInput);
  EXPECT_EQ(bench::contention_workload_names(),
            (std::vector<std::string>{"many-to-one", "one-to-many", "all-to-all", "reduce"}));
  // Two-process rows are not contention workloads.
  EXPECT_THROW(bench::register_contention_cases(small_config(), {.workloads = {"pingpong"}}),
               InvalidInput);
}

TEST_F(ContentionSuite, OversubscribedCaseReportsItsCounters) {
  ContentionOptions opts{
      .workloads = {"many-to-one", "all-to-all"}, .max_procs = 3, .allow_oversubscribe = true};
  // Process counts 2 and 3 for each workload (3 shares a core on a 2-core machine).
  EXPECT_EQ(bench::register_contention_cases(small_config(), opts), 4);

  Collector collector;
  benchmark::RunSpecifiedBenchmarks(&collector, "^many-to-one/shm-copy/size:4096/procs:3/");
  bench::end_contention_suite();

  ASSERT_EQ(collector.runs.size(), 1u);
  const auto& run = collector.runs[0];
  EXPECT_FALSE(run.error_occurred) << run.error_message;
  const std::string name = run.benchmark_name();
  const std::string cls = bench::plan_pus("", 3, true).placement;
  EXPECT_NE(name.find("/placement:" + cls + "/cache:hot/pages:4k/fresh:0"), std::string::npos)
      << name;
  const bool shared = name.find("/oversubscribed:1") != std::string::npos;
  auto counter = [&](const char* key) {
    auto it = run.counters.find(key);
    EXPECT_NE(it, run.counters.end()) << key;
    return it == run.counters.end() ? -1.0 : static_cast<double>(it->second);
  };
  EXPECT_EQ(counter("size_bytes"), 4096);
  EXPECT_EQ(counter("procs"), 3);
  EXPECT_EQ(counter("validated"), 1);
  EXPECT_EQ(counter("oversubscribed"), shared ? 1 : 0);
  if (shared) {
    EXPECT_EQ(counter("futex_wait"), 1);
  }
  EXPECT_GT(counter("aggregate_bytes_per_second"), 0);
  EXPECT_EQ(counter("bytes_per_second"), counter("aggregate_bytes_per_second"));
  EXPECT_GT(counter("sender_min_bytes_per_second"), 0);
  EXPECT_LE(counter("sender_min_bytes_per_second"), counter("sender_max_bytes_per_second"));
  EXPECT_GT(counter("round_ns"), 0);
  EXPECT_EQ(counter("latency_ns"), counter("round_ns"));
  EXPECT_GT(counter("doorbell_ns"), 0);
  EXPECT_GE(counter("handoff_ns"), 0);
  EXPECT_GE(counter("involuntary"), 0);
  EXPECT_GE(counter("preempt_excess"), 0);
  EXPECT_GT(counter("handoff_before_ns"), 0);
  EXPECT_GT(counter("handoff_after_ns"), 0);
}

// The placement request decides where the ranks of every process count go: a class the machine
// lacks is a skipped case with the reason; explicit locations give only their own count.
TEST_F(ContentionSuite, PlacementRequestShapesTheCases) {
  SuiteConfig config = small_config();
  config.placement_request = "package:0.pu:0,package:0.pu:1";
  ContentionOptions opts{.workloads = {"many-to-one"}, .max_procs = 4, .allow_oversubscribe = true};
  EXPECT_EQ(bench::register_contention_cases(config, opts), 1);
  benchmark::ClearRegisteredBenchmarks();

  config.placement_request = "cross-package";
  config.caches = {bench::Cache::hot, bench::Cache::cold};
  opts.max_procs = 2;
  EXPECT_EQ(bench::register_contention_cases(config, opts), 2);
  Collector collector;
  benchmark::RunSpecifiedBenchmarks(
      &collector, "^many-to-one/shm-copy/size:4096/procs:2/placement:cross-package/");
  bench::end_contention_suite();
  ASSERT_EQ(collector.runs.size(), 2u);
  bool single_package = true;
  try {
    bench::plan_pus("cross-package", 2, false);
    single_package = false;
  } catch (const Unsupported&) {
  }
  for (const auto& run : collector.runs) {
    if (single_package) {
      EXPECT_TRUE(run.error_occurred) << run.benchmark_name();
      EXPECT_NE(run.error_message.find("unsupported: "), std::string::npos) << run.error_message;
    } else {
      EXPECT_FALSE(run.error_occurred) << run.error_message;
    }
  }
  EXPECT_NE(collector.runs[1].benchmark_name().find("/cache:cold/"), std::string::npos);
}

}  // namespace
}  // namespace crossmem
