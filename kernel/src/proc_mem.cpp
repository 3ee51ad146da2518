#include "crossmem/kernel/proc_mem.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "crossmem/error.hpp"

namespace crossmem::kernel {

ProcMem::ProcMem(pid_t pid, bool writable) : pid_(pid) {
  std::string path = "/proc/" + std::to_string(pid) + "/mem";
  fd_.reset(::open(path.c_str(), (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC));
  if (!fd_) throw_errno("opening " + path);
}

void ProcMem::read(void* dst, std::uintptr_t addr, std::size_t len) const {
  auto* out = static_cast<char*>(dst);
  while (len > 0) {
    ssize_t got = ::pread(fd_.get(), out, len, static_cast<off_t>(addr));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_errno("reading /proc/" + std::to_string(pid_) + "/mem");
    }
    if (got == 0) {
      throw SystemError(ESRCH, "reading /proc/" + std::to_string(pid_) + "/mem (process gone)");
    }
    auto n = static_cast<std::size_t>(got);
    out += n;
    addr += n;
    len -= n;
  }
}

void ProcMem::write(const void* src, std::uintptr_t addr, std::size_t len) const {
  const auto* in = static_cast<const char*>(src);
  while (len > 0) {
    ssize_t put = ::pwrite(fd_.get(), in, len, static_cast<off_t>(addr));
    if (put < 0) {
      if (errno == EINTR) continue;
      throw_errno("writing /proc/" + std::to_string(pid_) + "/mem");
    }
    if (put == 0) {
      throw SystemError(ESRCH, "writing /proc/" + std::to_string(pid_) + "/mem (process gone)");
    }
    auto n = static_cast<std::size_t>(put);
    in += n;
    addr += n;
    len -= n;
  }
}

}  // namespace crossmem::kernel
