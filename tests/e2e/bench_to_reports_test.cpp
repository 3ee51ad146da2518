// crossmem-bench's real output read by the reports library: a tiny sweep, with CMA blocked by
// seccomp so the file holds both measurements and skips, loads without error, every name survives
// parse/format, and the strategy order and traits the reports use are the strategy table's. The
// fixtures' strategy listing is checked against the table too.
#include <gtest/gtest.h>
#include <sys/syscall.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "crossmem/results/crossover.hpp"
#include "crossmem/results/name.hpp"
#include "crossmem/results/results.hpp"
#include "crossmem/schema/context.hpp"
#include "crossmem/schema/strategies.hpp"
#include "crossmem/strategy.hpp"
#include "run_command.hpp"

namespace crossmem {
namespace {

const std::string kBench = CROSSMEM_BENCH_PATH;

struct BenchRun {
  int status = -1;
  std::string err;
  std::string text;  // the JSON file
};

BenchRun run_bench(const std::vector<std::string>& extra, const test::Restrictions& limits) {
  std::string dir = test::make_temp_dir();
  std::string file = dir + "/out.json";
  std::vector<std::string> argv{kBench, "--benchmark_min_time=0.01", "--benchmark_out=" + file,
                                "--benchmark_out_format=json"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto o = test::run_command(argv, limits);
  BenchRun run;
  run.status = o.status;
  run.err = o.err;
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  run.text = text.str();
  std::filesystem::remove_all(dir);
  return run;
}

bool is_cma(std::string_view name) {
  return name.starts_with("cma-");
}

TEST(BenchToReports, LoaderReadsRealOutput) {
  test::Restrictions limits{{SYS_process_vm_readv, SYS_process_vm_writev}, EPERM};
  BenchRun run = run_bench({"--sizes", "64,4097"}, limits);
  ASSERT_EQ(run.status, 0) << run.err;

  results::Results r;
  ASSERT_NO_THROW(results::load_results_text(run.text, "bench.json", r));
  ASSERT_EQ(r.sources.size(), 1u);
  const results::Source& source = r.sources[0];
  EXPECT_EQ(source.schema, schema::kVersion);

  // The listing is the strategy table, in order, with its traits.
  const auto table = all_strategies();
  ASSERT_EQ(source.strategies.size(), table.size());
  std::vector<std::string> table_order;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Strategy& s = *table[i];
    const results::StrategyInfo& info = source.strategies[i];
    SCOPED_TRACE(std::string(s.name));
    table_order.emplace_back(s.name);
    EXPECT_EQ(info.name, s.name);
    EXPECT_EQ(info.reference, s.traits.reference);
    EXPECT_EQ(info.in_process, s.traits.in_process);
    EXPECT_EQ(info.copies, s.traits.copies);
    EXPECT_EQ(info.copier, s.traits.copier);
    // A combining-only strategy (cma-reduce) is not run by a ping-pong sweep.
    EXPECT_EQ(info.selected, !s.traits.reduce_only);
    EXPECT_EQ(info.available, !is_cma(s.name)) << info.reason;
    std::map<std::string, std::string> defaults;
    for (const auto& [k, v] : effective_params(s, Params{})) defaults[k] = std::to_string(v);
    EXPECT_EQ(info.tunables, defaults);
  }
  EXPECT_EQ(results::strategy_order(r), table_order);

  // One measurement per measured strategy and size, one skip per blocked strategy and size.
  std::set<std::pair<std::string, std::uint64_t>> measured, skipped;
  for (const results::Measurement& m : r.measurements) {
    EXPECT_EQ(m.axes.workload, "pingpong");
    EXPECT_EQ(m.axes.procs, 2u);
    EXPECT_GT(m.counter("latency_ns"), 0) << m.axes.strategy;
    EXPECT_TRUE(measured.emplace(m.axes.strategy, m.axes.size_bytes).second) << m.axes.strategy;
  }
  for (const results::Skip& s : r.skips) {
    EXPECT_TRUE(s.unsupported) << s.message;
    EXPECT_NE(s.reason.find("seccomp"), std::string::npos) << s.message;
    EXPECT_FALSE(s.remedy.empty()) << s.message;
    skipped.emplace(s.axes.strategy, s.axes.size_bytes);
  }
  for (const Strategy* s : table) {
    const bool runs = !s->traits.reduce_only;
    for (std::uint64_t size : {64u, 4097u}) {
      auto key = std::make_pair(std::string(s->name), size);
      EXPECT_EQ(measured.count(key), runs && !is_cma(s->name) ? 1u : 0u) << s->name << " " << size;
      EXPECT_EQ(skipped.count(key), runs && is_cma(s->name) ? 1u : 0u) << s->name << " " << size;
    }
  }

  // Every name the bench wrote reads back and formats to itself.
  nlohmann::json doc = nlohmann::json::parse(run.text);
  for (const nlohmann::json& b : doc.at("benchmarks")) {
    std::string name = b.at("name");
    std::string bare = name.substr(0, name.rfind("/manual_time"));
    EXPECT_EQ(results::format_benchmark_name(results::parse_benchmark_name(name)), bare);
  }

  // The comparison the report draws comes from the listed traits.
  auto [baseline, candidates] = results::comparison_for(r, 0, {});
  std::string expected_baseline;
  std::vector<std::string> expected_candidates;
  for (const Strategy* s : table) {
    const Traits& t = s->traits;
    if (expected_baseline.empty() && !t.reference && !t.in_process && t.copies >= 2)
      expected_baseline = s->name;
    if (!t.in_process && t.copies == 1) expected_candidates.emplace_back(s->name);
  }
  EXPECT_FALSE(baseline.empty());
  EXPECT_EQ(baseline, expected_baseline);
  EXPECT_EQ(candidates, expected_candidates);
}

// The listing the fixture generators write into every fixture (tests/fixtures/strategies.json) is
// the strategy table's: a row added or changed there shows up here until the fixtures follow.
TEST(BenchToReports, FixtureListingIsTheStrategyTable) {
  std::ifstream in(std::string(CROSSMEM_FIXTURES) + "/strategies.json");
  std::stringstream text;
  text << in.rdbuf();
  std::vector<schema::StrategyEntry> listed = schema::parse_strategies(text.str());
  const auto table = all_strategies();
  ASSERT_EQ(listed.size(), table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Strategy& s = *table[i];
    SCOPED_TRACE(std::string(s.name));
    EXPECT_EQ(listed[i].name, s.name);
    EXPECT_EQ(listed[i].reference, s.traits.reference);
    EXPECT_EQ(listed[i].in_process, s.traits.in_process);
    EXPECT_EQ(listed[i].copies, s.traits.copies);
    EXPECT_EQ(listed[i].copier, s.traits.copier);
    std::map<std::string, std::string> defaults;
    for (const auto& [k, v] : effective_params(s, Params{})) defaults[k] = std::to_string(v);
    EXPECT_EQ(listed[i].tunables, defaults);
  }
}

}  // namespace
}  // namespace crossmem
