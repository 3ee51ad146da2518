// Unpaired comparison of two samples: the Mann-Whitney U test (Wilcoxon rank-sum).
//
// For two runs measured at different times (no rounds in common), e.g. the same case in an old and
// a new result file.
#pragma once

#include <cstddef>
#include <span>

namespace crossmem::stats {

struct MannWhitney {
  double u = 0;        // pairs (x in a, y in b) with x > y, ties counting one half
  double p_value = 1;  // two-sided
  bool exact = false;  // p from the exact distribution (no ties, both samples <= 30 values)
};

// Two-sided test that `a` and `b` come from the same distribution. Exact (by counting rank
// arrangements) when there are no ties and both samples have at most 30 values; otherwise the
// normal approximation with tie and continuity corrections. Values that are NaN are left out.
// p_value 1 when either sample is empty.
MannWhitney mann_whitney(std::span<const double> a, std::span<const double> b);

}  // namespace crossmem::stats
