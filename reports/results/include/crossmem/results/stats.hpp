// Small-sample statistics for repetitions: median and spread, and a rank test.
#pragma once

#include <cstddef>
#include <limits>
#include <vector>

namespace crossmem::results {

// Median and spread of a sample. The spread is p10..p90 when there are at least
// kPercentileMinimum values and min..max otherwise. All fields are NaN when n == 0.
struct Spread {
  std::size_t n = 0;
  double median = std::numeric_limits<double>::quiet_NaN();
  double low = std::numeric_limits<double>::quiet_NaN();
  double high = std::numeric_limits<double>::quiet_NaN();
  bool percentiles = false;  // low/high are p10/p90 (true) or min/max (false)
};

inline constexpr std::size_t kPercentileMinimum = 5;

// Quantile q in [0, 1] of `sorted` (ascending, non-empty) by linear interpolation between
// closest ranks (the "type 7" definition used by R and NumPy).
double quantile_sorted(const std::vector<double>& sorted, double q);

// Spread of `values` (any order). NaN values are ignored.
Spread spread_of(std::vector<double> values);

// Two-sided p-value of the Mann-Whitney U test that `a` and `b` come from the same distribution.
// Exact (by counting rank arrangements) when there are no ties and both samples have at most 30
// values; otherwise the normal approximation with tie and continuity corrections.
// Returns 1 when either sample is empty.
double mann_whitney_p(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace crossmem::results
