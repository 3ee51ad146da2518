// The compact summary of a diagnosis that the benchmark's JSON context carries.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "crossmem/doctor/diagnosis.hpp"

namespace crossmem::doctor {

// A compact object for a results file's context, from an existing diagnosis:
// {"schema": "crossmem-doctor-summary/1",
//  "yama_ptrace_scope": 0-3 or null, "cap_sys_ptrace": bool, "seccomp": "none"|"strict"|"filter",
//  "user_namespace": "initial"|"child", "pid_namespace": "initial"|"child",
//  "thp": "madvise", "thp_shmem": "never", "pipe_max_size": bytes, "pipe_granted": bytes,
//  "numa_nodes": n, "knem": bool, "xpmem": bool,
//  "strategies": {"cma-read": true, ...},
//  "unavailable": {"cma-read": "reason", ...},
//  "blocked": ["seccomp", ...], "warnings": ["pipes.max_size", ...],
//  "mpi": {"Open MPI 4.1 (pml ob1, btl vader)": "cma", "MPICH 5.0 (ch4)": "none (double copy)",
//          ...}}   (keys are MpiPrediction::stack, values its single_copy)
nlohmann::json doctor_summary(const Diagnosis& d);

// Runs diagnose(strategies) now and returns doctor_summary() of it. Forks two short-lived children
// (see probe_cross_process) and loads the hwloc topology: call it outside timed regions.
nlohmann::json doctor_summary(const std::vector<StrategyInput>& strategies);

}  // namespace crossmem::doctor
