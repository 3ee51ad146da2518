// crossmem-bench output read back by crossmem-report and crossmem-tune: a tiny real sweep, whose
// per-regime fields (regime_ns, round, layout, crossmem.regimes) the report and the tuner use.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "crossmem/results/name.hpp"
#include "crossmem/results/results.hpp"
#include "crossmem/results/summary.hpp"
#include "temp_dir.hpp"

namespace crossmem::report {
namespace {

const std::string kBench = CROSSMEM_BENCH_EXE;
const std::string kReport = CROSSMEM_REPORT_EXE;
const std::string kTune = CROSSMEM_TUNE_EXE;

TEST(ReportsE2E, BenchRegimeFieldsAreReadBackByReportAndTune) {
  TempDir tmp;
  fs::path run = tmp.path() / "run.json";
  auto bench = run_command("'" + kBench +
                               "' --strategies shm-copy,cma-read --sizes 64KiB "
                               "--benchmark_repetitions=3 --benchmark_min_time=0.01 "
                               "--benchmark_out='" +
                               run.string() + "' --benchmark_out_format=json",
                           tmp.path());
  ASSERT_EQ(bench.exit_code, 0) << bench.err;

  // The library reads the fields: every repetition has a regime (a known one, or unstable when
  // the host moved the processes during it).
  results::Results loaded = results::load_results({run});
  ASSERT_EQ(loaded.sources.size(), 1u);
  const results::Source& source = loaded.sources[0];
  ASSERT_FALSE(loaded.measurements.empty());
  std::size_t known = 0, shm_known = 0;
  for (const auto& m : loaded.measurements) {
    EXPECT_NE(m.regime(), results::kUnknownRegime) << results::format_benchmark_name(m.axes);
    if (m.regime() > 0) ++known;
    if (m.regime() > 0 && m.axes.strategy == "shm-copy") ++shm_known;
    EXPECT_TRUE(std::isfinite(m.counter("round")));
    EXPECT_TRUE(std::isfinite(m.counter("layout")));
    EXPECT_TRUE(std::isfinite(m.counter("preempt_excess")));
  }
  EXPECT_EQ(source.regimes.empty(), known == 0) << source.get("regimes");
  double share = 0;
  std::uint64_t members = 0;
  for (const auto& r : source.regimes) {
    EXPECT_GT(r.regime_ns, 0);
    share += r.share;
    members += r.repetitions;
  }
  EXPECT_LE(share, 1.0 + 1e-9);
  EXPECT_EQ(members, known);

  // The report names the regimes on its first screen and splits groups by regime.
  fs::path out = tmp.path() / "report";
  auto report =
      run_command("'" + kReport + "' -o '" + out.string() + "' '" + run.string() + "'", tmp.path());
  ASSERT_EQ(report.exit_code, 0) << report.err;
  std::string md = read_file(out / "summary.md");
  std::size_t seen = md.find("Host regimes seen");
  ASSERT_NE(seen, std::string::npos);
  EXPECT_EQ(md.find("one unknown regime"), std::string::npos);
  EXPECT_NE(md.find(" regime:"), std::string::npos);
  if (known > 0) {
    EXPECT_NE(md.find("ns handoff (", seen), std::string::npos) << md.substr(seen, 300);
  } else {
    EXPECT_NE(md.find("no stable regime", seen), std::string::npos) << md.substr(seen, 300);
  }

  // The tuner's reasons name the regime of the group they come from (a shm-copy group in a known
  // regime; on a busy host every shm-copy repetition may be unstable, and then there is none).
  fs::path tuned_dir = tmp.path() / "tuned";
  auto tune = run_command("'" + kTune + "' -o '" + tuned_dir.string() + "' '" + run.string() + "'",
                          tmp.path());
  ASSERT_EQ(tune.exit_code, 0) << tune.err;
  std::string tuned = read_file(tuned_dir / "tuned.json");
  if (shm_known > 0) {
    EXPECT_NE(tuned.find(" regime:"), std::string::npos) << tuned;
  } else {
    EXPECT_NE(tuned.find("no pingpong results of shm-copy"), std::string::npos) << tuned;
  }

  // Comparing the run with itself: every case equal, the same regimes.
  auto compare = run_command(
      "'" + kReport + "' --compare '" + run.string() + "' '" + run.string() + "'", tmp.path());
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_NE(compare.out.find("Both runs saw the same regimes."), std::string::npos) << compare.out;
  EXPECT_NE(compare.out.find(" 0 different,"), std::string::npos) << compare.out;
}

}  // namespace
}  // namespace crossmem::report
