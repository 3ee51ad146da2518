// crossmem-report --compare: the same case within the same regime, with a significance test.
#include "compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "crossmem/results/summary.hpp"
#include "synthetic.hpp"
#include "temp_dir.hpp"

namespace crossmem::report {
namespace {

using results::testing::linear_cost;
using results::testing::pow2_sizes;
using results::testing::synthetic_regime_results;
using results::testing::synthetic_results;

const std::string kExe = CROSSMEM_REPORT_EXE;

std::size_t count(const Comparison& c, const std::string& verdict) {
  return static_cast<std::size_t>(std::count_if(
      c.rows.begin(), c.rows.end(), [&](const CompareRow& r) { return r.verdict == verdict; }));
}

TEST(Compare, SameStrategyTwiceIsEqual) {
  // Two draws of the same cost models (A/A): nothing is called different.
  auto models = std::map<double, std::map<std::string, results::testing::CostModel>>{
      {58, {{"shm-copy", linear_cost(400, 6)}, {"cma-read", linear_cost(2500, 10)}}}};
  auto a = synthetic_regime_results(models, pow2_sizes(4096, 4 << 20), 8, 0.02, 1);
  auto b = synthetic_regime_results(models, pow2_sizes(4096, 4 << 20), 8, 0.02, 2);
  Comparison c = compare_runs(a, b);
  ASSERT_EQ(c.rows.size(), 22u);  // 2 strategies x 11 sizes
  EXPECT_EQ(count(c, "different"), 0u);
  EXPECT_EQ(count(c, "equal"), c.rows.size());
  EXPECT_FALSE(c.regimes_differ);
  EXPECT_EQ(c.only_old + c.only_new, 0u);
}

TEST(Compare, RealDifferenceIsDifferent) {
  // NEW's shm-copy is 30% faster at large sizes; cma-read is unchanged.
  auto a = synthetic_regime_results(
      {{58, {{"shm-copy", linear_cost(400, 6)}, {"cma-read", linear_cost(2500, 10)}}}},
      pow2_sizes(65536, 4 << 20), 8, 0.02, 3);
  auto b = synthetic_regime_results(
      {{60, {{"shm-copy", linear_cost(400, 7.8)}, {"cma-read", linear_cost(2500, 10)}}}},
      pow2_sizes(65536, 4 << 20), 8, 0.02, 4);
  Comparison c = compare_runs(a, b);
  ASSERT_EQ(c.rows.size(), 14u);
  for (const auto& r : c.rows) {
    if (r.axes.strategy == "shm-copy") {
      EXPECT_EQ(r.verdict, "different") << r.axes.size_bytes;
      EXPECT_GT(r.ratio, 1.15);
      EXPECT_LT(r.p_value, 0.05);
    } else {
      EXPECT_EQ(r.verdict, "equal") << r.axes.size_bytes;
    }
    EXPECT_EQ(r.old_regime_ns, 58);
    EXPECT_EQ(r.new_regime_ns, 60);  // 58 and 60 ns are the same regime
  }
}

TEST(Compare, DifferentRegimesAreSaidAndNotCompared) {
  auto a = synthetic_regime_results(
      {{58, {{"shm-copy", linear_cost(400, 6)}}}, {262, {{"shm-copy", linear_cost(1200, 4)}}}},
      pow2_sizes(65536, 1 << 20), 6, 0.02, 5);
  auto b = synthetic_regime_results({{59, {{"shm-copy", linear_cost(400, 6)}}}},
                                    pow2_sizes(65536, 1 << 20), 6, 0.02, 6);
  Comparison c = compare_runs(a, b);
  EXPECT_TRUE(c.regimes_differ);
  EXPECT_EQ(c.rows.size(), 5u);  // the near regime only
  EXPECT_EQ(c.only_old, 5u);
  EXPECT_EQ(count(c, "different"), 0u);
  std::string text = render_compare_text(c);
  EXPECT_NE(text.find("The two runs saw different regimes: 262 ns handoff only in OLD."),
            std::string::npos)
      << text;
}

TEST(Compare, ARegimeIsPairedOnceWithTheNearest) {
  // NEW's 110 ns regime is the same regime as both 80 and 150 ns (less than 1.5x apart); it pairs
  // with the nearer one, 150 ns, only.
  auto a = synthetic_regime_results(
      {{80, {{"shm-copy", linear_cost(400, 6)}}}, {150, {{"shm-copy", linear_cost(400, 6)}}}},
      pow2_sizes(65536, 65536), 6, 0.02, 9);
  auto b = synthetic_regime_results({{110, {{"shm-copy", linear_cost(400, 6)}}}},
                                    pow2_sizes(65536, 65536), 6, 0.02, 10);
  Comparison c = compare_runs(a, b);
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_EQ(c.rows[0].old_regime_ns, 150);
  EXPECT_EQ(c.only_old, 1u);
}

TEST(Compare, FewRepetitionsAreUndecidedAndOldFilesLoad) {
  // Files without regime fields: one unknown regime each; 3 repetitions cannot reach p < 0.05.
  auto a = synthetic_results({{"shm-copy", linear_cost(400, 6)}}, pow2_sizes(65536, 1 << 20), 3,
                             0.02, 7);
  auto b = synthetic_results({{"shm-copy", linear_cost(400, 9)}}, pow2_sizes(65536, 1 << 20), 3,
                             0.02, 8);
  Comparison c = compare_runs(a, b);
  ASSERT_EQ(c.rows.size(), 5u);
  EXPECT_EQ(count(c, "undecided"), 5u);
  EXPECT_EQ(c.rows[0].old_regime_ns, results::kUnknownRegime);
  EXPECT_FALSE(c.regimes_differ);
}

TEST(Compare, CommandLinePrintsTextAndMarkdownAndRejectsBadInput) {
  TempDir tmp;
  std::string fixture = kFixtures + "/pingpong-regimes.json";
  auto r = run_command(kExe + " --compare '" + fixture + "' '" + fixture + "'", tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Both runs saw the same regimes."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("42 cases compared: 42 equal"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("regime old"), std::string::npos);
  r = run_command(kExe + " --compare '" + fixture + "' '" + fixture + "' --format md", tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("| case | regime old |"), std::string::npos) << r.out;

  r = run_command(kExe + " --compare '" + kFixtures + "/pingpong-node-b.json' '" + kFixtures +
                      "/pingpong-regimes.json'",
                  tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Only one of the two runs records regimes"), std::string::npos) << r.out;

  for (const char* bad : {"malformed.json", "truncated.json", "foreign.json", "missing.json"}) {
    r = run_command(kExe + " --compare '" + fixture + "' '" + kFixtures + "/" + bad + "'",
                    tmp.path());
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
  }
  EXPECT_EQ(run_command(kExe + " --compare '" + fixture + "'", tmp.path()).exit_code, 2);
  EXPECT_EQ(run_command(kExe + " --format md '" + fixture + "'", tmp.path()).exit_code, 2);
}

}  // namespace
}  // namespace crossmem::report
