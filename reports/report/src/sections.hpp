// Sections of index.html that live outside html.cpp: the verdict (first on the page) and the
// machine and run context (last), as readable tables.
#pragma once

#include <string>

#include "model.hpp"

namespace crossmem::report {

// <section id="verdict">: verdict_lines() of the model.
void section_verdict(std::string& out, const Model& model);

// <section id="machines">: per run, the context as a table. Nested JSON values are rendered as
// rows (objects) or tables (lists of objects); the doctor summary (crossmem.doctor) is its own
// small table; the strategy table and the remaining context keys are folded (<details>).
void section_context(std::string& out, const Model& model);

}  // namespace crossmem::report
