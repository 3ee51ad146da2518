// judge_strategy(): whether each strategy can run here, and why not.
#include <cerrno>

#include "crossmem/doctor/diagnosis.hpp"
#include "files.hpp"
#include "judge_util.hpp"

namespace crossmem::doctor {
namespace {

std::string access_note(const HostFacts& f) {
  if (!f.yama_scope || *f.yama_scope == 0) {
    return "peers of the same uid reach each other's memory (no Yama restriction)";
  }
  if (*f.yama_scope == 1) {
    if (f.cap_sys_ptrace) {
      return "Yama scope 1: CAP_SYS_PTRACE passes it; crossmem also names its peer with "
             "PR_SET_PTRACER, which is what ordinary users need";
    }
    return "Yama scope 1: available because crossmem names its peer with PR_SET_PTRACER (the "
           "process whose memory is reached names its accessor)";
  }
  return "Yama scope " + std::to_string(*f.yama_scope) +
         ": works only because this process has "
         "CAP_SYS_PTRACE";
}

}  // namespace

std::vector<StrategyInput> current_strategies() {
  std::vector<StrategyInput> out;
  for (const Strategy* s : all_strategies()) {
    StrategyInput in;
    in.name = std::string(s->name);
    bool cma = in.name.rfind("cma", 0) == 0;
    bool mem = in.name.rfind("proc-mem", 0) == 0;
    if (s->traits.access == RemoteAccess::receiver_reads_sender) {
      if (cma) in.kernel_access = AccessKind::cma_read;
      if (mem) in.kernel_access = AccessKind::proc_mem_read;
    } else if (s->traits.access == RemoteAccess::sender_writes_receiver) {
      if (cma) in.kernel_access = AccessKind::cma_write;
      if (mem) in.kernel_access = AccessKind::proc_mem_write;
    }
    in.probe = s->probe();
    out.push_back(std::move(in));
  }
  return out;
}

StrategyVerdict judge_strategy(const HostFacts& f, const StrategyInput& s) {
  StrategyVerdict v;
  v.strategy = s.name;
  v.probe = s.probe;
  v.cause_id = "ok";
  auto unavailable = [&](std::string cause_id, std::string reason, std::string remedy) {
    v.available = false;
    v.cause_id = std::move(cause_id);
    v.reason = std::move(reason);
    v.remedy = std::move(remedy);
    return v;
  };

  if (!s.kernel_access) {
    if (!s.probe.ok) {
      std::string id = "unknown";
      if (s.name == "vmsplice" && f.seccomp_mode == 2 &&
          (f.self.vmsplice == EPERM || f.self.vmsplice == ENOSYS)) {
        id = "seccomp";
      }
      return unavailable(id, s.probe.reason, s.probe.remedy);
    }
    if (s.name == "pipe" || s.name == "vmsplice") {
      v.note = "pipe grown to " + detail::bytes_text(f.pipes.granted) + " (pipe-max-size " +
               detail::bytes_text(f.pipes.max_size) + ")";
    }
    return v;
  }

  AccessKind kind = *s.kernel_access;
  int self = detail::self_errno(f, kind);
  if (self != 0) {
    Explanation e = explain_access_error(self, kind, detail::self_context(f, kind));
    return unavailable(e.cause_id, e.cause, e.remedy.empty() ? s.probe.remedy : e.remedy);
  }
  if (f.cross.ran && f.cross.named.get(kind) != 0) {
    Explanation e = explain_access_error(f.cross.named.get(kind), kind,
                                         detail::cross_context(f, kind, true, false));
    return unavailable(e.cause_id, e.cause, e.remedy.empty() ? s.probe.remedy : e.remedy);
  }
  if (!s.probe.ok) {
    return unavailable("probe", s.probe.reason, s.probe.remedy);
  }
  v.note = access_note(f);
  if (!f.cross.ran) v.note += "; the cross-process test did not run (" + f.cross.error + ")";
  return v;
}

}  // namespace crossmem::doctor
