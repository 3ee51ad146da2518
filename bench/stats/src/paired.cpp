#include "crossmem/stats/paired.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace crossmem::stats {
namespace {

// P(B <= k) for B ~ binomial(n, 1/2).
double binomial_half_cdf(std::size_t n, std::size_t k) {
  const double nd = static_cast<double>(n);
  double sum = 0;
  for (std::size_t j = 0; j <= k && j <= n; ++j) {
    const double jd = static_cast<double>(j);
    sum += std::exp(std::lgamma(nd + 1) - std::lgamma(jd + 1) - std::lgamma(nd - jd + 1) -
                    nd * std::log(2.0));
  }
  return std::min(sum, 1.0);
}

bool usable(double v) {
  return std::isfinite(v) && v > 0;
}

}  // namespace

std::size_t sign_test_rank(std::size_t n, double confidence) {
  std::size_t best = 0;
  for (std::size_t k = 1; 2 * k <= n + 1; ++k) {
    if (1 - 2 * binomial_half_cdf(n, k - 1) >= confidence - 1e-9) {
      best = k;
    } else {
      break;
    }
  }
  return best;
}

PairedRatio paired_ratio(std::span<const double> a, std::span<const double> b, double confidence) {
  if (a.size() != b.size()) throw std::invalid_argument("paired_ratio: a and b differ in length");
  if (!(confidence > 0 && confidence < 1)) {
    throw std::invalid_argument("paired_ratio: confidence must be inside (0, 1)");
  }
  std::vector<double> logs;
  for (std::size_t r = 0; r < a.size(); ++r) {
    if (usable(a[r]) && usable(b[r])) logs.push_back(std::log(a[r] / b[r]));
  }
  PairedRatio out;
  out.rounds = logs.size();
  if (logs.empty()) return out;
  std::sort(logs.begin(), logs.end());
  const std::size_t n = logs.size();
  out.median = std::exp(n % 2 ? logs[n / 2] : (logs[n / 2 - 1] + logs[n / 2]) / 2);
  const std::size_t k = sign_test_rank(n, confidence);
  if (k == 0) {
    out.low = 0;
    out.high = std::numeric_limits<double>::infinity();
    return out;
  }
  out.low = std::exp(logs[k - 1]);
  out.high = std::exp(logs[n - k]);
  out.decided = out.low > 1 || out.high < 1;
  return out;
}

}  // namespace crossmem::stats
