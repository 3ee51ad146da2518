// Helpers shared by the parts of judge() (internal to the doctor).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "crossmem/doctor/facts.hpp"
#include "crossmem/doctor/peer_access.hpp"

namespace crossmem::doctor::detail {

// The self-test errno of `kind` (both /proc/PID/mem kinds share one test).
int self_errno(const HostFacts& f, AccessKind kind);

// Context for explaining a failed call on this process itself.
AccessContext self_context(const HostFacts& f, AccessKind kind);

// Context for explaining a failure of the cross-process test: a sibling target of the same uid and
// namespace, that did (`named`) or did not name the reader, dumpable or not.
AccessContext cross_context(const HostFacts& f, AccessKind kind, bool named, bool non_dumpable);

// The first access kind that failed in `e`, or nullopt.
std::optional<AccessKind> first_failure(const AccessErrnos& e);

bool in_child_user_ns(const HostFacts& f);
bool in_child_pid_ns(const HostFacts& f);

// {"process_vm_readv": "ok", "/proc/PID/mem read": "EACCES (Permission denied)", ...}
nlohmann::json access_json(const AccessErrnos& e);

// "process_vm_readv EPERM, process_vm_writev EPERM, /proc/PID/mem read ok, ..."
std::string access_summary(const AccessErrnos& e);

// 1048576 -> "1 MiB", 65536 -> "64 KiB", 1000 -> "1000 B".
std::string bytes_text(std::size_t n);

inline constexpr AccessKind kAllKinds[] = {AccessKind::cma_read, AccessKind::cma_write,
                                           AccessKind::proc_mem_read, AccessKind::proc_mem_write};

}  // namespace crossmem::doctor::detail
