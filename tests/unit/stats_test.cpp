#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "crossmem/stats/paired.hpp"
#include "crossmem/stats/regime.hpp"
#include "crossmem/stats/summary.hpp"

namespace crossmem::stats {
namespace {

// `n` values spread evenly over [lo, hi].
std::vector<double> spread(double lo, double hi, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(n == 1 ? lo : lo + (hi - lo) * i / (n - 1));
  return v;
}

std::vector<double> join(std::vector<double> a, const std::vector<double>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(StatsSummary, MedianAndQuantile) {
  EXPECT_TRUE(std::isnan(median({})));
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_TRUE(std::isnan(quantile({}, 0.5)));
  EXPECT_TRUE(std::isnan(quantile({1, 2}, NAN)));
  EXPECT_DOUBLE_EQ(quantile({10, 20, 30, 40, 50}, 0.9), 46);
  EXPECT_DOUBLE_EQ(quantile({10, 20, 30, 40, 50}, 0.25), 20);
  EXPECT_DOUBLE_EQ(quantile({5, 1}, 0), 1);
  EXPECT_DOUBLE_EQ(quantile({5, 1}, 1), 5);
  EXPECT_DOUBLE_EQ(quantile({5, 1}, 7), 5);
  EXPECT_DOUBLE_EQ(quantile({7}, 0.3), 7);
}

TEST(StatsClassify, EmptyHasNoRegime) {
  EXPECT_TRUE(classify({}).empty());
  std::vector<double> junk{0, -3, NAN, INFINITY};
  EXPECT_TRUE(classify(junk).empty());
  std::vector<double> one{60};
  EXPECT_THROW(classify(one, 1.0), std::invalid_argument);
}

TEST(StatsClassify, OneRegime) {
  auto probes = spread(50, 80, 30);  // the near regime's spread: under 2x
  auto regimes = classify(probes);
  ASSERT_EQ(regimes.size(), 1u);
  EXPECT_EQ(regimes[0].count, 30u);
  EXPECT_DOUBLE_EQ(regimes[0].handoff_ns, median(probes));
}

TEST(StatsClassify, TwoRegimes) {
  auto probes = join(spread(240, 290, 9), spread(50, 70, 21));
  auto regimes = classify(probes);
  ASSERT_EQ(regimes.size(), 2u);
  EXPECT_DOUBLE_EQ(regimes[0].handoff_ns, 60);
  EXPECT_EQ(regimes[0].count, 21u);
  EXPECT_DOUBLE_EQ(regimes[1].handoff_ns, 265);
  EXPECT_EQ(regimes[1].count, 9u);
  EXPECT_EQ(regime_of(regimes, 55), 0u);
  EXPECT_EQ(regime_of(regimes, 300), 1u);
  EXPECT_EQ(regime_of(regimes, 110), 0u);  // log scale: 110/60 < 265/110
  EXPECT_EQ(regime_of(regimes, 140), 1u);
  EXPECT_EQ(regime_of(regimes, 1), 0u);
}

TEST(StatsClassify, ThreeRegimes) {
  auto probes = join(join(spread(40, 50, 5), spread(140, 160, 7)), spread(600, 700, 3));
  auto regimes = classify(probes);
  ASSERT_EQ(regimes.size(), 3u);
  EXPECT_DOUBLE_EQ(regimes[0].handoff_ns, 45);
  EXPECT_DOUBLE_EQ(regimes[1].handoff_ns, 150);
  EXPECT_DOUBLE_EQ(regimes[2].handoff_ns, 650);
  EXPECT_EQ(regimes[0].count + regimes[1].count + regimes[2].count, probes.size());
  EXPECT_EQ(regime_of(regimes, 155), 1u);
}

TEST(StatsClassify, OutliersWithinTheGapStayInTheirRegime) {
  auto probes = join(spread(50, 70, 20), {95, 110});
  auto regimes = classify(probes);
  ASSERT_EQ(regimes.size(), 1u);
  EXPECT_EQ(regimes[0].count, 22u);
}

TEST(StatsClassify, FarOutlierIsARegimeOfItsOwn) {
  auto probes = join(spread(50, 70, 20), {900});
  auto regimes = classify(probes);
  ASSERT_EQ(regimes.size(), 2u);
  EXPECT_EQ(regimes[0].count, 20u);
  EXPECT_EQ(regimes[1].count, 1u);
  EXPECT_DOUBLE_EQ(regimes[1].handoff_ns, 900);
}

TEST(StatsClassify, ValuesTakenDuringAMoveDoNotBridgeTwoRegimes) {
  // Every neighbour ratio is below 2, yet the medians of the two sides are 4x apart.
  auto probes = join(join(spread(55, 65, 15), {95, 150}), spread(240, 260, 15));
  auto regimes = classify(probes);
  ASSERT_GE(regimes.size(), 2u);
  EXPECT_NEAR(regimes.front().handoff_ns, 60, 6);
  EXPECT_NEAR(regimes.back().handoff_ns, 250, 25);
  for (std::size_t i = 1; i < regimes.size(); ++i) {
    EXPECT_GE(regimes[i].handoff_ns, 2 * regimes[i - 1].handoff_ns);
  }
}

TEST(StatsClassify, RegimeOfRejectsNonsense) {
  EXPECT_THROW(regime_of({}, 50), std::invalid_argument);
  std::vector<Regime> one{{60, 3}};
  EXPECT_THROW(regime_of(one, 0), std::invalid_argument);
  EXPECT_THROW(regime_of(one, NAN), std::invalid_argument);
}

TEST(StatsClassify, SameRegime) {
  EXPECT_TRUE(same_regime(60, 62));
  EXPECT_TRUE(same_regime(80, 60));
  EXPECT_FALSE(same_regime(60, 90));
  EXPECT_FALSE(same_regime(60, 250));
  EXPECT_FALSE(same_regime(0, 0));
  EXPECT_FALSE(same_regime(NAN, 60));
}

TEST(StatsPaired, SignTestRank) {
  EXPECT_EQ(sign_test_rank(0, 0.95), 0u);
  EXPECT_EQ(sign_test_rank(5, 0.95), 0u);   // 1 - 2/32 = 0.9375
  EXPECT_EQ(sign_test_rank(6, 0.95), 1u);   // 1 - 2/64 = 0.969
  EXPECT_EQ(sign_test_rank(3, 0.75), 1u);   // 1 - 2/8
  EXPECT_EQ(sign_test_rank(9, 0.95), 2u);   // 1 - 2 * 10/512 = 0.961
  EXPECT_EQ(sign_test_rank(20, 0.95), 6u);  // 1 - 2 * P(B <= 5) = 0.9586
}

TEST(StatsPaired, EqualSamplesAreUndecided) {
  std::vector<double> a{10, 12, 9, 11, 10, 13, 12, 10, 9, 11};
  PairedRatio r = paired_ratio(a, a);
  EXPECT_DOUBLE_EQ(r.median, 1);
  EXPECT_LE(r.low, 1);
  EXPECT_GE(r.high, 1);
  EXPECT_FALSE(r.decided);
  EXPECT_EQ(r.rounds, 10u);
}

TEST(StatsPaired, NoiseAroundOneIsUndecided) {
  std::vector<double> a{10, 11, 10, 12, 9, 10, 11, 10, 10, 11};
  std::vector<double> b{11, 10, 10.5, 11, 10, 9.5, 10.5, 10.2, 9.8, 11.5};
  PairedRatio r = paired_ratio(a, b);
  EXPECT_LT(r.low, 1);
  EXPECT_GT(r.high, 1);
  EXPECT_FALSE(r.decided);
}

TEST(StatsPaired, DifferentSamplesAreDecided) {
  // b is 2x a in every round, while both drift 3x across the rounds: pairing removes the drift.
  std::vector<double> a{10, 30, 12, 28, 15, 11, 25, 20};
  std::vector<double> b;
  for (double x : a) b.push_back(x * (x > 20 ? 0.52 : 0.49));
  PairedRatio r = paired_ratio(a, b);
  EXPECT_NEAR(r.median, 2, 0.1);
  EXPECT_GT(r.low, 1);
  EXPECT_TRUE(r.decided);
  PairedRatio back = paired_ratio(b, a);
  EXPECT_LT(back.high, 1);
  EXPECT_TRUE(back.decided);
  EXPECT_NEAR(back.median * r.median, 1, 1e-12);
}

TEST(StatsPaired, FewRoundsDecideNothingAtHighConfidence) {
  std::vector<double> a{20, 21, 22};
  std::vector<double> b{10, 10, 10};
  PairedRatio r = paired_ratio(a, b);
  EXPECT_EQ(r.rounds, 3u);
  EXPECT_NEAR(r.median, 2.1, 1e-12);
  EXPECT_EQ(r.low, 0);
  EXPECT_TRUE(std::isinf(r.high));
  EXPECT_FALSE(r.decided);
  PairedRatio lenient = paired_ratio(a, b, 0.75);
  EXPECT_NEAR(lenient.low, 2.0, 1e-12);
  EXPECT_NEAR(lenient.high, 2.2, 1e-12);
  EXPECT_TRUE(lenient.decided);
}

TEST(StatsPaired, UnusablePairsAreLeftOut) {
  std::vector<double> a{2, 0, 2, NAN};
  std::vector<double> b{1, 1, 1, 1};
  PairedRatio r = paired_ratio(a, b, 0.5);
  EXPECT_EQ(r.rounds, 2u);
  EXPECT_DOUBLE_EQ(r.median, 2);
  PairedRatio none = paired_ratio({}, {});
  EXPECT_EQ(none.rounds, 0u);
  EXPECT_TRUE(std::isnan(none.median));
  EXPECT_FALSE(none.decided);
}

TEST(StatsPaired, RejectsBadArguments) {
  std::vector<double> a{1, 2}, b{1};
  EXPECT_THROW(paired_ratio(a, b), std::invalid_argument);
  EXPECT_THROW(paired_ratio(a, a, 1.0), std::invalid_argument);
  EXPECT_THROW(paired_ratio(a, a, 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace crossmem::stats
