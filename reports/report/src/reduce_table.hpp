// The reduce workload beside Open MPI's own MPI_Reduce: for every group of reduce measurements
// (source, process count, placement, cache, pages, freshness), a table of the median time per
// reduce by size, one column per strategy, then MPI_Reduce with vader's single copy `none` and
// `cma` at the same process count (reduce_anchor.json, from crossmem-tune --reduce-anchor), and the
// saving of the fused user-space combines (shared-map, shm-copy) against receive-then-sum
// (cma-read) where those were measured.
#pragma once

#include <string>
#include <vector>

#include "model.hpp"

namespace crossmem::report {

struct ReduceTable {
  std::string title;                           // the group, e.g. "reduce procs:2 placement:..."
  std::vector<std::string> columns;            // "size", then one per strategy and anchor
  std::vector<std::vector<std::string>> rows;  // formatted cells, "-" where not measured
};

// Empty when the results hold no reduce measurement.
std::vector<ReduceTable> reduce_tables(const Model& model);

}  // namespace crossmem::report
