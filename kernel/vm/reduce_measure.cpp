// Measures, in the patched guest, one reduce_readv of a peer's vector of doubles into a local
// accumulator against the copy-then-combine it replaces (process_vm_readv into scratch, then
// kernel::reduce_reference). Not a test: under qemu TCG the times say how many instructions and
// passes over memory each way costs, not what real hardware would do.
//
// Usage: crossmem_vm_reduce_measure [REPS]   (default 31; prints one line per size)
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "crossmem/kernel/reduce.hpp"

namespace {

using crossmem::kernel::ReduceOp;
using crossmem::kernel::ReduceType;

double now_ns() {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count());
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::atoi(argv[1]) : 31;
  if (reps < 1) {
    std::fprintf(stderr, "crossmem_vm_reduce_measure: REPS must be a positive number\n");
    return 2;
  }
  crossmem::kernel::ReduceSupport support = crossmem::kernel::probe_reduce();
  if (!support.ok) {
    std::fprintf(stderr, "crossmem_vm_reduce_measure: %s; %s\n", support.reason.c_str(),
                 support.remedy.c_str());
    return 1;
  }
  const std::size_t max_bytes = std::size_t{16} << 20;
  void* mem =
      ::mmap(nullptr, max_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return 1;
  int ready[2];
  if (::pipe(ready) != 0) return 1;
  pid_t peer = ::fork();
  if (peer < 0) return 1;
  if (peer == 0) {
    // The peer's own pages (written after the fork), then it waits to be killed.
    auto* v = static_cast<double*>(mem);
    for (std::size_t i = 0; i < max_bytes / 8; ++i) v[i] = static_cast<double>(i % 1000) * 0.5;
    char c = 1;
    if (::write(ready[1], &c, 1) != 1) ::_exit(1);
    for (;;) ::pause();
  }
  char c;
  if (::read(ready[0], &c, 1) != 1) return 1;

  std::printf("# %d repetitions, median ns per call; f64 sum of a peer's vector into a local one\n",
              reps);
  std::printf("%10s %14s %14s %14s %8s\n", "bytes", "reduce_readv", "readv+sum", "readv only",
              "ratio");
  std::vector<std::byte> acc(max_bytes), scratch(max_bytes);
  std::memset(acc.data(), 0, acc.size());
  std::memset(scratch.data(), 0, scratch.size());
  int status = 0;
  for (std::size_t bytes = 4096; bytes <= max_bytes; bytes *= 4) {
    iovec local{acc.data(), bytes}, remote{mem, bytes}, into{scratch.data(), bytes};
    std::vector<double> fused, split, copy_only;
    for (int r = 0; r < reps; ++r) {
      double t0 = now_ns();
      ssize_t got = crossmem::kernel::reduce_readv(peer, &local, 1, &remote, 1, ReduceOp::sum,
                                                   ReduceType::f64);
      double t1 = now_ns();
      ssize_t got2 = ::process_vm_readv(peer, &into, 1, &remote, 1, 0);
      double t2 = now_ns();
      crossmem::kernel::reduce_reference(std::span(acc).first(bytes),
                                         std::span<const std::byte>(scratch).first(bytes),
                                         ReduceOp::sum, ReduceType::f64);
      double t3 = now_ns();
      if (got != static_cast<ssize_t>(bytes) || got2 != static_cast<ssize_t>(bytes)) status = 1;
      fused.push_back(t1 - t0);
      split.push_back(t3 - t1);
      copy_only.push_back(t2 - t1);
    }
    double f = median(fused), s = median(split);
    std::printf("%10zu %14.0f %14.0f %14.0f %8.2f\n", bytes, f, s, median(copy_only), s / f);
  }
  ::kill(peer, SIGKILL);
  ::waitpid(peer, nullptr, 0);
  ::munmap(mem, max_bytes);
  return status;
}
