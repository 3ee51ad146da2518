#include "crossmem/results/stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "crossmem/stats/summary.hpp"

namespace crossmem::results {

double quantile_sorted(const std::vector<double>& sorted, double q) {
  return stats::quantile(sorted, q);
}

Spread spread_of(std::vector<double> values) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  Spread s;
  s.n = values.size();
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.median = quantile_sorted(values, 0.5);
  s.percentiles = values.size() >= kPercentileMinimum;
  if (s.percentiles) {
    s.low = quantile_sorted(values, 0.1);
    s.high = quantile_sorted(values, 0.9);
  } else {
    s.low = values.front();
    s.high = values.back();
  }
  return s;
}

namespace {

// Number of arrangements of m values from `a` and n from `b` (no ties) for every U = 0..m*n,
// where U counts pairs (x in a, y in b) with x > y.
std::vector<double> u_distribution(std::size_t m, std::size_t n) {
  // row[j] is the distribution for i values of a and j of b; rows are built for i = 0..m.
  std::vector<std::vector<double>> prev(n + 1, std::vector<double>{1.0});
  for (std::size_t i = 1; i <= m; ++i) {
    std::vector<std::vector<double>> row(n + 1);
    row[0] = {1.0};
    for (std::size_t j = 1; j <= n; ++j) {
      // The largest value is from a (adds j to U) or from b (adds nothing).
      std::vector<double>& d = row[j];
      d.assign(i * j + 1, 0.0);
      const std::vector<double>& from_a = prev[j];
      const std::vector<double>& from_b = row[j - 1];
      for (std::size_t u = 0; u < from_a.size(); ++u) d[u + j] += from_a[u];
      for (std::size_t u = 0; u < from_b.size(); ++u) d[u] += from_b[u];
    }
    prev = std::move(row);
  }
  return prev[n];
}

}  // namespace

double mann_whitney_p(const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t m = a.size(), n = b.size();
  if (m == 0 || n == 0) return 1;

  struct Item {
    double value;
    bool from_a;
  };
  std::vector<Item> all;
  all.reserve(m + n);
  for (double v : a) all.push_back({v, true});
  for (double v : b) all.push_back({v, false});
  std::sort(all.begin(), all.end(), [](const Item& x, const Item& y) { return x.value < y.value; });

  double rank_sum_a = 0;
  double tie_term = 0;  // sum of t^3 - t over tie groups
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].value == all[i].value) ++j;
    double mid_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k) {
      if (all[k].from_a) rank_sum_a += mid_rank;
    }
    auto t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    i = j;
  }
  const double dm = static_cast<double>(m), dn = static_cast<double>(n);
  const double u = rank_sum_a - dm * (dm + 1) / 2.0;
  const double mean = dm * dn / 2.0;

  if (tie_term == 0 && m <= 30 && n <= 30) {
    std::vector<double> dist = u_distribution(m, n);
    double total = 0;
    for (double c : dist) total += c;
    // Two-sided: probability of a U at least as far from the mean as the observed one.
    double distance = std::fabs(u - mean);
    double tail = 0;
    for (std::size_t k = 0; k < dist.size(); ++k) {
      if (std::fabs(static_cast<double>(k) - mean) >= distance - 1e-9) tail += dist[k];
    }
    return std::min(1.0, tail / total);
  }

  const double total = dm + dn;
  const double variance = dm * dn / 12.0 * ((total + 1) - tie_term / (total * (total - 1)));
  if (variance <= 0) return 1;
  double z = (std::fabs(u - mean) - 0.5) / std::sqrt(variance);
  if (z < 0) z = 0;
  return std::min(1.0, std::erfc(z / std::sqrt(2.0)));
}

}  // namespace crossmem::results
