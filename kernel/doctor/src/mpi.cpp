// predict_mpi(): what Open MPI, MPICH and UCX choose for large intra-node messages on this host.
// Each prediction says where its rule comes from: "notes" (each project's documented defaults and
// source at the named release, as collected for crossmem's tuner), "source" (read in the project's
// current source, not checked against the named release), or "unconfirmed".
#include <cerrno>

#include "crossmem/doctor/diagnosis.hpp"
#include "crossmem/mpi_stacks.hpp"
#include "files.hpp"
#include "judge_util.hpp"

namespace crossmem::doctor {
namespace {

struct CmaState {
  bool self_ok = false;       // process_vm_readv/writev work on oneself (no filter, kernel has it)
  bool unrelated_ok = false;  // between unrelated processes without any prctl (scope 0 or CAP)
  bool named_ok = false;  // once the target names the reader (what PR_SET_PTRACER_ANY also gives)
  std::string why_not;    // explanation when self_ok is false
  std::string why_not_write;  // the same for process_vm_writev alone (UCX's self-test)
  std::optional<int> scope;
  bool cap = false;
  bool userns = false;
};

CmaState cma_state(const HostFacts& f) {
  CmaState c;
  c.self_ok = f.self.cma_read == 0 && f.self.cma_write == 0;
  if (!c.self_ok) {
    AccessKind k = f.self.cma_read != 0 ? AccessKind::cma_read : AccessKind::cma_write;
    c.why_not = explain_access_error(detail::self_errno(f, k), k, detail::self_context(f, k)).cause;
    c.why_not_write = f.self.cma_write == 0
                          ? "process_vm_writev works"
                          : explain_access_error(f.self.cma_write, AccessKind::cma_write,
                                                 detail::self_context(f, AccessKind::cma_write))
                                .cause;
  }
  c.scope = f.yama_scope;
  c.cap = f.cap_sys_ptrace;
  if (f.cross.ran) {
    c.unrelated_ok = f.cross.unrelated.cma_read == 0 && f.cross.unrelated.cma_write == 0;
    c.named_ok = f.cross.named.cma_read == 0 && f.cross.named.cma_write == 0;
  } else {
    // No measurement: judge from the rules alone.
    bool allowed = !c.scope || *c.scope == 0 || (*c.scope < 3 && c.cap);
    c.unrelated_ok = c.self_ok && allowed;
    c.named_ok = c.self_ok && (allowed || *c.scope == 1);
  }
  c.userns = detail::in_child_user_ns(f);
  return c;
}

std::string scope_text(const CmaState& c) {
  return c.scope ? "Yama ptrace_scope " + std::to_string(*c.scope) : "no Yama";
}

const char* kUsernsNote =
    " CMA is not used between ranks in different user namespaces; this process is in a non-initial "
    "one, so all ranks must share it.";

// Open MPI's CMA rule (4.1 vader per the notes, 5.0 smsc/cma per its source): with ptrace_scope
// other than 0 it calls prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY) and keeps CMA when that call
// succeeds. Yama accepts the call at every scope, but only scope 1 honours it.
MpiPrediction open_mpi(const HostFacts& f, const CmaState& c, bool v5) {
  MpiPrediction p;
  p.stack = v5 ? "Open MPI 5.0 (btl sm + smsc)" : "Open MPI 4.1 (pml ob1, btl vader)";
  p.certainty = v5 ? "source" : "notes";
  const char* id = v5 ? mpi::kOpenMpi5 : mpi::kOpenMpi41;
  const mpi::Parameter& limit =
      mpi::parameter(id, v5 ? "btl_sm_eager_limit" : "btl_vader_eager_limit");
  const mpi::Parameter& single =
      mpi::parameter(id, v5 ? "smsc" : "btl_vader_single_copy_mechanism");
  const std::string avoid = "--mca " + single.name + " " + single.off;
  std::string eager = limit.name + " (" + limit.fallback + " B)";
  std::string mech = "--mca " + single.name + (v5 ? " cma|xpmem|knem" : " cma|none");
  p.knobs = mech + "; --mca " + limit.name + " N; env OMPI_MCA_<name>=<value>";
  std::string prefix;
  if (f.xpmem.exists) {
    prefix =
        "/dev/xpmem exists: xpmem comes first if this Open MPI is built with it "
        "(unconfirmed for distribution packages); otherwise: ";
  }
  if (!c.self_ok) {
    p.certainty = "unconfirmed";
    if (v5) {
      p.single_copy = "cma (selected, transfers refused)";
      p.detail = prefix +
                 "smsc/cma is chosen from ptrace_scope and prctl(PR_SET_PTRACER) alone, "
                 "without trying the call, and the call fails here: " +
                 c.why_not + " [what Open MPI does after the refusal is unconfirmed].";
      p.knobs = avoid + " to avoid it";
    } else {
      p.single_copy = "unknown (cma fails here)";
      p.detail = prefix + "CMA cannot work here: " + c.why_not +
                 ". Whether vader tries the call before choosing CMA is unconfirmed: either it "
                 "falls back to copy-in/copy-out (double copy) or transfers fail.";
      p.knobs = avoid + " forces double copy";
    }
    return p;
  }
  bool calls_prctl = c.scope && *c.scope != 0;
  std::string prctl_text =
      calls_prctl
          ? " Under " + scope_text(c) + " it calls prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY)" +
                (f.cross.set_ptracer_errno == 0 ? " (accepted here)" : "") +
                ", which lets every process of the user reach the rank's memory; crossmem "
                "names only the peer."
          : "";
  bool works = c.unrelated_ok || (calls_prctl && *c.scope == 1 && c.named_ok);
  if (works) {
    p.single_copy = "cma";
    p.detail = prefix + "messages above " + eager +
               " go by rendezvous and one process_vm_readv copy (single copy)." + prctl_text +
               (c.userns ? kUsernsNote : "");
    return p;
  }
  p.single_copy = "cma (selected, transfers refused)";
  p.detail = prefix + prctl_text.substr(calls_prctl ? 1 : 0) +
             " Yama accepts that call at every scope but honours it only at scope 1, so CMA is "
             "selected and then refused (EPERM) under " +
             scope_text(c) + (c.cap ? "" : " without CAP_SYS_PTRACE") +
             " [what Open MPI does after the refusal is unconfirmed].";
  p.knobs = avoid + " to avoid it, or as root: echo 1 > /proc/sys/kernel/yama/ptrace_scope";
  p.certainty = "unconfirmed";
  return p;
}

MpiPrediction mpich5(const HostFacts& f, const CmaState& c) {
  MpiPrediction p;
  p.stack = "MPICH 5.0 (ch4)";
  p.certainty = "notes";
  const mpi::Parameter& enable = mpi::parameter(mpi::kMpich, "MPIR_CVAR_CH4_CMA_ENABLE");
  const mpi::Parameter& threshold =
      mpi::parameter(mpi::kMpich, "MPIR_CVAR_CH4_IPC_CMA_P2P_THRESHOLD");
  const std::string v5_threshold = std::to_string(mpi::kMpich5CmaThreshold);
  p.knobs = enable.name + "=0|1, " + threshold.name + " (" + v5_threshold +
            "), MPIR_CVAR_CH4_XPMEM_ENABLE";
  std::string cells =
      "messages go through POSIX shared-memory cells "
      "(MPIR_CVAR_CH4_SHM_POSIX_IQUEUE_CELL_SIZE " +
      std::to_string(mpi::kMpich5CellSize) + "): double copy";
  std::string xp = f.xpmem.exists ? " /dev/xpmem exists: XPMEM (threshold " +
                                        std::to_string(mpi::kMpich5XpmemThreshold) +
                                        ") if MPICH is built with it."
                                  : "";
  if (c.scope && *c.scope != 0) {
    p.single_copy = "none (double copy)";
    p.detail =
        "CMA is on by default but turned off unless ptrace_scope is 0, with no "
        "PR_SET_PTRACER attempt; under " +
        scope_text(c) + " " + cells + "." + xp;
    p.knobs =
        "as root: echo 0 > /proc/sys/kernel/yama/ptrace_scope (every process of a user may "
        "then read every other); " +
        p.knobs;
    return p;
  }
  if (!c.self_ok || !c.unrelated_ok) {
    p.single_copy = "unknown (cma fails here)";
    p.detail = "CMA is enabled, but " +
               (c.self_ok ? std::string("process_vm_readv between two processes of this user fails")
                          : "the call fails: " + c.why_not) +
               ". Whether MPICH tries the call before using it is unconfirmed: either double copy "
               "or failing transfers." +
               xp;
    p.knobs = enable.name + "=" + enable.off + " forces double copy";
    p.certainty = "unconfirmed";
    return p;
  }
  p.single_copy = "cma";
  p.detail = "messages above " + threshold.name + " (" + v5_threshold +
             " B) use one process_vm_readv copy." + xp;
  if (!c.scope) {
    p.detail +=
        " [with no Yama at all, the notes do not say how MPICH reads the missing "
        "ptrace_scope file; assumed as 0]";
    p.certainty = "unconfirmed";
  }
  return p;
}

MpiPrediction mpich_older() {
  const mpi::Parameter& enable = mpi::parameter(mpi::kMpich, "MPIR_CVAR_CH4_CMA_ENABLE");
  const std::string debian = mpi::kDebianMpich;
  MpiPrediction p;
  p.stack = "MPICH 4.2-4.3 (ch4); Debian 12's MPICH " + debian + " (ch4:ucx)";
  p.single_copy = "none (double copy) by default; " + debian + ": as UCX";
  p.detail = "4.2-4.3: " + enable.name + " defaults to 0 (threshold " +
             std::to_string(mpi::kMpich42CmaThreshold) + " when enabled). Debian 12's " + debian +
             " is built ch4:ucx: intra-node traffic follows UCX (next row).";
  p.knobs = enable.name + "=" + enable.on;
  p.certainty = "notes";
  return p;
}

// UCX's cma memory domain (src/uct/sm/scopy/cma/cma_md.c): offered when process_vm_writev on
// itself works and ptrace_scope is missing or 0; at 1 after prctl(PR_SET_PTRACER_ANY) succeeds; at
// 2 only with CAP_SYS_PTRACE; never at 3.
MpiPrediction ucx(const HostFacts& f, const CmaState& c) {
  MpiPrediction p;
  p.stack = std::string("UCX (Debian 12: ") + mpi::kDebianUcx + ")";
  p.certainty = "source";
  const std::string tls = mpi::parameter(mpi::kUcx, "UCX_TLS").name;
  p.knobs = tls + "=sm (posix/sysv + cma + knem) or e.g. " + tls +
            "=posix,cma (cma alone cannot carry messages); " +
            mpi::parameter(mpi::kUcx, "UCX_RNDV_THRESH").name +
            "; UCX_PROTO_INFO=y shows the choice";
  std::string knem = f.knem.exists
                         ? (f.knem.access_errno == 0 ? " knem: /dev/knem is usable."
                                                     : " knem: /dev/knem exists but is not "
                                                       "accessible to this user.")
                         : "";
  if (f.self.cma_write != 0) {
    p.single_copy = "none (posix/sysv copies)";
    p.detail = "the cma transport is not offered when its process_vm_writev self-test fails (" +
               c.why_not_write + ")." + knem;
    return p;
  }
  bool offered = !c.scope || *c.scope == 0 || (*c.scope == 1 && f.cross.set_ptracer_errno <= 0) ||
                 (*c.scope == 2 && c.cap);
  if (!offered) {
    p.single_copy = "none (posix/sysv copies)";
    p.detail = "the cma transport is not offered under " + scope_text(c) +
               (*c.scope == 2 ? " without CAP_SYS_PTRACE" : "") + "." + knem;
    return p;
  }
  bool works = c.unrelated_ok || (c.scope && *c.scope == 1 && c.named_ok);
  p.single_copy = works ? "cma" : "cma (offered, transfers refused)";
  p.detail = std::string("the cma transport is offered") +
             (c.scope && *c.scope == 1 ? " after prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY)" : "") +
             "; rendezvous above UCX_RNDV_THRESH uses it (single copy)." +
             (works ? ""
                    : " But process_vm_readv between processes fails here [UCX's reaction "
                      "unconfirmed].") +
             knem;
  if (!works) p.certainty = "unconfirmed";
  return p;
}

}  // namespace

std::vector<MpiPrediction> predict_mpi(const HostFacts& f) {
  CmaState c = cma_state(f);
  return {open_mpi(f, c, false), open_mpi(f, c, true), mpich5(f, c), mpich_older(), ucx(f, c)};
}

}  // namespace crossmem::doctor
