#include "crossmem/results/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace crossmem::results {
namespace {

TEST(Stats, QuantileInterpolates) {
  std::vector<double> v = {1, 2, 3, 4, 5};
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.5), 3);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.1), 1.4);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 0.9), 4.6);
  EXPECT_DOUBLE_EQ(quantile_sorted(v, 1.0), 5);
  EXPECT_DOUBLE_EQ(quantile_sorted({7}, 0.3), 7);
}

TEST(Stats, SpreadUsesMinMaxBelowFiveValues) {
  Spread s = spread_of({4, 1, 3});
  EXPECT_EQ(s.n, 3u);
  EXPECT_FALSE(s.percentiles);
  EXPECT_DOUBLE_EQ(s.median, 3);
  EXPECT_DOUBLE_EQ(s.low, 1);
  EXPECT_DOUBLE_EQ(s.high, 4);
}

TEST(Stats, SpreadUsesPercentilesFromFiveValues) {
  Spread s = spread_of({5, 1, 4, 2, 3, NAN});
  EXPECT_EQ(s.n, 5u);
  EXPECT_TRUE(s.percentiles);
  EXPECT_DOUBLE_EQ(s.median, 3);
  EXPECT_DOUBLE_EQ(s.low, 1.4);
  EXPECT_DOUBLE_EQ(s.high, 4.6);
  EXPECT_TRUE(std::isnan(spread_of({}).median));
}

TEST(Stats, MannWhitneyExact) {
  // Complete separation: 2 of C(6,3) = 20 arrangements are as extreme (two-sided).
  EXPECT_NEAR(mann_whitney_p({1, 2, 3}, {4, 5, 6}), 0.1, 1e-12);
  // 5 vs 5: 2 / C(10,5) = 2/252.
  EXPECT_NEAR(mann_whitney_p({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}), 2.0 / 252, 1e-12);
  EXPECT_NEAR(mann_whitney_p({6, 7, 8, 9, 10}, {1, 2, 3, 4, 5}), 2.0 / 252, 1e-12);
  // Interleaved samples: no evidence.
  EXPECT_GT(mann_whitney_p({1, 3, 5, 7, 9}, {2, 4, 6, 8, 10}), 0.5);
  EXPECT_EQ(mann_whitney_p({}, {1, 2}), 1.0);
}

TEST(Stats, MannWhitneyWithTiesUsesNormalApproximation) {
  double p = mann_whitney_p({1, 1, 2, 2, 3}, {1, 2, 2, 3, 3});
  EXPECT_GT(p, 0.3);
  EXPECT_LE(p, 1.0);
  EXPECT_LT(mann_whitney_p({1, 1, 1, 1, 1, 1, 1, 1}, {5, 5, 5, 5, 5, 5, 5, 5}), 0.01);
  EXPECT_EQ(mann_whitney_p({2, 2, 2}, {2, 2, 2}), 1.0);
}

}  // namespace
}  // namespace crossmem::results
