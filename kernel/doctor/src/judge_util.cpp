#include "judge_util.hpp"

#include "crossmem/sizes.hpp"
#include "files.hpp"

namespace crossmem::doctor::detail {

int self_errno(const HostFacts& f, AccessKind kind) {
  switch (kind) {
    case AccessKind::cma_read:
      return f.self.cma_read;
    case AccessKind::cma_write:
      return f.self.cma_write;
    default:
      return f.self.proc_mem;
  }
}

namespace {

AccessContext base_context(const HostFacts& f, AccessKind kind) {
  AccessContext c;
  c.uid = f.uid;
  c.euid = f.euid;
  c.cap_sys_ptrace = f.cap_sys_ptrace;
  c.yama_scope = f.yama_scope;
  c.seccomp_mode = f.seccomp_mode;
  c.self_errno = self_errno(f, kind);
  c.kernel_has_cma = f.cma_kernel.present;
  return c;
}

}  // namespace

AccessContext self_context(const HostFacts& f, AccessKind kind) {
  AccessContext c = base_context(f, kind);
  c.peer.exists = true;
  c.peer.visible_in_proc = true;
  c.peer.uid = c.peer.euid = c.peer.suid = f.uid;
  c.peer.same_user_ns = true;
  c.peer_named_us = true;
  return c;
}

AccessContext cross_context(const HostFacts& f, AccessKind kind, bool named, bool non_dumpable) {
  AccessContext c = self_context(f, kind);
  c.peer.pid = f.cross.target_pid;
  c.peer.proc_owner = non_dumpable ? 0 : f.uid;
  c.peer.likely_non_dumpable = non_dumpable;
  c.peer_named_us = named;
  return c;
}

std::optional<AccessKind> first_failure(const AccessErrnos& e) {
  for (AccessKind k : kAllKinds) {
    if (e.get(k) != 0) return k;
  }
  return std::nullopt;
}

bool in_child_user_ns(const HostFacts& f) {
  if (!f.ns.uid_map_identity) return true;
  return !f.ns.init_user.empty() && !f.ns.self_user.empty() && f.ns.init_user != f.ns.self_user;
}

bool in_child_pid_ns(const HostFacts& f) {
  if (f.ns.nspid.size() > 1) return true;
  return !f.ns.init_pid.empty() && !f.ns.self_pid.empty() && f.ns.init_pid != f.ns.self_pid;
}

nlohmann::json access_json(const AccessErrnos& e) {
  nlohmann::json j = nlohmann::json::object();
  for (AccessKind k : kAllKinds)
    j[access_kind_name(k)] = e.get(k) == 0 ? "ok" : errno_name(e.get(k));
  return j;
}

std::string access_summary(const AccessErrnos& e) {
  std::string out;
  for (AccessKind k : kAllKinds) {
    if (!out.empty()) out += ", ";
    out += std::string(access_kind_name(k)) + " " + (e.get(k) == 0 ? "ok" : errno_name(e.get(k)));
  }
  return out;
}

std::string bytes_text(std::size_t n) {
  return format_size(n);
}

}  // namespace crossmem::doctor::detail
