// Paired comparison of two alternatives measured round by round (as nanobench's Bench::compare).
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

namespace crossmem::stats {

struct PairedRatio {
  double median = NAN;  // median of the per-round ratios a[r] / b[r]
  double low = NAN;     // interval for that median at the requested confidence
  double high = NAN;
  std::size_t rounds = 0;  // rounds used (pairs with both values finite and positive)
  bool decided = false;    // the interval excludes 1
};

// a[r] and b[r] were measured in the same round r. The ratios are taken on log scale; the
// interval is the distribution-free sign-test interval for the median: the k-th smallest and
// k-th largest per-round ratio, k the largest for which the binomial(n, 1/2) coverage
// 1 - 2 P(B <= k - 1) is at least `confidence`. With too few rounds for `confidence` (fewer than
// 6 at 0.95: even the smallest and largest ratio only cover 1 - 2^(1-n)), the interval is
// [0, inf) and nothing is decided. Pairs where either value is not finite and positive are left
// out. No rounds: every field NaN, rounds 0. Throws std::invalid_argument when the spans differ in
// length or `confidence` is not inside (0, 1).
PairedRatio paired_ratio(std::span<const double> a, std::span<const double> b,
                         double confidence = 0.95);

// The largest k (1-based, at most n / 2 rounded up) such that [x_(k), x_(n-k+1)] of n sorted
// values covers their median with probability at least `confidence` under the sign test; 0 when
// none does.
std::size_t sign_test_rank(std::size_t n, double confidence);

}  // namespace crossmem::stats
