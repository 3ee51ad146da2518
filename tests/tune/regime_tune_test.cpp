// The tuner with host regimes: choices within a regime, the worst-case choice where regimes
// disagree (tests/fixtures/tune/regimes-disagree.json), and the verification's per-regime summary.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "crossmem/results/results.hpp"
#include "tune.hpp"
#include "tune_support.hpp"
#include "verify.hpp"

namespace crossmem::tune {
namespace {

using testing::find_setting;
using testing::fixture;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(TuneRegimes, OneAnalysisPerRegimeMostRepetitionsFirst) {
  auto results = results::load_results({fixture("regimes-disagree.json")});
  auto analyses = analyze_regimes(results);
  ASSERT_EQ(analyses.size(), 2u);
  EXPECT_EQ(analyses[0].group.regime_ns, 58);
  EXPECT_EQ(analyses[1].group.regime_ns, 262);
  // Near: shm-copy wins everywhere; far: cma-read overtakes it at about 8.7 KB.
  EXPECT_EQ(analyses[0].large_winner, LargeWinner::double_copy) << analyses[0].large_reason;
  EXPECT_EQ(analyses[1].large_winner, LargeWinner::single_copy) << analyses[1].large_reason;
  ASSERT_TRUE(analyses[1].crossover_found) << analyses[1].crossover_reason;
  EXPECT_TRUE(contains(analyses[1].group_text, "regime:262ns")) << analyses[1].group_text;
  EXPECT_EQ(choice_of(analyses[0]).single_copy, false);
  EXPECT_EQ(choice_of(analyses[1]), (Choice{true, 8192}));
}

TEST(TuneRegimes, DisagreeingRegimesGetTheBestWorstCase) {
  auto results = results::load_results({fixture("regimes-disagree.json")});
  auto analyses = analyze_regimes(results);
  Choice none{false, 4096}, cma = choice_of(analyses[1]);
  double none_far = efficiency_of(none, results, analyses[1]);
  double cma_near = efficiency_of(cma, results, analyses[0]);
  EXPECT_DOUBLE_EQ(efficiency_of(none, results, analyses[0]), 1.0);
  EXPECT_NEAR(efficiency_of(cma, results, analyses[1]), 1.0, 0.01);
  EXPECT_LT(none_far, cma_near);  // so the far regime's choice has the better worst case

  TuneResult r = tune_regimes(results);
  auto mech = find_setting(r.tuned, kOpenMpi41, "btl_vader_single_copy_mechanism");
  EXPECT_EQ(mech.value, "cma");
  EXPECT_TRUE(contains(mech.reason, "best worst-case efficiency")) << mech.reason;
  EXPECT_EQ(find_setting(r.tuned, kOpenMpi41, "btl_vader_eager_limit").value, "8192");
  ASSERT_EQ(r.tradeoff.size(), 3u);
  EXPECT_TRUE(contains(r.tradeoff[0], "tuned in the 58 ns handoff regime (no single copy)"))
      << r.tradeoff[0];
  EXPECT_TRUE(contains(r.tradeoff[1], "single copy from 8 KiB")) << r.tradeoff[1];
  EXPECT_TRUE(contains(r.tradeoff[2], "chosen: single copy from 8 KiB, from the 262 ns handoff"))
      << r.tradeoff[2];
}

TEST(TuneRegimes, OneRegimeHasNoTradeOff) {
  auto results = results::load_results({fixture("crossover.json")});
  TuneResult r = tune_regimes(results);
  EXPECT_TRUE(r.tradeoff.empty());
  EXPECT_EQ(find_setting(r.tuned, kOpenMpi41, "btl_vader_eager_limit").value, "32768");
}

TEST(TuneRegimes, CommandPrintsTheTradeOff) {
  testing::TempDir tmp;
  auto r = testing::run_tune("-o '" + (tmp.path() / "out").string() + "' '" +
                                 fixture("regimes-disagree.json").string() + "'",
                             tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "host regimes:")) << r.out;
  EXPECT_TRUE(contains(r.out, "worst case")) << r.out;
}

TEST(TuneRegimes, VerificationComparesWithinARegime) {
  // default/none/tuned at 1 MiB in two regimes, and one run whose probes disagree.
  std::vector<VerifySample> samples = {
      {1048576, "default", {1000}, 55, 60}, {1048576, "none", {800}, 58, 57},
      {1048576, "tuned", {800}, 56, 59},    {1048576, "default", {3000}, 250, 260},
      {1048576, "none", {2000}, 262, 255},  {1048576, "tuned", {2500}, 258, 270},
      {1048576, "none", {100}, 60, 250},  // unstable: left out
  };
  results::Verify v = summarize_verify(samples);
  EXPECT_EQ(v.unstable_runs, 1u);
  ASSERT_EQ(v.regimes.size(), 2u);
  EXPECT_EQ(v.regimes[0].runs, 3u);
  ASSERT_EQ(v.efficiency.size(), 2u);
  EXPECT_DOUBLE_EQ(v.efficiency[0].efficiency, 1.0);  // near: tuned = none
  EXPECT_LT(v.efficiency[0].regime_ns, 100);
  EXPECT_DOUBLE_EQ(v.efficiency[1].efficiency, 0.8);  // far: 2000 / 2500
  EXPECT_GT(v.efficiency[1].regime_ns, 200);
  for (const auto& row : v.rows) EXPECT_GT(row.regime_ns, 0);
  auto back = results::parse_verify(results::to_json_text(v), "verify.json");
  ASSERT_EQ(back.efficiency.size(), 2u);
  EXPECT_EQ(back.efficiency[1].regime_ns, v.efficiency[1].regime_ns);
  EXPECT_EQ(back.unstable_runs, 1u);
  EXPECT_EQ(back.regimes.size(), 2u);
}

// Every run unstable: no row, no regime, and verify.json still says how many runs were left out
// (a reader must not take the empty table for a verification that ran nothing).
TEST(TuneRegimes, EveryRunUnstableIsRecorded) {
  std::vector<VerifySample> samples = {{4096, "none", {1000}, 55, 250},
                                       {4096, "tuned", {1000}, 260, 56},
                                       {1048576, "none", {9000}, 57, 255},
                                       {1048576, "tuned", {9000}, 250, 58}};
  results::Verify v = summarize_verify(samples);
  EXPECT_TRUE(v.rows.empty());
  EXPECT_TRUE(v.regimes.empty());
  EXPECT_EQ(v.unstable_runs, 4u);
  auto back = results::parse_verify(results::to_json_text(v), "verify.json");
  EXPECT_TRUE(back.rows.empty());
  EXPECT_EQ(back.unstable_runs, 4u);
}

TEST(TuneRegimes, WithoutProbesOneUnknownRegime) {
  std::vector<VerifySample> samples = {{4096, "none", {1000}}, {4096, "tuned", {1000}}};
  results::Verify v = summarize_verify(samples);
  EXPECT_TRUE(v.regimes.empty());
  ASSERT_EQ(v.efficiency.size(), 1u);
  EXPECT_EQ(v.efficiency[0].regime_ns, 0);
}

TEST(TuneRegimes, ProbeOutputParses) {
  EXPECT_DOUBLE_EQ(
      parse_probe_output(R"({"handoff_ns": [50, 70, 60], "doorbell_ns": [1], "pus": [0, 1]})"), 60);
  EXPECT_THROW(parse_probe_output("not json"), std::runtime_error);
  EXPECT_THROW(parse_probe_output(R"({"handoff_ns": []})"), std::runtime_error);
}

}  // namespace
}  // namespace crossmem::tune
