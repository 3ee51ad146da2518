#include "crossmem/mpi_stacks.hpp"

#include <stdexcept>

namespace crossmem::mpi {
namespace {

std::string n(std::uint64_t v) {
  return std::to_string(v);
}

std::vector<Stack> make_table() {
  const std::string eager = n(kOpenMpiEagerLimit);
  const std::string max_send = n(kOpenMpiMaxSendSize);
  return {
      {kOpenMpi41,
       "Open MPI 4.1 (pml ob1, btl vader)",
       false,
       "4.1.4 (Debian 12), pml ob1 + btl vader",
       {
           {"btl_vader_single_copy_mechanism", Source::mechanism, "cma",
            "the first mechanism built (xpmem, cma, knem; cma in Debian's build)", "cma", "none",
            "", "", ""},
           {"btl_vader_eager_limit", Source::eager_limit, eager, eager, "", "", "", "", ""},
           {"btl_vader_max_send_size", Source::max_send, max_send, max_send, "", "", "", "", ""},
       }},
      {kOpenMpi5,
       "Open MPI 5 (btl sm + smsc): uncomment instead of the Open MPI 4.1 lines",
       true,
       "5.0 source, btl sm + smsc",
       {
           {"smsc", Source::mechanism, "xpmem,cma,knem",
            "chosen by priority (xpmem 42, cma 37, knem 23)", "cma", "^cma", "",
            "; excluding cma leaves btl sm copy-in/copy-out unless xpmem or knem is installed", ""},
           {"btl_sm_eager_limit", Source::eager_limit, eager, eager, "", "", "", "", ""},
           {"btl_sm_max_send_size", Source::max_send, max_send, max_send, "", "", "", "", ""},
       }},
      {kMpich,
       "MPICH 4.2+ / 5 (ch4)",
       false,
       "4.2-4.3 and 5.0 notes, ch4 (Debian 12: " + std::string(kDebianMpich) + ", ch4:ucx)",
       {
           {"MPIR_CVAR_CH4_CMA_ENABLE", Source::mechanism, "0", "0 (off) in 4.2-4.3, on in 5.0",
            "1", "0", "; MPICH 5.0 still turns CMA off unless Yama ptrace_scope is 0", "", ""},
           {"MPIR_CVAR_CH4_IPC_CMA_P2P_THRESHOLD", Source::threshold, n(kMpich42CmaThreshold),
            n(kMpich42CmaThreshold) + " in 4.2-4.3, " + n(kMpich5CmaThreshold) + " in 5.0", "", "",
            "; messages of this size and more use CMA", "", ""},
       }},
      {kUcx,
       "UCX (Open MPI pml ucx, MPICH ch4:ucx)",
       false,
       std::string(kDebianUcx) + " (Debian 12) and current source",
       {
           {"UCX_RNDV_THRESH", Source::threshold, "auto", "auto", "", "",
            "; intra-node messages of this size and more go by rendezvous (zero copy)", "",
            "intra:"},
           {"UCX_TLS", Source::mechanism, "all", "all", "", "^cma",
            "cma wins at large sizes, nothing to exclude", "", ""},
           {"UCX_CMA_BW", Source::cma_bandwidth, "11145MBs", "11145MBs in recent versions", "", "",
            "", "", ""},
           {"UCX_RNDV_SCHEME", Source::rndv_scheme, "auto", "auto", "put_zcopy", "get_zcopy", "",
            "", ""},
       }},
      {kMvapich2,
       "MVAPICH2",
       false,
       "unconfirmed",
       {
           {"MV2_SMP_USE_CMA", Source::mechanism, "1", "1 [unconfirmed]", "1", "0", "", "", ""},
           {"MV2_SMP_EAGERSIZE", Source::threshold, "default",
            "architecture-dependent [unconfirmed]", "", "",
            "; must be at most half of MV2_SMP_QUEUE_LENGTH (raise that too if needed) "
            "[semantics unconfirmed]",
            "", ""},
       }},
  };
}

}  // namespace

const std::vector<Stack>& stacks() {
  static const std::vector<Stack> table = make_table();
  return table;
}

const Stack& stack(std::string_view id) {
  for (const Stack& s : stacks()) {
    if (s.id == id) return s;
  }
  throw std::out_of_range("no MPI stack " + std::string(id));
}

const Parameter& parameter(std::string_view stack_id, std::string_view name) {
  for (const Parameter& p : stack(stack_id).parameters) {
    if (p.name == name) return p;
  }
  throw std::out_of_range("MPI stack " + std::string(stack_id) + " has no parameter " +
                          std::string(name));
}

}  // namespace crossmem::mpi
