// crossmem-bench end to end: a tiny sweep writes Google Benchmark JSON with every strategy, both
// counters and no errors; a strategy blocked by seccomp is skipped with its reason; bad input exits
// 2 with one line on stderr.
#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "crossmem/results/results.hpp"
#include "crossmem/results/summary.hpp"
#include "crossmem/strategy.hpp"
#include "run_command.hpp"

namespace crossmem {
namespace {

using nlohmann::json;
using test::run_command;

const std::string kBench = CROSSMEM_BENCH_PATH;

// One crossmem-bench run with a JSON output file.
struct BenchRun {
  test::Outcome outcome;  // exit status, console rows (out) and stderr
  std::string text;       // the JSON file as written ("" when there is none)
  json j;                 // the file parsed (discarded when there is none)
};

// Runs crossmem-bench with `extra`, writing JSON to a scratch file that is removed afterwards.
BenchRun run_bench(const std::vector<std::string>& extra, const test::Restrictions& limits = {}) {
  std::string dir = test::make_temp_dir();
  std::string file = dir + "/out.json";
  std::vector<std::string> argv{kBench, "--benchmark_min_time=0.01", "--benchmark_out=" + file,
                                "--benchmark_out_format=json"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  BenchRun r;
  r.outcome = run_command(argv, limits);
  std::ifstream in(file);
  std::stringstream written;
  written << in.rdbuf();
  r.text = written.str();
  r.j = json::parse(r.text, nullptr, false);
  std::filesystem::remove_all(dir);
  return r;
}

// Runs crossmem-bench with `extra` and returns its JSON file (discarded when there is none);
// `text`, when given, gets the file as written.
json run_json(const std::vector<std::string>& extra, const test::Restrictions& limits, int* status,
              std::string* err = nullptr, std::string* text = nullptr) {
  BenchRun r = run_bench(extra, limits);
  *status = r.outcome.status;
  if (err) *err = r.outcome.err;
  if (text) *text = r.text;
  return r.j;
}

TEST(BenchE2E, TinySweepMeasuresEveryStrategy) {
  int status = -1;
  std::string err;
  json j = run_json({"--sizes", "64,4097"}, {}, &status, &err);
  ASSERT_EQ(status, 0) << err;
  ASSERT_FALSE(j.is_discarded());
  const json& ctx = j.at("context");
  for (const char* key :
       {"crossmem.version", "crossmem.kernel", "crossmem.cpu_model", "crossmem.topology",
        "crossmem.cores", "crossmem.wait_mode", "crossmem.build_type", "crossmem.strategies",
        "crossmem.placement", "crossmem.host", "crossmem.page_size", "crossmem.hugepage_sizes"}) {
    EXPECT_TRUE(ctx.contains(key)) << key;
  }
  EXPECT_EQ(ctx.value("crossmem.page_size", ""), std::to_string(sysconf(_SC_PAGESIZE)));
  EXPECT_FALSE(ctx.value("crossmem.host", "").empty());
  json strategies = json::parse(ctx.at("crossmem.strategies").get<std::string>());
  EXPECT_EQ(strategies.size(), all_strategies().size());
  for (const Strategy* s : all_strategies()) {
    // Strategies that only combine are not in ping-pong's default list.
    if (s->traits.reduce_only) continue;
    for (const char* size : {"64", "4097"}) {
      std::string prefix = "pingpong/" + std::string(s->name) + "/size:" + size + "/";
      int found = 0;
      for (const json& b : j.at("benchmarks")) {
        if (b.at("name").get<std::string>().rfind(prefix, 0) != 0) continue;
        ++found;
        EXPECT_FALSE(b.value("error_occurred", false))
            << prefix << ": " << b.value("error_message", "");
        EXPECT_GT(b.value("latency_ns", 0.0), 0.0) << prefix;
        EXPECT_GT(b.value("bytes_per_second", 0.0), 0.0) << prefix;
        EXPECT_GT(b.value("handoff_ns", 0.0), 0.0) << prefix;
      }
      EXPECT_EQ(found, 1) << prefix;
    }
  }
}

TEST(BenchE2E, SeccompBlockedStrategiesAreSkippedWithReason) {
  for (int err_code : {EPERM, ENOSYS}) {
    int status = -1;
    test::Restrictions limits{{SYS_process_vm_readv, SYS_process_vm_writev}, err_code};
    json j =
        run_json({"--sizes", "64", "--strategies", "cma-read,cma-write,shm-copy"}, limits, &status);
    ASSERT_EQ(status, 0) << "errno " << err_code;
    ASSERT_FALSE(j.is_discarded());
    int skipped = 0, measured = 0;
    for (const json& b : j.at("benchmarks")) {
      std::string name = b.at("name");
      if (name.rfind("pingpong/cma-", 0) == 0) {
        EXPECT_TRUE(b.value("error_occurred", false)) << name;
        std::string msg = b.value("error_message", "");
        EXPECT_EQ(msg.rfind("unsupported: ", 0), 0u) << msg;
        EXPECT_NE(msg.find("seccomp"), std::string::npos) << msg;
        EXPECT_NE(msg.find("remedy:"), std::string::npos) << msg;
        ++skipped;
      } else {
        EXPECT_FALSE(b.value("error_occurred", false)) << name;
        ++measured;
      }
    }
    EXPECT_EQ(skipped, 2);
    EXPECT_EQ(measured, 1);
  }
}

// Paired rounds and regimes: every repetition carries its round, probes, regime and layout; the
// rounds of a group interleave its strategies; the run context names the regimes and the policy.
TEST(BenchE2E, RoundsCarryRegimeFieldsAndInterleave) {
  for (const char* policy : {"any", "retry"}) {
    int status = -1;
    std::string err;
    json j = run_json({"--sizes", "64,4096", "--strategies", "memcpy,shm-copy,pipe",
                       "--benchmark_repetitions=3", "--regime", policy},
                      {}, &status, &err);
    ASSERT_EQ(status, 0) << err;
    ASSERT_FALSE(j.is_discarded());
    const json& ctx = j.at("context");
    EXPECT_EQ(ctx.at("crossmem.regime_policy"), policy);
    EXPECT_EQ(ctx.at("crossmem.rounds"), "3");
    EXPECT_FALSE(ctx.at("crossmem.regime_budget").get<std::string>().empty());
    EXPECT_TRUE(ctx.contains("crossmem.preempt_baseline"));
    EXPECT_GE(std::stod(ctx.at("crossmem.retry_seconds").get<std::string>()), 0.0);
    const int retries = std::stoi(ctx.at("crossmem.retries").get<std::string>());
    if (std::string(policy) == "any") {
      EXPECT_EQ(retries, 0);
    }
    json regimes = json::parse(ctx.at("crossmem.regimes").get<std::string>());
    ASSERT_TRUE(regimes.is_array());
    ASSERT_GE(regimes.size(), 1u);
    std::set<double> regime_values;
    int in_regimes = 0;
    for (const json& r : regimes) {
      EXPECT_GT(r.at("regime_ns").get<double>(), 0.0);
      EXPECT_GE(r.at("share").get<double>(), 0.0);
      EXPECT_LE(r.at("share").get<double>(), 1.0);
      regime_values.insert(r.at("regime_ns").get<double>());
      in_regimes += r.at("repetitions").get<int>();
    }

    std::map<std::string, std::set<int>> rounds;  // case -> rounds seen
    std::map<std::string, int> aggregates;        // case -> aggregate entries
    std::map<std::pair<std::string, int>, std::pair<double, double>>
        span;  // (group, round) -> layouts
    std::set<double> layouts;
    int stable = 0, reps = 0;
    for (const json& b : j.at("benchmarks")) {
      const std::string name = b.at("name");
      ASSERT_FALSE(b.value("error_occurred", false))
          << name << ": " << b.value("error_message", "");
      const std::string run_name = b.at("run_name");
      if (b.at("run_type") == "aggregate") {
        ++aggregates[run_name];
        EXPECT_EQ(b.at("repetitions"), 3) << name;
        continue;
      }
      ++reps;
      EXPECT_FALSE(b.contains("preempted")) << name;
      for (const char* key :
           {"round", "handoff_before_ns", "handoff_after_ns", "handoff_ns", "regime_ns", "unstable",
            "mixed_round", "layout", "involuntary", "preempt_excess"}) {
        EXPECT_TRUE(b.contains(key)) << name << " " << key;
      }
      const int round = b.at("round").get<int>();
      EXPECT_EQ(b.at("repetition_index"), round) << name;
      EXPECT_TRUE(rounds[run_name].insert(round).second) << name << " round " << round;
      EXPECT_GT(b.at("handoff_before_ns").get<double>(), 0.0) << name;
      EXPECT_GT(b.at("handoff_after_ns").get<double>(), 0.0) << name;
      EXPECT_EQ(b.at("handoff_ns").get<double>(), std::max(b.at("handoff_before_ns").get<double>(),
                                                           b.at("handoff_after_ns").get<double>()));
      const double unstable = b.at("unstable"), regime = b.at("regime_ns");
      EXPECT_TRUE(unstable == 0 || unstable == 1) << name;
      if (unstable == 0) {
        EXPECT_EQ(regime_values.count(regime), 1u) << name << " regime " << regime;
        ++stable;
      } else {
        EXPECT_EQ(regime, 0) << name;
      }
      const double mixed = b.at("mixed_round");
      EXPECT_TRUE(mixed == 0 || mixed == 1) << name;
      EXPECT_GE(b.at("preempt_excess").get<double>(), 0.0) << name;
      EXPECT_LE(b.at("preempt_excess").get<double>(), b.at("involuntary").get<double>()) << name;
      const double layout = b.at("layout");
      EXPECT_TRUE(layouts.insert(layout).second) << name << ": layout " << layout << " reused";
      // The group: the name without the strategy.
      std::string group = name.substr(0, name.find('/')) + name.substr(name.find("/size:"));
      auto [it, fresh] = span.emplace(std::make_pair(group, round), std::make_pair(layout, layout));
      it->second.first = std::min(it->second.first, layout);
      it->second.second = std::max(it->second.second, layout);
    }
    EXPECT_EQ(reps, 3 * 3 * 2);
    EXPECT_EQ(stable, in_regimes);
    for (const auto& [name, seen] : rounds) {
      EXPECT_EQ(seen, (std::set<int>{0, 1, 2})) << name;
      EXPECT_EQ(aggregates[name], 4) << name;  // mean, median, stddev, cv
    }
    EXPECT_EQ(rounds.size(), 6u);
    // Every repetition of round r of a group ran before every repetition of its round r + 1.
    for (const auto& [key, layouts_of_round] : span) {
      auto next = span.find({key.first, key.second + 1});
      if (next == span.end()) continue;
      EXPECT_LT(layouts_of_round.second, next->second.first)
          << key.first << " round " << key.second;
    }
    EXPECT_EQ(span.size(), 2u * 3u);
  }
}

// --regime each: a group goes on after N rounds until every regime seen has N rounds in it (or
// the bounds are reached), so a case may keep more than N rounds, and whatever the host does:
// every case keeps at least N and at most 4N rounds, numbered 0.. without gaps, the same for every
// strategy of its group; crossmem.rounds and crossmem.retries agree with what the file holds; the
// repetitions per regime are those crossmem.regimes counts; and the reports read the file back
// with the same regimes.
TEST(BenchE2E, RegimeEachKeepsEnoughRoundsAndReadsBack) {
  constexpr std::size_t kRounds = 2;
  int status = -1;
  std::string err, text;
  json j = run_json({"--sizes", "64,4096", "--strategies", "memcpy,shm-copy,pipe",
                     "--benchmark_repetitions=" + std::to_string(kRounds), "--regime", "each",
                     "--regime-budget", "2"},
                    {}, &status, &err, &text);
  ASSERT_EQ(status, 0) << err;
  ASSERT_FALSE(j.is_discarded());
  const json& ctx = j.at("context");
  EXPECT_EQ(ctx.at("crossmem.regime_policy"), "each");
  json regimes = json::parse(ctx.at("crossmem.regimes").get<std::string>());
  ASSERT_TRUE(regimes.is_array());
  ASSERT_GE(regimes.size(), 1u);

  std::map<std::string, std::vector<int>> rounds;  // case -> its kept rounds, in file order
  std::map<std::string, int> aggregates;           // case -> aggregate entries
  std::map<std::string, std::int64_t> aggregated;  // case -> repetitions its aggregates cover
  std::map<double, std::uint64_t> in_regime;       // regime_ns -> stable repetitions
  std::size_t reps = 0, unstable_reps = 0;
  for (const json& b : j.at("benchmarks")) {
    const std::string name = b.at("name");
    ASSERT_FALSE(b.value("error_occurred", false)) << name << ": " << b.value("error_message", "");
    const std::string run_name = b.at("run_name");
    if (b.at("run_type") == "aggregate") {
      ++aggregates[run_name];
      aggregated[run_name] = b.at("repetitions").get<std::int64_t>();
      continue;
    }
    ++reps;
    for (const char* key : {"round", "regime_ns", "unstable", "mixed_round", "handoff_before_ns",
                            "handoff_after_ns"}) {
      ASSERT_TRUE(b.contains(key)) << name << " " << key;
    }
    const int round = b.at("round").get<int>();
    EXPECT_EQ(b.at("repetition_index"), round) << name;
    rounds[run_name].push_back(round);
    const double unstable = b.at("unstable"), regime = b.at("regime_ns");
    const double mixed = b.at("mixed_round");
    EXPECT_TRUE(mixed == 0 || mixed == 1) << name;
    EXPECT_TRUE(unstable == 0 || unstable == 1) << name;
    if (unstable == 1) {
      EXPECT_EQ(regime, 0) << name;
      ++unstable_reps;
    } else {
      EXPECT_GT(regime, 0) << name;
      ++in_regime[regime];
    }
  }

  // Per case, then per group (the name without the strategy).
  ASSERT_EQ(rounds.size(), 3u * 2u);
  std::map<std::string, std::set<int>> group_rounds;
  for (const auto& [name, kept] : rounds) {
    SCOPED_TRACE(name);
    const std::set<int> distinct(kept.begin(), kept.end());
    EXPECT_EQ(distinct.size(), kept.size()) << "a round kept twice";
    EXPECT_GE(kept.size(), kRounds);
    EXPECT_LE(kept.size(), 4 * kRounds);  // at most 3N rounds beyond N
    EXPECT_EQ(*distinct.begin(), 0);
    EXPECT_EQ(*distinct.rbegin(), static_cast<int>(distinct.size()) - 1);
    EXPECT_EQ(aggregates[name], 4);  // mean, median, stddev, cv
    EXPECT_EQ(aggregated[name], static_cast<std::int64_t>(kept.size()));
    const std::string group = name.substr(0, name.find('/')) + name.substr(name.find("/size:"));
    auto [it, fresh] = group_rounds.emplace(group, distinct);
    if (!fresh) {
      EXPECT_EQ(it->second, distinct) << "rounds differ within " << group;
    }
  }
  ASSERT_EQ(group_rounds.size(), 2u);
  std::size_t fewest = SIZE_MAX, most = 0, beyond = 0;
  for (const auto& [group, kept] : group_rounds) {
    fewest = std::min(fewest, kept.size());
    most = std::max(most, kept.size());
    beyond += kept.size() - kRounds;
  }
  const std::string expected_rounds =
      fewest == most ? std::to_string(fewest) : std::to_string(fewest) + "-" + std::to_string(most);
  EXPECT_EQ(ctx.at("crossmem.rounds"), expected_rounds);
  // Every round beyond N was an extra attempt; retried mixed rounds count too.
  EXPECT_GE(std::stoul(ctx.at("crossmem.retries").get<std::string>()), beyond);

  // crossmem.regimes counts the stable repetitions of each regime.
  std::uint64_t listed = 0;
  for (const json& r : regimes) {
    const double regime = r.at("regime_ns").get<double>();
    EXPECT_EQ(r.at("repetitions").get<std::uint64_t>(), in_regime[regime]) << regime;
    EXPECT_NEAR(r.at("share").get<double>(),
                static_cast<double>(in_regime[regime]) / static_cast<double>(reps), 1e-9);
    listed += r.at("repetitions").get<std::uint64_t>();
  }
  EXPECT_EQ(listed + unstable_reps, reps) << "a repetition in a regime crossmem.regimes lacks";

  // The reports read the same file back: the policy, the regimes, and every repetition in its
  // regime.
  results::Results r;
  ASSERT_NO_THROW(results::load_results_text(text, "each.json", r));
  ASSERT_EQ(r.sources.size(), 1u);
  const results::Source& source = r.sources[0];
  EXPECT_EQ(source.get("crossmem.regime_policy"), "each");
  EXPECT_EQ(source.get("crossmem.rounds"), expected_rounds);
  ASSERT_EQ(source.regimes.size(), regimes.size());
  for (std::size_t i = 0; i < regimes.size(); ++i) {
    EXPECT_EQ(source.regimes[i].regime_ns, regimes[i].at("regime_ns").get<double>());
    EXPECT_EQ(source.regimes[i].repetitions, regimes[i].at("repetitions").get<std::uint64_t>());
  }
  EXPECT_TRUE(r.skips.empty());
  EXPECT_EQ(r.measurements.size(), reps);
  std::map<double, std::uint64_t> summarized;  // regime key -> repetitions
  for (const results::Summary& s : results::summarize(r)) summarized[s.regime_ns] += s.repetitions;
  EXPECT_EQ(summarized.count(results::kUnknownRegime), 0u);
  for (const results::RegimeInfo& regime : source.regimes) {
    EXPECT_EQ(summarized[regime.regime_ns], regime.repetitions) << regime.regime_ns;
  }
  EXPECT_EQ(summarized[results::kUnstableRegime], unstable_reps);
}

// --benchmark_display_aggregates_only=true: the console shows each case's aggregates and the row
// of a skipped case, no repetition; the file still holds every repetition with its round. =false
// shows every row, as without the option; a case without aggregates (one round) shows its
// repetition either way, as Google Benchmark does.
TEST(BenchE2E, DisplayAggregatesOnlyLeavesTheFileWhole) {
  const test::Restrictions limits{{SYS_process_vm_readv, SYS_process_vm_writev}, EPERM};
  struct Want {
    std::string value;
    int rounds;
    bool repetition_rows;
  };
  for (const Want& w : {Want{"true", 2, false}, Want{"false", 2, true}, Want{"true", 1, true}}) {
    SCOPED_TRACE(w.value + ", " + std::to_string(w.rounds) + " rounds");
    BenchRun run = run_bench({"--sizes", "64", "--strategies", "memcpy,pipe,cma-read", "--regime",
                              "any", "--benchmark_repetitions=" + std::to_string(w.rounds),
                              "--benchmark_display_aggregates_only=" + w.value},
                             limits);
    const test::Outcome& o = run.outcome;
    const json& j = run.j;
    ASSERT_EQ(o.status, 0) << o.err;
    ASSERT_FALSE(j.is_discarded());

    int repetition_rows = 0, median_rows = 0, skip_rows = 0;
    std::istringstream lines(o.out);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("pingpong/") == std::string::npos) continue;
      if (line.find("ERROR OCCURRED") != std::string::npos) {
        EXPECT_NE(line.find("pingpong/cma-read/"), std::string::npos) << line;
        ++skip_rows;
      } else if (line.find("/manual_time ") != std::string::npos) {
        ++repetition_rows;
      } else if (line.find("/manual_time_median ") != std::string::npos) {
        ++median_rows;
      }
    }
    EXPECT_EQ(repetition_rows, w.repetition_rows ? 2 * w.rounds : 0) << o.out;
    EXPECT_EQ(median_rows, w.rounds > 1 ? 2 : 0) << o.out;
    EXPECT_EQ(skip_rows, 1) << o.out;

    int repetitions = 0, aggregates = 0, skips = 0;
    for (const json& b : j.at("benchmarks")) {
      if (b.value("error_occurred", false)) {
        ++skips;
      } else if (b.at("run_type") == "aggregate") {
        ++aggregates;
      } else {
        EXPECT_TRUE(b.contains("round")) << b.at("name");
        EXPECT_TRUE(b.contains("regime_ns")) << b.at("name");
        ++repetitions;
      }
    }
    EXPECT_EQ(repetitions, 2 * w.rounds);
    EXPECT_EQ(aggregates, w.rounds > 1 ? 2 * 4 : 0);
    EXPECT_EQ(skips, 1);
  }
}

// --benchmark_report_aggregates_only=true would leave the file without its repetitions: refused
// with one line naming the option that shows aggregates on the console instead, and no file.
TEST(BenchE2E, ReportAggregatesOnlyIsRefusedAndWritesNothing) {
  const std::string dir = test::make_temp_dir();
  const std::string file = dir + "/out.json";
  auto o = run_command({kBench, "--sizes", "64", "--strategies", "memcpy",
                        "--benchmark_out=" + file, "--benchmark_report_aggregates_only=true"});
  const bool written = std::filesystem::exists(file);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(o.status, 2) << o.out << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
  EXPECT_NE(o.err.find("--benchmark_report_aggregates_only"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("--benchmark_display_aggregates_only=true"), std::string::npos) << o.err;
  EXPECT_EQ(o.out, "");
  EXPECT_FALSE(written);
}

// Output that goes to a file (stdout is a pipe here) carries no colour codes unless asked.
TEST(BenchE2E, ColourOnlyOnATerminalUnlessAsked) {
  for (const char* color :
       {"", "--benchmark_color=auto", "--benchmark_color=false", "--benchmark_color=true"}) {
    SCOPED_TRACE(color);
    std::vector<std::string> argv{kBench,         "--sizes", "64",
                                  "--strategies", "memcpy",  "--benchmark_min_time=0.01",
                                  "--regime",     "any"};
    if (*color != '\0') argv.emplace_back(color);
    auto o = run_command(argv);
    ASSERT_EQ(o.status, 0) << o.err;
    ASSERT_NE(o.out.find("pingpong/memcpy/size:64/"), std::string::npos) << o.out;
    const bool coloured = o.out.find("\x1b[") != std::string::npos;
    EXPECT_EQ(coloured, std::string(color) == "--benchmark_color=true") << o.out;
  }
}

TEST(BenchE2E, FilterAndListTests) {
  auto o = run_command({kBench, "--sizes", "64,4096", "--strategies", "memcpy,pipe",
                        "--benchmark_list_tests", "--benchmark_filter=memcpy/size:64/"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out.rfind("pingpong/memcpy/size:64/procs:2/", 0), 0u) << o.out;
  EXPECT_EQ(std::count(o.out.begin(), o.out.end(), '\n'), 1) << o.out;
  EXPECT_NE(o.out.find("/cache:hot/pages:4k/fresh:0/manual_time\n"), std::string::npos) << o.out;
  int status = -1;
  json j = run_json({"--sizes", "64", "--strategies", "memcpy,pipe", "--benchmark_filter=-memcpy"},
                    {}, &status);
  ASSERT_EQ(status, 0);
  ASSERT_FALSE(j.is_discarded());
  ASSERT_EQ(j.at("benchmarks").size(), 1u);
  EXPECT_EQ(j.at("benchmarks")[0].at("name").get<std::string>().rfind("pingpong/pipe/", 0), 0u);
}

// The reduce workload: every strategy named gives an exact (validated) reduce with both counters;
// cma-reduce runs where the kernel has the reduce flags and is otherwise skipped with the reason
// and remedy; named for ping-pong, it is skipped because it only combines.
TEST(BenchE2E, ReduceRunsEveryStrategyAndSkipsCmaReduceWithItsReason) {
  const Availability reduce_flags = find_strategy("cma-reduce")->probe();
  for (const char* type : {"f64", "i64"}) {
    int status = -1;
    std::string err;
    json j = run_json({"--workloads", "pingpong,reduce", "--sizes", "4096,65544", "--max-procs",
                       "2", "--validate", "--reduce-type", type, "--strategies",
                       "memcpy,shared-map,shm-copy,pipe,vmsplice,proc-mem-read,proc-mem-write,"
                       "cma-read,cma-write,cma-reduce"},
                      {}, &status, &err);
    ASSERT_EQ(status, 0) << err;
    ASSERT_FALSE(j.is_discarded());
    EXPECT_NE(j.at("context").value("crossmem.reduce", "").find(std::string("sum of ") + type),
              std::string::npos);
    int reduces = 0;
    for (const json& b : j.at("benchmarks")) {
      const std::string name = b.at("name");
      const std::string msg = b.value("error_message", "");
      const bool skipped = b.value("error_occurred", false);
      if (name.rfind("pingpong/cma-reduce/", 0) == 0) {
        EXPECT_TRUE(skipped) << name;
        EXPECT_NE(msg.find("only combines"), std::string::npos) << msg;
        EXPECT_NE(msg.find("--workloads reduce"), std::string::npos) << msg;
        continue;
      }
      if (name.rfind("reduce/", 0) != 0) continue;
      ++reduces;
      EXPECT_NE(name.find("/procs:2/"), std::string::npos) << name;
      if (name.rfind("reduce/cma-reduce/", 0) == 0 && !reduce_flags.ok) {
        EXPECT_TRUE(skipped) << name;
        EXPECT_EQ(msg.rfind("unsupported: reduce flags: EINVAL from this kernel", 0), 0u) << msg;
        EXPECT_NE(msg.find("remedy:"), std::string::npos) << msg;
        continue;
      }
      EXPECT_FALSE(skipped) << name << ": " << msg;
      EXPECT_EQ(b.value("validated", 0.0), 1.0) << name;
      EXPECT_GT(b.value("latency_ns", 0.0), 0.0) << name;
      EXPECT_GT(b.value("bytes_per_second", 0.0), 0.0) << name;
      EXPECT_EQ(b.value("procs", 0.0), 2.0) << name;
    }
    EXPECT_EQ(reduces, 10 * 2);
  }
}

// The reduce goes through the same sweep as ping-pong: each repetition in its round of the group
// (same size and procs, the strategies side by side), bracketed by the handoff probes and given a
// regime, with the aggregates of its kept repetitions.
TEST(BenchE2E, ReduceRunsInPairedRoundsWithRegimes) {
  int status = -1;
  std::string err;
  json j = run_json(
      {"--workloads", "reduce", "--sizes", "4096,65536", "--max-procs", "2", "--strategies",
       "memcpy,shared-map,cma-read", "--benchmark_repetitions=2", "--regime", "any"},
      {}, &status, &err);
  ASSERT_EQ(status, 0) << err;
  ASSERT_FALSE(j.is_discarded());
  const json& ctx = j.at("context");
  EXPECT_EQ(ctx.at("crossmem.rounds"), "2");
  EXPECT_TRUE(json::parse(ctx.at("crossmem.regimes").get<std::string>()).is_array());
  std::map<std::string, std::set<int>> rounds;  // case -> rounds seen
  std::map<std::string, int> aggregates;
  for (const json& b : j.at("benchmarks")) {
    const std::string name = b.at("name");
    ASSERT_EQ(name.rfind("reduce/", 0), 0u) << name;
    ASSERT_FALSE(b.value("error_occurred", false)) << name << ": " << b.value("error_message", "");
    const std::string run_name = b.at("run_name");
    if (b.at("run_type") == "aggregate") {
      ++aggregates[run_name];
      continue;
    }
    for (const char* key : {"round", "handoff_before_ns", "handoff_after_ns", "regime_ns",
                            "unstable", "mixed_round", "layout", "preempt_excess"}) {
      EXPECT_TRUE(b.contains(key)) << name << " " << key;
    }
    EXPECT_TRUE(rounds[run_name].insert(b.at("round").get<int>()).second) << name;
    EXPECT_GT(b.at("handoff_before_ns").get<double>(), 0.0) << name;
    const double unstable = b.at("unstable");
    EXPECT_TRUE(unstable == 0 || unstable == 1) << name;
    EXPECT_EQ(unstable == 1, b.at("regime_ns").get<double>() == 0) << name;
  }
  EXPECT_EQ(rounds.size(), 3u * 2u);
  for (const auto& [name, seen] : rounds) {
    EXPECT_EQ(seen, (std::set<int>{0, 1})) << name;
    EXPECT_EQ(aggregates[name], 4) << name;  // mean, median, stddev, cv
  }
}

// A size that is not a whole number of elements is a skipped reduce case, not a crash.
TEST(BenchE2E, ReduceOfPartElementsIsSkippedWithReason) {
  int status = -1;
  json j = run_json(
      {"--workloads", "reduce", "--sizes", "12", "--max-procs", "2", "--strategies", "shm-copy"},
      {}, &status);
  ASSERT_EQ(status, 0);
  ASSERT_FALSE(j.is_discarded());
  ASSERT_EQ(j.at("benchmarks").size(), 1u);
  const json& b = j.at("benchmarks")[0];
  EXPECT_TRUE(b.value("error_occurred", false));
  EXPECT_NE(b.value("error_message", "").find("multiple of 8"), std::string::npos);
}

TEST(BenchE2E, ListWorkloadsPrintsTheTable) {
  auto o = run_command({kBench, "--list-workloads"});
  ASSERT_EQ(o.status, 0);
  for (const char* name :
       {"pingpong", "loop", "many-to-one", "one-to-many", "all-to-all", "reduce"}) {
    EXPECT_NE(o.out.find(std::string("\n") + name + " "), std::string::npos) << name;
  }
  auto help = run_command({kBench, "--help"});
  EXPECT_NE(help.out.find("pingpong, many-to-one, one-to-many, all-to-all, reduce"),
            std::string::npos);
}

struct BadInput {
  std::vector<std::string> args;
  const char* expect;  // a word the message must contain
};

class BenchBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(BenchBadInput, ExitsTwoWithOneLine) {
  std::vector<std::string> argv{kBench};
  argv.insert(argv.end(), GetParam().args.begin(), GetParam().args.end());
  auto o = run_command(argv);
  EXPECT_EQ(o.status, 2) << o.out << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
  EXPECT_NE(o.err.find(GetParam().expect), std::string::npos) << o.err;
  EXPECT_EQ(o.out, "");
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BenchBadInput,
    ::testing::Values(
        BadInput{{"--sizes", "0"}, "zero"}, BadInput{{"--sizes", "-1"}, "negative"},
        BadInput{{"--sizes", "1Q"}, "unknown unit"}, BadInput{{"--sizes", "2TiB"}, "unknown unit"},
        BadInput{{"--sizes", "2G"}, "1 GiB"},
        BadInput{{"--sizes", "1-1G,3-1G,5-1G"}, "more than 64"},
        BadInput{{"--strategies", "teleport"}, "unknown strategy"},
        BadInput{{"--pages", "1g"}, "page backing"}, BadInput{{"--cache", "warm"}, "cache state"},
        BadInput{{"--cache", ""}, "need a value"}, BadInput{{"--wait", "nap"}, "wait mode"},
        BadInput{{"--fresh", "2"}, "--fresh"}, BadInput{{"--cores", "0,99"}, "does not exist"},
        BadInput{{"--cores", "0,0"}, "must differ"}, BadInput{{"--cores", "0"}, "exactly two"},
        BadInput{{"--set", "shm-copy.fragment=1"}, "outside"},
        BadInput{{"--set", "shm-copy.colour=1"}, "no tunable"},
        BadInput{{"--set", "nosuch.x=1"}, "unknown strategy"},
        BadInput{{"--timeout", "5"}, "timeout"}, BadInput{{"--frobnicate"}, "frobnicate"},
        BadInput{{"--benchmark_frobnicate"}, "frobnicate"},
        BadInput{{"--benchmark_out=/nonexistent/dir/x.json"}, "cannot write"},
        BadInput{{"--workloads", "scatter"}, "unknown workload"},
        BadInput{{"--strategies", ""}, "--strategies is empty"},
        BadInput{{"--strategies", ","}, "--strategies is empty"},
        BadInput{{"--sizes", ""}, "--sizes is empty"},
        BadInput{{"--workloads", ""}, "--workloads is empty"},
        BadInput{{"--quick", "--sizes", ""}, "--sizes is empty"},
        BadInput{{"--workloads", "loop"}, "unknown workload"},
        BadInput{{"--reduce-type", "f32"}, "--reduce-type"},
        BadInput{{"--reduce-type", "double"}, "--reduce-type"},
        BadInput{{"--workloads", "reduce", "--reduce-type", ""}, "--reduce-type"},
        BadInput{{"--max-procs", "65"}, "max-procs"}, BadInput{{"--max-procs", "1"}, "at least 2"},
        BadInput{{"--buffer-node", "7"}, "NUMA node"},
        BadInput{{"--placement", "core:0,core:99"}, "core:99"},
        BadInput{{"--placement", "l3", "--cores", "0,1"}, "alternatives"},
        BadInput{{"--regime", "sometimes"}, "--regime"},
        BadInput{{"--benchmark_repetitions=0"}, "repetitions"},
        BadInput{{"--benchmark_out_format=xml"}, "out_format"},
        BadInput{{"--benchmark_display_aggregates_only=maybe"}, "true or false"},
        BadInput{{"--benchmark_filter=(", "--sizes", "64"}, "filter"}),
    [](const auto& i) { return "case" + std::to_string(i.index); });

// Without a terminal, --progress writes one line per finished group of cases (a size: its
// strategies run in paired rounds) and a closing line
// on stderr; Google Benchmark's context stays on stdout, with its DEBUG warning replaced.
TEST(BenchE2E, ProgressWithoutTerminalIsOneLinePerGroup) {
  auto o = run_command({kBench, "--progress", "--sizes", "64,4097", "--strategies", "memcpy,pipe",
                        "--benchmark_min_time=0.01"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 3) << o.err;
  EXPECT_NE(o.err.find("sweep 2/4, elapsed "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(": 64B: 2 measured\n"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("sweep 4/4, elapsed "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(": 4097B: 2 measured\n"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("sweep: 4 cases in "), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find('\r'), std::string::npos) << "no live line without a terminal";
  EXPECT_NE(o.out.find("Run on ("), std::string::npos);
  EXPECT_EQ(o.out.find("***WARNING*** Library was built as DEBUG"), std::string::npos);
  EXPECT_NE(o.out.find("pingpong/memcpy/size:4097"), std::string::npos);
}

TEST(BenchE2E, ListPrintsEveryStrategy) {
  auto o = run_command({kBench, "--list"});
  ASSERT_EQ(o.status, 0);
  for (const Strategy* s : all_strategies())
    EXPECT_NE(o.out.find(std::string(s->name)), std::string::npos);
}

}  // namespace
}  // namespace crossmem
