#include "crossmem/stats/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace crossmem::stats {

namespace {

// Number of arrangements of m values from `a` and n from `b` (no ties) for every U = 0..m*n,
// where U counts pairs (x in a, y in b) with x > y.
std::vector<double> u_distribution(std::size_t m, std::size_t n) {
  // prev[j] is the distribution for i - 1 values of a and j of b; rows are built for i = 1..m.
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

MannWhitney mann_whitney(std::span<const double> a_in, std::span<const double> b_in) {
  struct Item {
    double value;
    bool from_a;
  };
  std::vector<Item> all;
  std::size_t m = 0, n = 0;
  for (double v : a_in) {
    if (std::isnan(v)) continue;
    all.push_back({v, true});
    ++m;
  }
  for (double v : b_in) {
    if (std::isnan(v)) continue;
    all.push_back({v, false});
    ++n;
  }
  MannWhitney out;
  if (m == 0 || n == 0) return out;
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
  out.u = rank_sum_a - dm * (dm + 1) / 2.0;
  const double mean = dm * dn / 2.0;

  if (tie_term == 0 && m <= 30 && n <= 30) {
    std::vector<double> dist = u_distribution(m, n);
    double total = 0;
    for (double c : dist) total += c;
    // Two-sided: probability of a U at least as far from the mean as the observed one.
    double distance = std::fabs(out.u - mean);
    double tail = 0;
    for (std::size_t k = 0; k < dist.size(); ++k) {
      if (std::fabs(static_cast<double>(k) - mean) >= distance - 1e-9) tail += dist[k];
    }
    out.p_value = std::min(1.0, tail / total);
    out.exact = true;
    return out;
  }

  const double size = dm + dn;
  const double variance = dm * dn / 12.0 * ((size + 1) - tie_term / (size * (size - 1)));
  if (variance <= 0) return out;
  double z = (std::fabs(out.u - mean) - 0.5) / std::sqrt(variance);
  if (z < 0) z = 0;
  out.p_value = std::min(1.0, std::erfc(z / std::sqrt(2.0)));
  return out;
}

}  // namespace crossmem::stats
