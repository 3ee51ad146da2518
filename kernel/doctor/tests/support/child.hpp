// Running a diagnosis in a forked child under changed conditions (another uid, a seccomp filter)
// and getting its result back as JSON.
#pragma once

#include <sys/types.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace crossmem::doctor::testing {

// The conventional 'nobody' uid and gid.
inline constexpr uid_t kNobody = 65534;

// Forks; the child runs `setup` (returns an error text, empty on success), then `body`, and sends
// body's JSON back over a pipe. Returns that JSON, or {"error": text} when setup failed, the body
// threw, or the child died or stayed silent for `timeout_ms`. Always reaps the child.
nlohmann::json run_in_child(const std::function<std::string()>& setup,
                            const std::function<nlohmann::json()>& body, int timeout_ms = 30000);

// Switches the calling process to uid and gid `id` with no supplementary groups, checks that no
// effective capability remains, and makes it dumpable again (as exec of a program would; the uid
// change left it non-dumpable). Returns an error text, empty on success. Needs root.
std::string become_user(uid_t id);

// Installs a seccomp filter (after PR_SET_NO_NEW_PRIVS) that makes process_vm_readv and
// process_vm_writev fail with `err` and allows everything else. Returns an error text, empty on
// success; "unsupported architecture" when the filter cannot be written for this machine.
std::string block_cma_with_seccomp(int err);

}  // namespace crossmem::doctor::testing
