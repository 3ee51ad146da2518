// The reduce workload end to end into the report: a tiny real crossmem-bench reduce run and an
// MPI_Reduce anchor file give the "Reduce beside MPI_Reduce" tables of summary.md and index.html,
// and the anchor travels into the report directory.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report.hpp"
#include "temp_dir.hpp"

namespace crossmem::report {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_command;
using testing::TempDir;
using testing::write_file;

TEST(ReportReduce, ShowsEveryStrategyBesideMpiReduce) {
  TempDir tmp;
  const fs::path bench_json = tmp.path() / "reduce.json";
  auto bench = run_command(std::string("'") + CROSSMEM_BENCH_PATH +
                               "' --workloads reduce --max-procs 2 --sizes 4096,65536 "
                               "--strategies cma-read,shm-copy,shared-map "
                               "--benchmark_min_time=0.01 --benchmark_out_format=json "
                               "--benchmark_out='" +
                               bench_json.string() + "'",
                           tmp.path());
  ASSERT_EQ(bench.exit_code, 0) << bench.err;
  // One repetition per case, each in whatever host regime the probes saw: this test is about the
  // reduce section, so every repetition is put in one regime (the per-regime split has tests of
  // its own), or a regime change would spread the columns over several tables.
  {
    auto doc = nlohmann::json::parse(read_file(bench_json));
    for (auto& b : doc["benchmarks"]) {
      if (b.contains("regime_ns")) b["regime_ns"] = 60.0;
      if (b.contains("unstable")) b["unstable"] = 0.0;
      if (b.contains("mixed_round")) b["mixed_round"] = 0.0;
    }
    write_file(bench_json, doc.dump(2));
  }
  write_file(tmp.path() / "anchor.json",
             R"({"mpi": "mpirun.openmpi -np 2", "rows": [
                 {"size": 4096, "procs": 2, "config": "none", "reduce_ns": 3000,
                  "bytes_per_second": 1.365e9},
                 {"size": 4096, "procs": 2, "config": "cma", "reduce_ns": 2500,
                  "bytes_per_second": 1.638e9},
                 {"size": 4096, "procs": 3, "config": "cma", "reduce_ns": 9999,
                  "bytes_per_second": 1e9}]})");
  ReportOptions options;
  options.inputs = {bench_json};
  options.output = tmp.path() / "report";
  options.reduce_anchor = tmp.path() / "anchor.json";
  fs::path out = run_report(options);

  const std::string md = read_file(out / "summary.md");
  auto section = md.find("## Reduce beside MPI_Reduce");
  ASSERT_NE(section, std::string::npos) << md;
  const std::string reduce = md.substr(section, md.find("\n## ", section + 1) - section);
  for (const char* column :
       {"cma-read (µs)", "shm-copy (µs)", "shared-map (µs)", "MPI_Reduce none (µs)",
        "MPI_Reduce cma (µs)", "shared-map saving vs cma-read", "shm-copy saving vs cma-read"}) {
    EXPECT_NE(reduce.find(column), std::string::npos) << column << "\n" << reduce;
  }
  // The anchor's 4 KiB times in µs, none then cma (its 3-process row belongs to no 2-process
  // table, or cma would read 10.0); 64 KiB has no anchor row.
  EXPECT_NE(reduce.find("| 3.00 | 2.50 |"), std::string::npos) << reduce;
  EXPECT_NE(reduce.find("| - | - |"), std::string::npos) << reduce;

  const std::string html = read_file(out / "index.html");
  EXPECT_NE(html.find("<section id=\"reduce\">"), std::string::npos);
  EXPECT_NE(html.find("MPI_Reduce cma (µs)"), std::string::npos);
  EXPECT_EQ(read_file(out / "reduce_anchor.json"), read_file(tmp.path() / "anchor.json"));

  // Rebuilding the report in place keeps the anchor (found in the output directory).
  ReportOptions again;
  again.inputs = {bench_json};
  again.output = out;
  run_report(again);
  EXPECT_NE(read_file(out / "summary.md").find("MPI_Reduce cma (µs)"), std::string::npos);
}

}  // namespace
}  // namespace crossmem::report
