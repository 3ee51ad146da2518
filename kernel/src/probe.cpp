#include "crossmem/kernel/probe.hpp"

#include <fcntl.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <fstream>

#include "crossmem/kernel/fd.hpp"

namespace crossmem::kernel {
namespace {

std::string bracketed(const char* path) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return "unknown";
  auto open = line.find('[');
  auto close = line.find(']');
  if (open == std::string::npos || close == std::string::npos) return "unknown";
  return line.substr(open + 1, close - open - 1);
}

int cma_self(bool write) {
  char a[64] = {1}, b[64] = {};
  iovec local{b, sizeof b}, remote{a, sizeof a};
  ssize_t rc = write ? ::process_vm_writev(::getpid(), &local, 1, &remote, 1, 0)
                     : ::process_vm_readv(::getpid(), &local, 1, &remote, 1, 0);
  return rc == static_cast<ssize_t>(sizeof a) ? 0 : (rc < 0 ? errno : EIO);
}

}  // namespace

std::optional<int> yama_ptrace_scope() {
  std::ifstream in("/proc/sys/kernel/yama/ptrace_scope");
  int v = 0;
  if (!(in >> v)) return std::nullopt;
  return v;
}

int try_cma_read_self() {
  return cma_self(false);
}
int try_cma_write_self() {
  return cma_self(true);
}

int try_proc_mem_self() {
  UniqueFd fd(::open("/proc/self/mem", O_RDWR | O_CLOEXEC));
  if (!fd) return errno;
  std::uint64_t probe = 42, out = 0;
  ssize_t rc = ::pread(fd.get(), &out, sizeof out,
                       static_cast<off_t>(reinterpret_cast<std::uintptr_t>(&probe)));
  return rc == static_cast<ssize_t>(sizeof out) && out == probe ? 0 : (rc < 0 ? errno : EIO);
}

int try_vmsplice() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return errno;
  char data[64] = {7};
  iovec iov{data, sizeof data};
  UniqueFd read_end(fds[0]), write_end(fds[1]);
  ssize_t rc = ::vmsplice(write_end.get(), &iov, 1, 0);
  return rc > 0 ? 0 : errno;
}

std::string thp_mode() {
  return bracketed("/sys/kernel/mm/transparent_hugepage/enabled");
}
std::string thp_shmem_mode() {
  return bracketed("/sys/kernel/mm/transparent_hugepage/shmem_enabled");
}

std::optional<std::uint64_t> meminfo_value(std::string_view key) {
  std::ifstream in("/proc/meminfo");
  std::string name;
  std::uint64_t value = 0;
  while (in >> name >> value) {
    if (name.size() == key.size() + 1 && name.back() == ':' &&
        name.compare(0, key.size(), key) == 0) {
      return value;
    }
    in.ignore(256, '\n');
  }
  return std::nullopt;
}

std::string hugetlb_pool() {
  auto total = meminfo_value("HugePages_Total"), free = meminfo_value("HugePages_Free");
  if (!total || !free) return "absent";
  return std::to_string(*free) + "/" + std::to_string(*total);
}

std::string kernel_release() {
  utsname u{};
  if (::uname(&u) != 0) return "unknown";
  return u.release;
}

}  // namespace crossmem::kernel
