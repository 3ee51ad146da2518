#include "crossmem/bench/preemption.hpp"

#include <sched.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>

#include "crossmem/bench/pinning.hpp"
#include "crossmem/error.hpp"
#include "crossmem/stats/summary.hpp"

namespace crossmem::bench {
namespace {

long involuntary_now() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_nivcsw;
}

}  // namespace

PreemptBaseline measure_preempt_baseline(const std::vector<unsigned>& pus, int windows,
                                         int window_ms) {
  cpu_set_t saved;
  if (::sched_getaffinity(0, sizeof saved, &saved) != 0) {
    throw SystemError(errno, "reading this process's CPU affinity");
  }
  std::vector<double> rates;
  for (unsigned pu : pus) {
    pin_self(pu);
    for (int w = 0; w < windows; ++w) {
      const long before = involuntary_now();
      const auto start = std::chrono::steady_clock::now();
      const auto end = start + std::chrono::milliseconds(window_ms);
      auto now = start;
      while (now < end) now = std::chrono::steady_clock::now();
      const double seconds = std::chrono::duration<double>(now - start).count();
      rates.push_back(static_cast<double>(involuntary_now() - before) / seconds);
    }
  }
  if (::sched_setaffinity(0, sizeof saved, &saved) != 0) {
    throw SystemError(errno, "restoring this process's CPU affinity");
  }
  PreemptBaseline out;
  out.hz = rates.empty() ? 0 : stats::median(rates);
  char text[200];
  std::snprintf(text, sizeof text,
                "%.1f involuntary switches per second of a process spinning alone (median of %zu "
                "windows of %d ms on the ranks' PUs, at start)",
                out.hz, rates.size(), window_ms);
  out.method = text;
  return out;
}

}  // namespace crossmem::bench
