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

// One character per compared size: "S" baseline faster, "C" candidate faster, "." undecided.
std::string verdict_strip(const results::Crossover& x);

}  // namespace crossmem::report
