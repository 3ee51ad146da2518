// Running code as an unprivileged user, for the EPERM/EACCES checks. Root holds CAP_SYS_PTRACE,
// which overrides both the uid check and the dumpable check, so those checks only show for a caller
// without it.
#pragma once

#include <sys/types.h>

#include <array>
#include <functional>

namespace crossmem::conformance {

// The conventional 'nobody' uid and gid.
inline constexpr uid_t kNobody = 65534;

// Switches the calling process to uid and gid `id` with no supplementary groups. Changing every uid
// away from 0 clears the permitted and effective capability sets; this checks that they are empty.
// Returns 0, or the errno of the failed step (EPERM when the caller is not root; ENOTRECOVERABLE
// when capabilities remain). The kernel also clears the parent-death signal and resets the dumpable
// flag to fs.suid_dumpable.
int become_user(uid_t id);

// Result slots a probe fills, meaning defined by the test.
using ProbeResults = std::array<long, 16>;

// Forks a child that calls become_user(`id`), runs `probe` and sends its results back; reaps the
// child. Throws SystemError when the child cannot switch user or dies before answering.
ProbeResults run_as_user(uid_t id, const std::function<void(ProbeResults&)>& probe);

}  // namespace crossmem::conformance
