// The quiet baseline of involuntary context switches. A process that spins on its core through a
// timed window is switched out involuntarily at some rate even on an otherwise idle machine (timer
// ticks that find a kernel thread runnable); only switches beyond that rate say that something
// took the core from the measurement.
#pragma once

#include <string>
#include <vector>

namespace crossmem::bench {

struct PreemptBaseline {
  double hz = 0;       // involuntary switches per second of a lone spinning process (median)
  std::string method;  // how it was measured, for the run context
};

// Spins this process alone on each PU of `pus` in turn, `windows` windows of `window_ms` each,
// counting its involuntary switches (getrusage); the baseline is the median rate over all windows.
// The process's CPU affinity is restored afterwards. Throws SystemError when pinning fails.
PreemptBaseline measure_preempt_baseline(const std::vector<unsigned>& pus, int windows = 5,
                                         int window_ms = 20);

}  // namespace crossmem::bench
