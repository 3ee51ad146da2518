// Table contents shared by the HTML and Markdown writers.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model.hpp"

namespace crossmem::report {

// The machine context of a source as (label, value) rows, known keys first, then every other
// crossmem.* key as it was given.
std::vector<std::pair<std::string, std::string>> context_rows(const results::Source& source);

// "12.3 (11.9-12.6)" for the given counter of a summary, scaled by 1/`scale`.
std::string median_cell(const Summary* summary, const char* counter, double scale);

// Human-readable crossover interval and estimate ("64 KiB .. 256 KiB", "128 KiB"), "-" when none.
std::string crossover_interval(const results::Crossover& x);
std::string crossover_estimate(const results::Crossover& x);

// "58 ns handoff (71%, 120 repetitions), 262 ns handoff (29%, 48 repetitions); 3 repetitions
// unstable", or "one unknown regime (no regime fields in this file)".
std::string regimes_text(const SourceView& view);

// The context keys about retries, as "rounds kept 5, retries 2 (1.3 s), policy retry", or "".
std::string retries_text(const results::Source& source);

// One character per compared size: "S" baseline faster, "C" candidate faster, "." undecided.
std::string verdict_strip(const results::Crossover& x);

}  // namespace crossmem::report
