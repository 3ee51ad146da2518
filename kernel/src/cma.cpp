#include "crossmem/kernel/cma.hpp"

#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <string>
#include <vector>

#include "crossmem/error.hpp"

namespace crossmem::kernel {
namespace {

// A cursor over an iovec list that can hand out the next window of at most `max_iov` entries and
// `max_bytes` bytes, and advance by a byte count.
class IovCursor {
 public:
  explicit IovCursor(std::span<const iovec> iov) : iov_(iov) {}

  bool done() const { return index_ >= iov_.size(); }

  std::size_t window(std::vector<iovec>& out, std::size_t max_iov, std::size_t max_bytes) const {
    out.clear();
    std::size_t bytes = 0;
    std::size_t offset = offset_;
    for (std::size_t i = index_; i < iov_.size() && out.size() < max_iov && bytes < max_bytes;
         ++i) {
      std::size_t len = std::min(iov_[i].iov_len - offset, max_bytes - bytes);
      if (len > 0) {
        out.push_back({static_cast<char*>(iov_[i].iov_base) + offset, len});
        bytes += len;
      }
      offset = 0;
    }
    return bytes;
  }

  void advance(std::size_t bytes) {
    while (index_ < iov_.size()) {
      std::size_t left = iov_[index_].iov_len - offset_;
      if (bytes < left) {
        offset_ += bytes;
        return;
      }
      bytes -= left;
      ++index_;
      offset_ = 0;
    }
  }

  void skip_empty() {
    while (index_ < iov_.size() && iov_[index_].iov_len == offset_) {
      ++index_;
      offset_ = 0;
    }
  }

 private:
  std::span<const iovec> iov_;
  std::size_t index_ = 0;
  std::size_t offset_ = 0;
};

using CmaCall = ssize_t (*)(pid_t, const iovec*, unsigned long, const iovec*, unsigned long,
                            unsigned long);

std::size_t cma_loop(CmaCall call, const char* name, pid_t pid, std::span<const iovec> local,
                     std::span<const iovec> remote, std::size_t* calls) {
  IovCursor lc(local), rc(remote);
  std::vector<iovec> lw, rw;
  std::size_t total = 0;
  std::size_t n_calls = 0;
  lc.skip_empty();
  rc.skip_empty();
  while (!lc.done()) {
    if (rc.done()) {
      throw SystemError(EINVAL, std::string(name) + ": remote iovecs shorter than local");
    }
    std::size_t lb = lc.window(lw, IOV_MAX, kCmaMaxPerCall);
    std::size_t rb = rc.window(rw, IOV_MAX, lb);
    if (rb < lb) lb = lc.window(lw, IOV_MAX, rb);
    ssize_t got = call(pid, lw.data(), lw.size(), rw.data(), rw.size(), 0);
    ++n_calls;
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_errno(std::string(name) + " with pid " + std::to_string(pid));
    }
    if (got == 0) {
      throw SystemError(
          EFAULT, std::string(name) + " with pid " + std::to_string(pid) + " made no progress");
    }
    auto moved = static_cast<std::size_t>(got);
    lc.advance(moved);
    rc.advance(moved);
    lc.skip_empty();
    rc.skip_empty();
    total += moved;
  }
  if (calls) *calls = n_calls;
  return total;
}

}  // namespace

std::size_t cma_read_all(pid_t pid, std::span<const iovec> local, std::span<const iovec> remote,
                         std::size_t* calls) {
  return cma_loop(::process_vm_readv, "process_vm_readv", pid, local, remote, calls);
}

std::size_t cma_write_all(pid_t pid, std::span<const iovec> local, std::span<const iovec> remote,
                          std::size_t* calls) {
  return cma_loop(::process_vm_writev, "process_vm_writev", pid, local, remote, calls);
}

}  // namespace crossmem::kernel
