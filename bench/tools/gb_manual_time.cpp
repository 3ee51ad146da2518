// crossmem-gb-manual-time: shows that Debian's Google Benchmark, built with its assertions on
// (reported as "DEBUG"), does not change what crossmem reports. crossmem times every batch with
// its own clock and hands the time to the library (UseManualTime + SetIterationTime), as here.
//
// The same batch (N copies of 64 bytes, the loop of the memcpy reference) is timed
//   direct:  with steady_clock around each batch, without the library;
//   library: the same, inside a manual-time benchmark, as crossmem's cases do;
// over ROUNDS rounds (after one discarded), in alternating order,, and prints the median ns per
// copy of each and their ratio, and the library's own time per batch (wall time of the benchmark
// minus the time reported), which is outside every reported number. Not built by default: `cmake
// --build --preset release --target crossmem-gb-manual-time`, then
// build/release/bench/crossmem-gb-manual-time [ROUNDS].
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "crossmem/stats/summary.hpp"

namespace {

namespace stats = crossmem::stats;

using Clock = std::chrono::steady_clock;
constexpr std::size_t kBatch = 1 << 16;

alignas(64) char g_src[64];
alignas(64) char g_dst[64];

double timed_batch() {
  auto t0 = Clock::now();
  for (std::size_t i = 0; i < kBatch; ++i) {
    std::memcpy(g_dst, g_src, sizeof g_src);
    benchmark::ClobberMemory();
  }
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct Sink : benchmark::BenchmarkReporter {
  double seconds_per_iteration = 0;
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.run_type == Run::RT_Iteration && r.iterations > 0) {
        seconds_per_iteration = r.real_accumulated_time / static_cast<double>(r.iterations);
      }
    }
  }
};

std::uint64_t g_batches = 0;

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 21;
  if (rounds < 1) rounds = 21;
  benchmark::RegisterBenchmark(
      "library",
      [](benchmark::State& state) {
        while (state.KeepRunningBatch(static_cast<benchmark::IterationCount>(kBatch))) {
          state.SetIterationTime(timed_batch());
          ++g_batches;
        }
      })
      ->UseManualTime()
      ->Iterations(static_cast<benchmark::IterationCount>(kBatch) * 64);
  char min_time[] = "--benchmark_min_time=0";
  char* gb_argv[] = {argv[0], min_time};
  int gb_argc = 2;
  benchmark::Initialize(&gb_argc, gb_argv);

  std::vector<double> direct, library, overhead;
  auto run_direct = [&] {
    double sum = 0;
    for (int b = 0; b < 64; ++b) sum += timed_batch();
    direct.push_back(sum / (64.0 * kBatch) * 1e9);
  };
  auto run_library = [&] {
    Sink sink;
    g_batches = 0;
    auto t0 = Clock::now();
    benchmark::RunSpecifiedBenchmarks(&sink);
    double wall = std::chrono::duration<double>(Clock::now() - t0).count();
    double reported = sink.seconds_per_iteration * 64.0 * kBatch;
    library.push_back(sink.seconds_per_iteration * 1e9);
    overhead.push_back((wall - reported) /
                       static_cast<double>(std::max<std::uint64_t>(1, g_batches)) * 1e6);
  };
  run_direct();  // warm-up, discarded
  run_library();
  direct.clear();
  library.clear();
  overhead.clear();
  for (int r = 0; r < rounds; ++r) {  // A B, B A, ...: neither always goes first
    if (r % 2 == 0) {
      run_direct();
      run_library();
    } else {
      run_library();
      run_direct();
    }
  }
  benchmark::Shutdown();
  std::vector<double> ratios;
  for (std::size_t i = 0; i < direct.size(); ++i) ratios.push_back(library[i] / direct[i]);
  std::sort(ratios.begin(), ratios.end());
  std::printf("ns per 64-byte copy, median of %d rounds: direct %.3f, library %.3f\n", rounds,
              stats::median(direct), stats::median(library));
  std::printf("library / direct, per round: median %.3f, p10 %.3f, p90 %.3f\n",
              stats::median(ratios), ratios[ratios.size() / 10], ratios[ratios.size() * 9 / 10]);
  std::printf(
      "library time per batch of %zu copies, outside the reported time: at most %.1f us "
      "(median; the batch itself takes %.0f us)\n",
      kBatch, stats::median(overhead), stats::median(direct) * kBatch / 1e3);
  return 0;
}
