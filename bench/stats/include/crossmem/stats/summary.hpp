// Order statistics of a sample.
#pragma once

#include <vector>

namespace crossmem::stats {

// The median of `v` (mean of the two middle values for an even count); NaN for an empty vector.
double median(std::vector<double> v);

// The `q` quantile of `v` by linear interpolation between order statistics (position q * (n - 1)
// in the sorted values, as R's type 7 and numpy's default); `q` is clamped to [0, 1]. NaN for an
// empty vector or a NaN `q`.
double quantile(std::vector<double> v, double q);

}  // namespace crossmem::stats
