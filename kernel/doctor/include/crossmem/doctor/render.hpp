// Renderers of a Diagnosis (the compact summary is in summary.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "crossmem/doctor/diagnosis.hpp"

namespace crossmem::doctor {

// Multi-line report for a terminal: the checks (status, finding, cause, remedy), one line per
// strategy, then the MPI predictions. Plain ASCII, no colour.
std::string render_text(const Diagnosis& d);

// The whole diagnosis:
// {"schema": "crossmem-doctor/1", "host", "kernel", "machine", "uid",
//  "checks": [{"id", "title", "status", "finding", "cause", "remedy", "facts"}],
//  "strategies": [{"name", "available", "reason", "remedy", "note", "cause_id",
//                  "probe": {"ok", "reason", "remedy"}}],
//  "mpi": [{"stack", "single_copy", "detail", "knobs", "certainty"}],
//  "counts": {"ok", "warn", "blocked", "info"}}
nlohmann::json to_json(const Diagnosis& d);

}  // namespace crossmem::doctor
