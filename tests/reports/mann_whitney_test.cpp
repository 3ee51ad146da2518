// crossmem::stats::mann_whitney, the unpaired test used to compare two runs.
#include "crossmem/stats/mann_whitney.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace crossmem::stats {
namespace {

TEST(MannWhitney, SeparatedSamplesExact) {
  std::vector<double> a = {1, 2, 3, 4}, b = {5, 6, 7, 8};
  MannWhitney t = mann_whitney(a, b);
  EXPECT_TRUE(t.exact);
  EXPECT_EQ(t.u, 0);
  // The most extreme of C(8, 4) = 70 arrangements, either side: 2 / 70.
  EXPECT_NEAR(t.p_value, 2.0 / 70.0, 1e-12);
  EXPECT_NEAR(mann_whitney(b, a).p_value, 2.0 / 70.0, 1e-12);
  EXPECT_EQ(mann_whitney(b, a).u, 16);
}

TEST(MannWhitney, InterleavedSamplesAreNotDifferent) {
  std::vector<double> a = {1, 3, 5, 7, 9}, b = {2, 4, 6, 8, 10};
  EXPECT_GT(mann_whitney(a, b).p_value, 0.5);
}

TEST(MannWhitney, KnownExactValue) {
  // m = n = 3, U = 1: P(U <= 1) = 2 / 20, two-sided 0.2.
  std::vector<double> a = {1, 2, 4}, b = {3, 5, 6};
  MannWhitney t = mann_whitney(a, b);
  EXPECT_EQ(t.u, 1);
  EXPECT_NEAR(t.p_value, 0.2, 1e-12);
}

TEST(MannWhitney, TiesUseTheNormalApproximation) {
  std::vector<double> a = {1, 1, 2, 2, 3, 3}, b = {3, 3, 4, 4, 5, 5};
  MannWhitney t = mann_whitney(a, b);
  EXPECT_FALSE(t.exact);
  EXPECT_LT(t.p_value, 0.05);
  EXPECT_GT(t.p_value, 0.0);
  std::vector<double> same = {2, 2, 2};
  EXPECT_EQ(mann_whitney(same, same).p_value, 1);
}

TEST(MannWhitney, EmptyOrNaNSamples) {
  std::vector<double> a = {1, 2}, empty, nans = {NAN, NAN};
  EXPECT_EQ(mann_whitney(a, empty).p_value, 1);
  EXPECT_EQ(mann_whitney(nans, a).p_value, 1);
  std::vector<double> with_nan = {1, 2, 3, 4, NAN}, high = {5, 6, 7, 8};
  EXPECT_NEAR(mann_whitney(with_nan, high).p_value, 2.0 / 70.0, 1e-12);
}

}  // namespace
}  // namespace crossmem::stats
