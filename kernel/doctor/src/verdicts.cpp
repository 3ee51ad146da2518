// judge_strategy(): whether each strategy can run here, and why not, judged from its mechanism.
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

std::optional<AccessKind> access_kind(Mechanism mechanism) {
  switch (mechanism) {
    case Mechanism::cma_read:
      return AccessKind::cma_read;
    case Mechanism::cma_write:
      return AccessKind::cma_write;
    case Mechanism::proc_mem_read:
      return AccessKind::proc_mem_read;
    case Mechanism::proc_mem_write:
      return AccessKind::proc_mem_write;
    case Mechanism::memory:
    case Mechanism::pipe:
    case Mechanism::vmsplice:
      break;
  }
  return std::nullopt;
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

  const std::optional<AccessKind> access = access_kind(s.mechanism);
  const bool piped = s.mechanism == Mechanism::pipe || s.mechanism == Mechanism::vmsplice;
  if (!access) {
    if (!s.probe.ok) {
      std::string id = "unknown";
      if (s.mechanism == Mechanism::vmsplice && f.seccomp_mode == 2 &&
          (f.self.vmsplice == EPERM || f.self.vmsplice == ENOSYS)) {
        id = "seccomp";
      }
      return unavailable(id, s.probe.reason, s.probe.remedy);
    }
    if (piped) {
      v.note = "pipe grown to " + detail::bytes_text(f.pipes.granted) + " (pipe-max-size " +
               detail::bytes_text(f.pipes.max_size) + ")";
    }
    return v;
  }

  AccessKind kind = *access;
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
