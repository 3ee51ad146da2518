#include "crossmem/bench/grants.hpp"

#include <string>

#include "crossmem/error.hpp"

namespace crossmem::bench {

std::vector<int> ptrace_grants(const Traits& traits, const std::vector<LinkSpec>& links, int procs,
                               std::optional<int> yama_scope) {
  std::vector<int> tracer(static_cast<std::size_t>(procs), -1);
  if (!yama_scope || *yama_scope != 1 || traits.in_process) return tracer;
  for (int rank = 0; rank < procs; ++rank) {
    int& named = tracer[static_cast<std::size_t>(rank)];
    for (const LinkSpec& l : links) {
      int accessor = -1;
      if (traits.access == RemoteAccess::receiver_reads_sender && l.sender == rank)
        accessor = l.receiver;
      if (traits.access == RemoteAccess::sender_writes_receiver && l.receiver == rank)
        accessor = l.sender;
      if (accessor < 0 || accessor == 0) continue;
      if (named >= 0 && named != accessor) {
        throw Unsupported("Yama ptrace_scope 1: rank " + std::to_string(rank) +
                              " would have to name two tracers, but PR_SET_PTRACER takes one",
                          "as root: echo 0 > /proc/sys/kernel/yama/ptrace_scope");
      }
      named = accessor;
    }
  }
  return tracer;
}

}  // namespace crossmem::bench
