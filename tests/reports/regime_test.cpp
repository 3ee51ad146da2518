// Results with host-regime fields: loading, per-regime summaries, paired crossovers within a
// regime, and the regimes' disagreement.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "crossmem/error.hpp"
#include "crossmem/results/crossover.hpp"
#include "crossmem/results/results.hpp"
#include "crossmem/results/summary.hpp"
#include "synthetic.hpp"

namespace crossmem::results {
namespace {

using testing::linear_cost;
using testing::pow2_sizes;
using testing::synthetic_regime_results;

const std::string kFixtures = CROSSMEM_RESULT_FIXTURES;

std::vector<Crossover> records_for(const std::vector<Crossover>& all, const std::string& strategy,
                                   double regime) {
  std::vector<Crossover> out;
  std::copy_if(all.begin(), all.end(), std::back_inserter(out), [&](const Crossover& x) {
    return x.strategy == strategy && x.group.regime_ns == regime;
  });
  return out;
}

TEST(Regimes, FixtureLoadsRegimeFieldsAndContext) {
  Results r = load_results({kFixtures + "/pingpong-regimes.json"});
  ASSERT_EQ(r.sources.size(), 1u);
  const Source& s = r.sources[0];
  ASSERT_EQ(s.regimes.size(), 2u);
  EXPECT_EQ(s.regimes[0].regime_ns, 58);
  EXPECT_EQ(s.regimes[1].regime_ns, 262);
  EXPECT_GT(s.regimes[0].share, 0.4);
  EXPECT_EQ(s.get("regime_policy"), "each");
  std::set<double> seen;
  for (const Measurement& m : r.measurements) {
    seen.insert(m.regime());
    EXPECT_TRUE(std::isnan(m.counter("preempted")));  // replaced by preempt_excess
    EXPECT_FALSE(std::isnan(m.counter("preempt_excess")));
  }
  EXPECT_EQ(seen, (std::set<double>{kUnstableRegime, 58, 262}));
}

TEST(Regimes, FilesWithoutRegimeFieldsAreOneUnknownRegime) {
  Results r = load_results({kFixtures + "/pingpong-small.json"});
  EXPECT_TRUE(r.sources[0].regimes.empty());
  for (const Measurement& m : r.measurements) EXPECT_EQ(m.regime(), kUnknownRegime);
  for (const Summary& s : summarize(r)) EXPECT_EQ(s.regime_ns, kUnknownRegime);
  // Their groups read as before: no regime in the name.
  EXPECT_EQ(format_group(group_of(0, r.measurements.front().axes)).find("regime"),
            std::string::npos);
}

TEST(Regimes, SummariesNeverMixRegimes) {
  Results r = load_results({kFixtures + "/pingpong-regimes.json"});
  std::size_t n = 0;
  for (const Summary& s : summarize(r)) {
    if (s.axes.strategy != "shm-copy" || s.axes.size_bytes != 16777216) continue;
    ++n;
    for (double h : s.samples.at("regime_ns")) {
      EXPECT_EQ(h, s.regime_ns == kUnstableRegime ? 0 : s.regime_ns);
    }
  }
  EXPECT_EQ(n, 3u);  // near, far, unstable
  EXPECT_NE(format_group(group_of(0, r.measurements.front().axes, 262)).find("regime:262ns"),
            std::string::npos);
}

TEST(Regimes, BadRegimesContextIsInvalidInput) {
  Results r;
  std::string text = R"({"context": {"crossmem.regimes": "[{\"share\": 1}]"}, "benchmarks": []})";
  try {
    load_results_text(text, "inline.json", r);
    FAIL() << "no error";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("crossmem.regimes has an entry without"),
              std::string::npos)
        << e.what();
  }
}

TEST(Regimes, PairedCrossoverWithinEachRegime) {
  // Near: shm-copy 400 + s/12 faster than cma-read everywhere. Far: shm-copy 1200 + s/4, and
  // cma-read 2500 + s/10 overtakes it at 8667 bytes.
  Results r = synthetic_regime_results(
      {{58, {{"shm-copy", linear_cost(400, 12)}, {"cma-read", linear_cost(2500, 10)}}},
       {262, {{"shm-copy", linear_cost(1200, 4)}, {"cma-read", linear_cost(2500, 10)}}}},
      pow2_sizes(1024, 16 << 20), 8, 0.01, 3);
  auto all = find_crossovers(r);
  auto near = records_for(all, "cma-read", 58);
  ASSERT_EQ(near.size(), 1u);
  EXPECT_EQ(near[0].status, CrossoverStatus::no_crossover) << near[0].reason;
  for (const auto& c : near[0].sizes) {
    EXPECT_TRUE(c.paired);
    EXPECT_EQ(c.rounds, 8u);
    EXPECT_LT(c.ratio_high, 1) << c.size_bytes;
  }
  auto far = records_for(all, "cma-read", 262);
  ASSERT_EQ(far.size(), 1u);
  EXPECT_EQ(far[0].status, CrossoverStatus::found) << far[0].reason;
  EXPECT_EQ(far[0].direction, Direction::overtakes);
  EXPECT_LE(far[0].lower_bytes, 8667u);
  EXPECT_GE(far[0].upper_bytes, 8667u);
  EXPECT_NE(far[0].reason.find("cma-read/shm-copy = "), std::string::npos) << far[0].reason;

  auto disagree = regime_disagreements(all);
  ASSERT_EQ(disagree.size(), 1u);
  EXPECT_EQ(disagree[0].candidate_wins_ns, 262);
  EXPECT_EQ(disagree[0].baseline_wins_ns, 58);
  EXPECT_EQ(disagree[0].sizes.front(), 16384u);
  std::string sentence = describe_disagreement(disagree[0], "synthetic");
  EXPECT_NE(sentence.find("cma-read beats shm-copy at 16 KiB..16 MiB in the 262 ns handoff "
                          "regime but loses to it in the 58 ns handoff regime"),
            std::string::npos)
      << sentence;
}

TEST(Regimes, SameModelInBothRegimesDoesNotDisagree) {
  Results r = synthetic_regime_results(
      {{58, {{"shm-copy", linear_cost(400, 6)}, {"cma-read", linear_cost(2500, 10)}}},
       {262, {{"shm-copy", linear_cost(400, 6)}, {"cma-read", linear_cost(2500, 10)}}}},
      pow2_sizes(1024, 16 << 20), 7, 0.01, 4);
  EXPECT_TRUE(regime_disagreements(find_crossovers(r)).empty());
}

TEST(Regimes, EqualStrategiesAreUndecidedWhateverTheDraw) {
  for (unsigned seed = 1; seed <= 10; ++seed) {
    Results r = synthetic_regime_results(
        {{58, {{"shm-copy", linear_cost(400, 6)}, {"vmsplice", linear_cost(400, 6)}}}},
        pow2_sizes(4096, 4 << 20), 8, 0.05, seed);
    for (const Crossover& x : find_crossovers(r)) {
      EXPECT_NE(x.status, CrossoverStatus::found) << "seed " << seed << ": " << x.reason;
    }
  }
}

TEST(Regimes, LargeSpreadAcrossLayoutsLeavesTheSizeUndecided) {
  // cma-read is 5% faster than shm-copy, but the layout of each round moves both by about 20%.
  auto faster = [](std::uint64_t size) { return (400 + static_cast<double>(size) / 6) / 1.05; };
  Results r =
      synthetic_regime_results({{58, {{"shm-copy", linear_cost(400, 6)}, {"cma-read", faster}}}},
                               pow2_sizes(65536, 1 << 20), 9, 0.002, 5, 0.2);
  auto x = records_for(find_crossovers(r), "cma-read", 58);
  ASSERT_EQ(x.size(), 1u);
  for (const auto& c : x[0].sizes) {
    EXPECT_EQ(c.verdict, Verdict::undecided) << c.size_bytes;
    EXPECT_NE(c.note.find("buffer layouts"), std::string::npos) << c.note;
  }
  // Without the layout effect the same difference is decided at every size.
  Results quiet =
      synthetic_regime_results({{58, {{"shm-copy", linear_cost(400, 6)}, {"cma-read", faster}}}},
                               pow2_sizes(65536, 1 << 20), 9, 0.002, 5);
  auto decided = records_for(find_crossovers(quiet), "cma-read", 58);
  ASSERT_EQ(decided.size(), 1u);
  for (const auto& c : decided[0].sizes) {
    EXPECT_EQ(c.verdict, Verdict::candidate_faster) << c.size_bytes << " " << c.note;
  }
}

TEST(Regimes, FewRoundsFallBackToTheUnpairedRules) {
  Results r = synthetic_regime_results(
      {{58, {{"shm-copy", linear_cost(400, 6)}, {"cma-read", linear_cost(2500, 10)}}}},
      pow2_sizes(1024, 16 << 20), 3, 0.01, 6);
  auto x = records_for(find_crossovers(r), "cma-read", 58);
  ASSERT_EQ(x.size(), 1u);
  EXPECT_EQ(x[0].status, CrossoverStatus::found) << x[0].reason;
  EXPECT_FALSE(x[0].sizes.front().paired);
  EXPECT_EQ(x[0].sizes.front().rounds, 3u);
}

TEST(Regimes, UnstableRepetitionsAreNeverCompared) {
  Results r = load_results({kFixtures + "/pingpong-regimes.json"});
  for (const Crossover& x : find_crossovers(r)) EXPECT_NE(x.group.regime_ns, kUnstableRegime);
}

}  // namespace
}  // namespace crossmem::results
