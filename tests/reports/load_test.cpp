#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "crossmem/error.hpp"
#include "crossmem/results/results.hpp"

namespace crossmem::results {
namespace {

const std::string kFixtures = CROSSMEM_RESULT_FIXTURES;

std::string load_error(const std::string& file) {
  try {
    load_results({kFixtures + "/" + file});
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "no error";
}

std::string text_error(const std::string& text) {
  Results r;
  try {
    load_results_text(text, "inline.json", r);
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "no error";
}

const std::string kGood =
    R"({"context": {"host_name": "h", "date": "d", "crossmem.wait_mode": "spin",
                    "crossmem.new_key": "opaque"},
        "benchmarks": [{"name": "pingpong/memcpy/size:64/procs:2/placement:p/cache:hot/pages:4k/fresh:0/manual_time",
                        "run_type": "iteration", "repetition_index": 2, "iterations": 100,
                        "size_bytes": 64, "latency_ns": 10, "bytes_per_second": NaN,
                        "handoff_ns": 47, "doorbell_ns": 70, "preempted": 0, "validated": 1,
                        "extra_counter": 5}]})";

TEST(Load, SmallFixture) {
  Results r = load_results({kFixtures + "/pingpong-small.json"});
  ASSERT_EQ(r.sources.size(), 1u);
  const Source& s = r.sources[0];
  EXPECT_EQ(s.host, "node-a");
  EXPECT_EQ(s.label, "node-a (pingpong-small.json)");
  EXPECT_EQ(s.get("wait_mode"), "spin");
  EXPECT_EQ(s.get("hugetlb_pages"), "0");  // unknown crossmem.* keys are kept
  ASSERT_EQ(s.strategies.size(), 9u);
  EXPECT_EQ(s.strategies[3].name, "shm-copy");
  EXPECT_EQ(s.strategies[3].tunables.at("fragment"), "8192");  // the default, as listed
  EXPECT_EQ(s.strategies[3].copies, 2);
  EXPECT_TRUE(s.strategies[0].in_process);
  EXPECT_EQ(s.schema, 1);
  EXPECT_FALSE(s.strategies[5].available);
  // 7 strategies x 7 sizes x 5 + 3 x 7 x 3 + 2 x 3 x 3 repetitions; aggregates ignored.
  EXPECT_EQ(r.measurements.size(), 245u + 63u + 18u);
  ASSERT_EQ(r.skips.size(), 3u);
  EXPECT_TRUE(r.skips[0].unsupported);
  EXPECT_EQ(r.skips[0].axes.strategy, "proc-mem-read");
  EXPECT_EQ(r.skips[0].count, 5u);
  EXPECT_EQ(r.skips[0].remedy, "sysctl kernel.yama.ptrace_scope=1");
  EXPECT_FALSE(r.skips[2].unsupported);
  EXPECT_EQ(r.skips[2].reason, "peer exited during the measurement");
}

TEST(Load, SeveralFilesAreSeveralSources) {
  Results r =
      load_results({kFixtures + "/pingpong-small.json", kFixtures + "/pingpong-node-b.json"});
  ASSERT_EQ(r.sources.size(), 2u);
  EXPECT_EQ(r.sources[1].host, "node-b");
  EXPECT_EQ(r.measurements.back().source, 1u);
}

TEST(Load, CountersAndNonFiniteValues) {
  Results r;
  load_results_text(kGood, "inline.json", r);
  ASSERT_EQ(r.measurements.size(), 1u);
  const Measurement& m = r.measurements[0];
  EXPECT_EQ(m.repetition, 2u);
  EXPECT_EQ(m.iterations, 100u);
  EXPECT_EQ(m.counter("latency_ns"), 10);
  EXPECT_EQ(m.counter("extra_counter"), 5);
  EXPECT_TRUE(std::isnan(m.counter("bytes_per_second")));  // NaN token read as absent
  EXPECT_EQ(r.sources[0].crossmem.at("new_key"), "opaque");
}

TEST(Load, MalformedJson) {
  std::string e = load_error("malformed.json");
  EXPECT_NE(e.find("malformed.json: not JSON: parse error at line 1"), std::string::npos) << e;
}

TEST(Load, TruncatedJson) {
  std::string e = load_error("truncated.json");
  EXPECT_NE(e.find("truncated.json: truncated JSON"), std::string::npos) << e;
}

TEST(Load, ForeignJson) {
  std::string e = load_error("foreign.json");
  EXPECT_NE(e.find("foreign.json: not Google Benchmark output: no \"benchmarks\" array"),
            std::string::npos)
      << e;
}

TEST(Load, ForeignGoogleBenchmarkOutput) {
  std::string e = load_error("foreign-gb.json");
  EXPECT_NE(e.find("benchmark \"BM_StringCopy/64\": not a crossmem benchmark name"),
            std::string::npos)
      << e;
}

TEST(Load, MissingCounter) {
  std::string e = load_error("missing-counter.json");
  EXPECT_NE(e.find("missing counter \"handoff_ns\""), std::string::npos) << e;
  EXPECT_NE(e.find("missing-counter.json: benchmark \"pingpong/"), std::string::npos) << e;
}

TEST(Load, UnreadableAndEmpty) {
  EXPECT_NE(load_error("does-not-exist.json").find("cannot read"), std::string::npos);
  EXPECT_NE(text_error("  \n").find("inline.json: empty file"), std::string::npos);
  EXPECT_NE(text_error("[1, 2]").find("top level is not an object"), std::string::npos);
  EXPECT_NE(text_error(R"({"benchmarks": []})").find("no \"context\" object"), std::string::npos);
  EXPECT_NE(text_error(R"({"context": {}, "benchmarks": [{"run_type": "iteration"}]})")
                .find("benchmark #1 has no \"name\""),
            std::string::npos);
}

TEST(Load, AggregatesWithoutRepetitionsAreRefused) {
  // What --benchmark_report_aggregates_only writes: statistics only, no repetition to pair.
  std::string text = kGood;
  const std::string type = "\"run_type\": \"iteration\"";
  text.replace(text.find(type), type.size(),
               "\"run_type\": \"aggregate\", \"aggregate_name\": \"median\"");
  EXPECT_NE(text_error(text).find("inline.json: only aggregates, no repetition"), std::string::npos)
      << text_error(text);
  EXPECT_EQ(text_error(kGood), "no error");
  // An empty run (nothing measured, nothing aggregated) still loads.
  EXPECT_EQ(text_error(R"({"context": {}, "benchmarks": []})"), "no error");
}

TEST(Load, SizeCounterMustMatchName) {
  std::string text = kGood;
  const std::string counter = "\"size_bytes\": 64";
  text.replace(text.find(counter), counter.size(), "\"size_bytes\": 65");
  EXPECT_NE(text_error(text).find("disagrees with the name's size:64"), std::string::npos);
}

TEST(Load, BadStrategiesContext) {
  std::string text = kGood;
  const std::string key = "\"crossmem.new_key\"";
  text.replace(text.find(key), key.size(), "\"crossmem.strategies\"");
  EXPECT_NE(text_error(text).find("context key crossmem.strategies is not JSON"), std::string::npos)
      << text_error(text);
}

TEST(Load, SchemaVersion) {
  Results r;
  load_results_text(kGood, "inline.json", r);
  EXPECT_EQ(r.sources[0].schema, 0);  // written before the key existed: read as before
  std::string text = kGood;
  const std::string key = "\"crossmem.new_key\": \"opaque\"";
  const std::string one = "\"crossmem.schema\": \"1\"";
  text.replace(text.find(key), key.size(), one);
  r = Results{};
  load_results_text(text, "inline.json", r);
  EXPECT_EQ(r.sources[0].schema, 1);
  text.replace(text.find(one), one.size(), "\"crossmem.schema\": \"99\"");
  EXPECT_NE(
      text_error(text).find("inline.json: written with result schema 99, newer than schema 2"),
      std::string::npos)
      << text_error(text);
}

// Schema 2 files carry every paired-round field; `preempted` alone no longer does.
TEST(Load, SchemaTwoRequiresThePairedRoundFields) {
  std::string text = kGood;
  const std::string key = "\"crossmem.new_key\": \"opaque\"";
  text.replace(text.find(key), key.size(), "\"crossmem.schema\": \"2\"");
  EXPECT_NE(text_error(text).find("missing counter \"buffer_slots\""), std::string::npos)
      << text_error(text);
  const std::string preempted = "\"preempted\": 0,";
  text.replace(text.find(preempted), preempted.size(),
               "\"buffer_slots\": 1, \"handoff_after_ns\": 47, \"handoff_before_ns\": 46, "
               "\"involuntary\": 20, \"layout\": 3, \"mixed_round\": 0, \"preempt_excess\": 0, "
               "\"round\": 2,");
  Results r;
  ASSERT_NO_THROW(load_results_text(text, "inline.json", r)) << text_error(text);
  EXPECT_EQ(r.sources[0].schema, 2);
  EXPECT_TRUE(std::isnan(r.measurements[0].counter("preempted")));
  const std::string round = "\"round\": 2,";
  text.replace(text.find(round), round.size(), "");
  EXPECT_NE(text_error(text).find("missing counter \"round\""), std::string::npos)
      << text_error(text);
}

// A strategy the reports have never heard of takes its place from the listing: the order is the
// listing's, then strategies seen only in results, in order of appearance.
TEST(Load, StrategyOrderComesFromTheListing) {
  std::string text = kGood;
  const std::string key = "\"crossmem.new_key\": \"opaque\"";
  text.replace(text.find(key), key.size(),
               R"("crossmem.strategies": "[{\"name\": \"teleport\", \"copies\": 0}, )"
               R"({\"name\": \"memcpy\", \"reference\": true, \"in_process\": true}]")");
  Results r;
  load_results_text(text, "inline.json", r);
  ASSERT_EQ(r.sources[0].strategies.size(), 2u);
  EXPECT_EQ(r.sources[0].strategies[0].copies, 0);
  EXPECT_TRUE(r.sources[0].strategies[1].in_process);
  EXPECT_EQ(strategy_order(r), (std::vector<std::string>{"teleport", "memcpy"}));
  EXPECT_EQ(find_strategy(r, 0, "teleport"), &r.sources[0].strategies[0]);
  EXPECT_EQ(find_strategy(r, 0, "cma-read"), nullptr);
  r.measurements.push_back(r.measurements[0]);
  r.measurements.back().axes.strategy = "unlisted";
  EXPECT_EQ(strategy_order(r), (std::vector<std::string>{"teleport", "memcpy", "unlisted"}));
}

TEST(Load, ErrorMessageParsing) {
  Skip s;
  parse_error_message("unsupported: no CMA [remedy: enable CONFIG_CROSS_MEMORY_ATTACH]", s);
  EXPECT_TRUE(s.unsupported);
  EXPECT_EQ(s.reason, "no CMA");
  EXPECT_EQ(s.remedy, "enable CONFIG_CROSS_MEMORY_ATTACH");
  parse_error_message("unsupported: no hugetlb pages", s);
  EXPECT_TRUE(s.unsupported);
  EXPECT_EQ(s.reason, "no hugetlb pages");
  EXPECT_EQ(s.remedy, "");
  parse_error_message("write failed: EPIPE", s);
  EXPECT_FALSE(s.unsupported);
  EXPECT_EQ(s.reason, "write failed: EPIPE");
}

}  // namespace
}  // namespace crossmem::results
