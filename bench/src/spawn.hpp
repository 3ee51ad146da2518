// Spawning and reaping the team's children. Each child is forked with one end of its own control
// socket pair; it dies with its parent (PR_SET_PDEATHSIG) and never returns into the caller's code.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

#include "crossmem/kernel/fd.hpp"

namespace crossmem::bench {

class Children {
 public:
  Children() = default;
  Children(const Children&) = delete;
  Children& operator=(const Children&) = delete;
  // stop(): no child outlives this object.
  ~Children() { stop(); }

  // Forks a child running `body(control)`, where `control` is the child's end of a fresh
  // SOCK_SEQPACKET pair, then _exit(1) (a body that is done calls _exit itself). Before `body`
  // runs, the child closes its copies of the parent's control ends of earlier children; any other
  // descriptor the body must not hold is the body's to close. Throws SystemError (socket pair,
  // fork); nothing is left open then.
  void spawn(const std::function<void(int control)>& body);

  std::size_t size() const { return pids_.size(); }
  // The parent's end of child i's control socket, and its pid (i: spawn order from 0).
  int control(std::size_t i) const { return control_.at(i).get(); }
  pid_t pid(std::size_t i) const { return pids_.at(i); }
  const std::vector<pid_t>& pids() const { return pids_; }

  // Closes every control socket (a child waiting for a command sees the hang-up and exits), waits
  // up to `grace` for the children to exit, then kills and reaps those that have not.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(500)) noexcept;

 private:
  std::vector<pid_t> pids_;
  std::vector<kernel::UniqueFd> control_;
};

}  // namespace crossmem::bench
