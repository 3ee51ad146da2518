// crossmem-report --compare OLD.json NEW.json: the same case of two runs, within the same host
// regime, with a significance test.
//
// A case (benchmark instance: workload, strategy, size, conditions, tunables) of OLD is compared
// with the same case of NEW when both measured it in the same regime (crossmem::stats::
// same_regime: medians less than 1.5x apart), each regime paired with the nearest such regime of
// the other run and only when that one's nearest is it. Files without regime fields are one
// unknown regime:
// an unknown regime is compared with the unknown regime of the other run, or, when the other run
// has regimes, with that case's regime with the most repetitions (and says so). Unstable
// repetitions (probes disagree) are never compared.
//
// Per pair of samples of the counter (bytes_per_second by default): the ratio of medians NEW/OLD
// and the two-sided Mann-Whitney U p-value (crossmem::stats::mann_whitney). The verdict is
//   - "different" when p < alpha and the medians differ by at least min_effect;
//   - "equal" when the medians differ by less than min_effect, or p >= alpha while the samples
//     are large enough for p < alpha to be possible;
//   - "undecided" otherwise (too few repetitions for the test to reach alpha).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crossmem/results/results.hpp"
#include "crossmem/results/stats.hpp"
#include "crossmem/schema/fields.hpp"

namespace crossmem::report {

struct CompareOptions {
  std::string counter = schema::field::bytes_per_second;
  double alpha = 0.05;
  double min_effect = 0.03;
};

struct CompareRow {
  results::Axes axes;
  double old_regime_ns = 0;
  double new_regime_ns = 0;
  results::Spread old_spread;
  results::Spread new_spread;
  double ratio = 0;     // new median / old median
  double p_value = 1;   // Mann-Whitney, two-sided
  std::string verdict;  // "equal", "different", "undecided"
  std::string note;     // e.g. "OLD has no regime fields"
};

struct Comparison {
  std::string old_label, new_label;
  std::string counter;
  std::vector<std::string> regime_notes;  // which regimes each run saw; where they differ
  bool regimes_differ = false;
  std::vector<CompareRow> rows;  // by case, then regime
  std::size_t only_old = 0;      // (case, regime) pairs without a counterpart in NEW
  std::size_t only_new = 0;
};

// `old_run` and `new_run` hold one source each.
Comparison compare_runs(const results::Results& old_run, const results::Results& new_run,
                        const CompareOptions& options = {});

// Loads the two files (InvalidInput naming the file when one is not valid crossmem-bench JSON)
// and compares them.
Comparison compare_files(const std::string& old_file, const std::string& new_file,
                         const CompareOptions& options = {});

// A readable table: aligned text, or Markdown. Both start with the regime notes.
std::string render_compare_text(const Comparison& c);
std::string render_compare_markdown(const Comparison& c);

}  // namespace crossmem::report
