#include "crossmem/stats/regime.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace crossmem::stats {
namespace {

bool usable(double v) {
  return std::isfinite(v) && v > 0;
}

using Sorted = std::span<const double>;

double sorted_median(Sorted v) {
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Splits `v` (sorted, non-empty) into clusters, appending them in order.
void split(Sorted v, double gap, std::vector<Sorted>& out) {
  std::size_t at = 0;
  double widest = 1;
  for (std::size_t i = 1; i < v.size(); ++i) {
    const double ratio = v[i] / v[i - 1];
    if (ratio > widest) {
      widest = ratio;
      at = i;
    }
  }
  if (at != 0 && sorted_median(v.subspan(at)) >= gap * sorted_median(v.first(at))) {
    split(v.first(at), gap, out);
    split(v.subspan(at), gap, out);
    return;
  }
  out.push_back(v);
}

}  // namespace

std::vector<Regime> classify(std::span<const double> probes_ns, double gap) {
  if (!(gap > 1)) throw std::invalid_argument("regime gap must be above 1");
  std::vector<double> values;
  for (double v : probes_ns) {
    if (usable(v)) values.push_back(v);
  }
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  std::vector<Sorted> clusters;
  split(values, gap, clusters);
  // Clusters are contiguous runs of `values`: merging two neighbours is widening one span.
  bool merged = true;
  while (merged && clusters.size() > 1) {
    merged = false;
    for (std::size_t i = 1; i < clusters.size(); ++i) {
      if (sorted_median(clusters[i]) < gap * sorted_median(clusters[i - 1])) {
        clusters[i - 1] =
            Sorted(clusters[i - 1].data(), clusters[i - 1].size() + clusters[i].size());
        clusters.erase(clusters.begin() + static_cast<std::ptrdiff_t>(i));
        merged = true;
        break;
      }
    }
  }
  std::vector<Regime> out;
  for (Sorted c : clusters) out.push_back({sorted_median(c), c.size()});
  return out;
}

std::size_t regime_of(std::span<const Regime> regimes, double probe_ns) {
  if (regimes.empty()) throw std::invalid_argument("regime_of: no regimes");
  if (!usable(probe_ns)) throw std::invalid_argument("regime_of: probe must be positive");
  std::size_t best = 0;
  double best_distance = INFINITY;
  for (std::size_t i = 0; i < regimes.size(); ++i) {
    const double d = std::abs(std::log(probe_ns / regimes[i].handoff_ns));
    if (d < best_distance) {
      best_distance = d;
      best = i;
    }
  }
  return best;
}

bool same_regime(double a_ns, double b_ns) {
  if (!usable(a_ns) || !usable(b_ns)) return false;
  return std::max(a_ns, b_ns) / std::min(a_ns, b_ns) < 1.5;
}

}  // namespace crossmem::stats
