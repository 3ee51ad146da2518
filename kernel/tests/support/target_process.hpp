// A child process whose memory a conformance test reads and writes.
//
// The child runs a setup function (map pages, fill them, unmap some, change uid, ...), reports up
// to eight addresses and lengths to the parent over a socketpair, then serves requests until it is
// told to exit or the parent goes away (EOF on the socket, PR_SET_PDEATHSIG). The parent-side
// object kills and reaps the child in its destructor, so a failed assertion never leaves a process
// behind.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "crossmem/kernel/fd.hpp"

namespace crossmem::conformance {

// What the child reports once its setup has run. The meaning of each slot is up to the test.
struct TargetInfo {
  std::array<std::uintptr_t, 8> addr{};
  std::array<std::size_t, 8> len{};
};

// Runs in the child after fork. Fills `info` and returns 0, or returns an errno when a step failed
// (the parent then throws SystemError with that errno).
using TargetSetup = std::function<int(TargetInfo& info)>;

class TargetProcess {
 public:
  // Forks the child, runs `setup` in it and waits (at most a few seconds) for its report.
  // Throws SystemError when fork fails, the setup fails, or the child does not report.
  explicit TargetProcess(const TargetSetup& setup);
  TargetProcess(const TargetProcess&) = delete;
  TargetProcess& operator=(const TargetProcess&) = delete;
  // Kills (SIGKILL) and reaps the child if stop() has not done so.
  ~TargetProcess();

  pid_t pid() const { return pid_; }
  const TargetInfo& info() const { return info_; }

  // `len` bytes of the child's memory at `addr`, copied by the child itself with write(2): a view
  // that does not depend on the mechanisms under test. Throws SystemError (EFAULT when the child
  // could not read that range).
  std::vector<unsigned char> dump(std::uintptr_t addr, std::size_t len) const;

  // Tells the child to exit, reaps it and returns its wait status. Afterwards pid() names a process
  // that no longer exists (until the kernel reuses the number).
  int stop();

 private:
  pid_t pid_ = -1;
  kernel::UniqueFd sock_;
  bool reaped_ = false;
  TargetInfo info_;
};

// Setup helper: maps `pages` private anonymous pages, fills them with pattern `seed` (see
// pattern.hpp), then unmaps the pages from index `unmap_from` on (none when unmap_from >= pages).
// Reports the base address in addr[0] and the mapped-and-kept length in len[0]; addr[1] is the
// first unmapped address (0 when none).
TargetSetup pattern_region(std::size_t pages, unsigned seed, std::size_t unmap_from = SIZE_MAX);

// What pattern_region and the reduce suite's regions share, run in the target: maps `pages`
// private anonymous pages, lets `fill` write them, unmaps the pages from index `unmap_from` on and
// fills in `info` as pattern_region describes. Returns 0 or an errno value.
int map_region(TargetInfo& info, std::size_t pages, std::size_t unmap_from,
               const std::function<void(void* base, std::size_t bytes)>& fill);

// The system page size.
std::size_t page_size();

}  // namespace crossmem::conformance
