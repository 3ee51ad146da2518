// What the report shows, computed once from the results: series per group, host-regime flags,
// skips and crossovers. The writers (plots, HTML, Markdown) only format it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crossmem/results/crossover.hpp"
#include "crossmem/results/extras.hpp"
#include "crossmem/results/results.hpp"
#include "crossmem/results/summary.hpp"

namespace crossmem::report {

using results::Axes;
using results::GroupKey;
using results::Summary;

// In results without regime fields, a measurement is in the slow host regime when its handoff probe
// exceeds this factor times the smallest probe of its source. Results with regime fields carry
// their regime (regime_ns) instead.
inline constexpr double kSlowRegimeFactor = 2.0;

// One strategy (with one set of tunables) within a group: a line on a plot, a column in a table.
struct Series {
  std::string strategy;
  std::map<std::string, std::string> tunables;
  std::string label;                            // "cma-read" or "shm-copy fragment:32768/depth:8"
  int rank = 0;                                 // position of the strategy in Model::strategy_order
  const results::StrategyInfo* info = nullptr;  // its traits as the source lists them, if listed
  std::map<std::uint64_t, const Summary*> by_size;

  // A reference point that makes one copy (memcpy, shared-map): drawn as a ceiling.
  bool ceiling() const { return info != nullptr && info->reference && info->copies == 1; }
  // Both endpoints in one process (memcpy): the copy ceiling bandwidth fractions refer to.
  bool in_process() const { return info != nullptr && info->in_process; }
};

// Per instance: how many repetitions the host-regime checks flag.
struct Flags {
  std::size_t repetitions = 0;
  std::size_t slow = 0;         // handoff_ns above the source's threshold (results without regimes)
  std::size_t preempted = 0;    // preempt_excess > 0 (older results: preempted > 0)
  std::size_t unstable = 0;     // unstable = 1: the probes before and after disagree
  std::size_t unvalidated = 0;  // validated != 1 (informative: validation may be sampled)
  double max_handoff_ns = 0;
  double max_preempted = 0;  // largest preempt_excess (older results: preempted)
  // Whether a disturbance (slow regime, unstable regime or preemption) touched any repetition.
  bool any() const { return slow + preempted + unstable > 0; }
};

struct GroupView {
  GroupKey key;
  std::string id;                    // unique, file-name safe: "s0-g3"
  std::vector<Series> series;        // in strategy-table order
  std::vector<std::uint64_t> sizes;  // every size any series measured, ascending
};

struct SkipRow {
  std::string strategy;
  bool unsupported = true;
  std::string reason;
  std::string remedy;
  std::size_t instances = 0;  // benchmark instances affected (0: reported only by the context)
};

// A host regime of one run: from crossmem.regimes when present, else counted from the
// repetitions' regime_ns.
struct RegimeRow {
  double regime_ns = 0;
  double share = 0;
  std::size_t repetitions = 0;
};

struct SourceView {
  std::size_t index = 0;
  std::string id;            // "s0"
  bool has_regimes = false;  // its repetitions carry regime fields
  std::vector<RegimeRow> regimes;
  std::size_t unstable = 0;
  std::string preempt_counter;  // "preempt_excess", or "preempted" for older results
  std::vector<GroupView> groups;
  std::string ceilings;       // the one-copy reference points listed: "memcpy and shared-map"
  std::string in_process;     // the in-process strategy listed ("memcpy"), or ""
  double min_handoff_ns = 0;  // NaN when no probe value
  double threshold_ns = 0;
  std::size_t measurements = 0;
  std::size_t slow = 0;
  std::size_t preempted = 0;
  std::size_t unvalidated = 0;
  std::vector<const Summary*> flagged;  // instances with a slow or preempted repetition
  std::vector<SkipRow> skips;
};

// Position of `strategy` in `order`, or order.size() when absent.
int strategy_rank(const std::vector<std::string>& order, const std::string& strategy);

// Holds pointers into its own `summaries`: movable, not copyable.
struct Model {
  Model() = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
  Model(Model&&) = default;
  Model& operator=(Model&&) = default;

  const results::Results* results = nullptr;
  std::vector<std::string> strategy_order;  // results::strategy_order: the JSON's table order
  std::vector<Summary> summaries;
  std::map<const Summary*, Flags> flags;
  std::vector<SourceView> sources;
  std::vector<results::Crossover> crossovers;
  std::vector<results::RegimeDisagreement> disagreements;
  std::vector<std::string> disagreement_sentences;  // one per disagreement
  std::optional<results::Tuned> tuned;
  std::optional<results::Verify> verify;
  std::optional<results::ReduceAnchor> reduce_anchor;  // reduce_anchor.json, when given

  const results::Source& source(std::size_t i) const { return results->sources.at(i); }
  const Flags& flags_of(const Summary* s) const;
  // Sort rank of a strategy: its position in strategy_order, unknown names after.
  int rank(const std::string& strategy) const { return strategy_rank(strategy_order, strategy); }
};

// Builds the model. `results` must outlive it.
Model build_model(const results::Results& results, std::optional<results::Tuned> tuned,
                  std::optional<results::Verify> verify);

// The label of a series: strategy, then tunables when there are any.
std::string series_label(const std::string& strategy,
                         const std::map<std::string, std::string>& tunables);

}  // namespace crossmem::report
