// Ptrace grants: which process must name which as its tracer (PR_SET_PTRACER) for a strategy to
// reach its peers' memory. Pure: no processes, no system state.
#pragma once

#include <optional>
#include <vector>

#include "crossmem/bench/team.hpp"

namespace crossmem::bench {

// For each rank of a team of `procs` processes joined by `links`, the rank it must name with
// PR_SET_PTRACER, or -1 when it names none. Only Yama ptrace_scope 1 needs grants (`yama_scope`:
// nullopt without Yama): there the process whose memory is accessed names its accessor (the
// receiver for RemoteAccess::receiver_reads_sender, the sender for sender_writes_receiver). Rank 0
// is every child's ancestor, which scope 1 lets in without being named; in-process strategies need
// nothing. Throws Unsupported when a rank would have to name two different tracers
// (PR_SET_PTRACER takes one).
std::vector<int> ptrace_grants(const Traits& traits, const std::vector<LinkSpec>& links, int procs,
                               std::optional<int> yama_scope);

}  // namespace crossmem::bench
