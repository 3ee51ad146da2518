#include "crossmem/results/stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "crossmem/stats/mann_whitney.hpp"
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

double mann_whitney_p(const std::vector<double>& a, const std::vector<double>& b) {
  return stats::mann_whitney(a, b).p_value;
}

}  // namespace crossmem::results
