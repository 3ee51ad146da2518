// The diagnosis: checks with findings, causes and remedies; a verdict per strategy; what Open MPI,
// MPICH and UCX will do on this host. judge() is pure: it only reads the facts it is given.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crossmem/doctor/facts.hpp"
#include "crossmem/doctor/mechanism.hpp"

namespace crossmem::doctor {

// ok: nothing in the way. warn: works, with a limit or a surprise worth knowing. blocked: prevents
// at least one strategy. info: a fact that affects results but has no good or bad value.
enum class Status { ok, warn, blocked, info };
const char* status_name(Status s);  // "ok", "warn", "blocked", "info"

struct Check {
  std::string id;     // stable dotted name: "yama.ptrace_scope", "seccomp", "ptrace.cross_process"
  std::string title;  // short human label
  Status status = Status::info;
  std::string finding;  // what was observed
  std::string cause;    // why it matters or why it is so; may be empty
  std::string remedy;   // what would change it; empty when nothing is to be done
  nlohmann::json facts = nlohmann::json::object();  // the raw observations behind the finding
};

// The ptrace-checked access a mechanism reaches a peer's memory with, or nullopt for those that do
// not (memory, pipe, vmsplice).
std::optional<AccessKind> access_kind(Mechanism mechanism);

struct StrategyVerdict {
  std::string strategy;
  bool available = true;
  std::string reason;  // why not, when unavailable
  std::string remedy;
  std::string note;      // how it works here when available ("crossmem names its peer ...")
  std::string cause_id;  // see Explanation::cause_id; "ok" when available
  StrategyProbe probe;   // the strategy's own probe, for comparison
};

// What an MPI library or UCX will do for large intra-node messages here. `certainty` is "notes"
// (from the project's checked notes on that release), "source" (read in the project's source, the
// release named in `stack` not checked separately) or "unconfirmed".
struct MpiPrediction {
  std::string stack;        // "Open MPI 4.1 (pml ob1, btl vader)"
  std::string single_copy;  // for large messages: "cma", "none (double copy)", "cma (selected,
                            // transfers refused)", "unknown (cma fails here)"...
  std::string detail;       // why, and what it does around it
  std::string knobs;        // how to force or change it
  std::string certainty;
};

struct Diagnosis {
  std::string host;
  std::string kernel;
  std::string machine;
  long uid = 0;
  std::vector<Check> checks;
  std::vector<StrategyVerdict> strategies;
  std::vector<MpiPrediction> mpi;

  // The check with this id / the verdict for this strategy, or nullptr.
  const Check* find(std::string_view id) const;
  const StrategyVerdict* verdict(std::string_view strategy) const;
};

// Judges `facts`: every check, a verdict for each of `strategies`, the MPI predictions.
Diagnosis judge(const HostFacts& facts, const std::vector<StrategyInput>& strategies);

// The pieces of judge(), for tests.
std::vector<Check> judge_checks(const HostFacts& facts);
StrategyVerdict judge_strategy(const HostFacts& facts, const StrategyInput& strategy);
std::vector<MpiPrediction> predict_mpi(const HostFacts& facts);

// Gathers the facts of this host and judges them, with a verdict for each of `strategies`
// (crossmem::doctor_inputs() for crossmem's own).
Diagnosis diagnose(const std::vector<StrategyInput>& strategies);

}  // namespace crossmem::doctor
