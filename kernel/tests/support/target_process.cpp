#include "target_process.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "child_io.hpp"
#include "crossmem/error.hpp"
#include "pattern.hpp"

namespace crossmem::conformance {
namespace {

struct Report {
  int error = 0;
  TargetInfo info;
};

enum class Op : char { kQuit = 'q', kDump = 'd' };

struct Request {
  Op op = Op::kQuit;
  std::uintptr_t addr = 0;
  std::size_t len = 0;
};

[[noreturn]] void child_main(int sock, pid_t parent, const TargetSetup& setup) {
  die_with_parent(parent);
  Report report;
  try {
    report.error = setup(report.info);
  } catch (...) {
    report.error = ECANCELED;
  }
  die_with_parent(parent);
  if (send_all(sock, &report, sizeof report) != 0 || report.error != 0) ::_exit(1);
  for (;;) {
    Request req;
    // No timeout: the parent decides when this process ends (EOF when it closes or dies).
    if (recv_all(sock, &req, sizeof req, -1) != 0 || req.op == Op::kQuit) ::_exit(0);
    if (req.op == Op::kDump) {
      if (send_all(sock, reinterpret_cast<const void*>(req.addr), req.len) != 0) ::_exit(2);
    }
  }
}

}  // namespace

TargetProcess::TargetProcess(const TargetSetup& setup) {
  kernel::SocketPair sp = kernel::make_socket_pair(SOCK_STREAM);
  pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) throw_errno("forking a target process");
  if (pid_ == 0) {
    sp.first.reset();
    child_main(sp.second.get(), parent, setup);
  }
  sp.second.reset();
  sock_ = std::move(sp.first);
  Report report;
  int err = recv_all(sock_.get(), &report, sizeof report);
  if (err == 0 && report.error != 0) err = report.error;
  if (err != 0) {
    sock_.reset();
    reap_child(pid_, 0);
    throw SystemError(err, "preparing target process " + std::to_string(pid_));
  }
  info_ = report.info;
}

TargetProcess::~TargetProcess() {
  sock_.reset();
  if (!reaped_) reap_child(pid_, 0);
}

std::vector<unsigned char> TargetProcess::dump(std::uintptr_t addr, std::size_t len) const {
  Request req{Op::kDump, addr, len};
  std::vector<unsigned char> out(len);
  int err = send_all(sock_.get(), &req, sizeof req);
  if (err == 0) err = recv_all(sock_.get(), out.data(), len);
  if (err == EPIPE) err = EFAULT;
  if (err != 0) throw SystemError(err, "dumping memory of target process " + std::to_string(pid_));
  return out;
}

int TargetProcess::stop() {
  if (reaped_) return 0;
  Request req{Op::kQuit, 0, 0};
  send_all(sock_.get(), &req, sizeof req);
  sock_.reset();
  reaped_ = true;
  return reap_child(pid_);
}

std::size_t page_size() {
  return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

int map_region(TargetInfo& info, std::size_t pages, std::size_t unmap_from,
               const std::function<void(void* base, std::size_t bytes)>& fill) {
  std::size_t ps = page_size();
  void* base =
      ::mmap(nullptr, pages * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) return errno;
  fill(base, pages * ps);
  std::size_t kept = unmap_from < pages ? unmap_from : pages;
  auto* hole = static_cast<char*>(base) + kept * ps;
  if (kept < pages && ::munmap(hole, (pages - kept) * ps) != 0) return errno;
  info.addr[0] = reinterpret_cast<std::uintptr_t>(base);
  info.len[0] = kept * ps;
  info.addr[1] = kept < pages ? reinterpret_cast<std::uintptr_t>(hole) : 0;
  return 0;
}

TargetSetup pattern_region(std::size_t pages, unsigned seed, std::size_t unmap_from) {
  return [=](TargetInfo& info) {
    return map_region(info, pages, unmap_from,
                      [seed](void* base, std::size_t bytes) { fill_pattern(base, bytes, seed); });
  };
}

}  // namespace crossmem::conformance
