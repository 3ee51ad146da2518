// A seccomp filter for tests that make system calls fail the way a container's profile would.
#pragma once

#include <string>
#include <vector>

namespace crossmem::test {

// Installs a filter (after PR_SET_NO_NEW_PRIVS) on the calling thread that makes each system call
// in `syscalls` (numbers, SYS_xxx) fail with `err` and allows everything else, on x86-64 and
// aarch64. Returns an error text, empty on success; "unsupported architecture" elsewhere.
// Irreversible: call it in a child process.
std::string block_syscalls(const std::vector<int>& syscalls, int err);

}  // namespace crossmem::test
