// The schema's codecs: what to_string / encode / to_json write, parse / decode / from_json read
// back unchanged, and malformed text is refused with a message naming the part.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "crossmem/schema/case_name.hpp"
#include "crossmem/schema/context.hpp"
#include "crossmem/schema/error.hpp"
#include "crossmem/schema/fields.hpp"
#include "crossmem/schema/regimes.hpp"
#include "crossmem/schema/skip.hpp"
#include "crossmem/schema/strategies.hpp"

namespace crossmem::schema {
namespace {

CaseName sample() {
  CaseName n;
  n.workload = "many-to-one";
  n.strategy = "shm-copy";
  n.size_bytes = 65536;
  n.procs = 5;
  n.placement = "cross-numa";
  n.cache = "cold";
  n.pages = "thp";
  n.fresh = true;
  n.oversubscribed = true;
  n.tunables = {{"fragment", "32768"}, {"depth", "8"}};
  return n;
}

TEST(CaseName, Writes) {
  EXPECT_EQ(to_string(sample()),
            "many-to-one/shm-copy/size:65536/procs:5/placement:cross-numa/cache:cold/pages:thp/"
            "fresh:1/oversubscribed:1/depth:8/fragment:32768");
  CaseName plain;
  plain.workload = "pingpong";
  plain.strategy = "cma-read";
  plain.size_bytes = 64;
  plain.placement = "default";
  EXPECT_EQ(to_string(plain),
            "pingpong/cma-read/size:64/procs:2/placement:default/cache:hot/pages:4k/fresh:0");
}

TEST(CaseName, RoundTrips) {
  std::vector<CaseName> names = {sample()};
  CaseName n = sample();
  n.oversubscribed = false;
  n.fresh = false;
  n.tunables.clear();
  names.push_back(n);
  n.workload = "loop";
  n.tunables = {{"pipe_size", "1048576"}};
  names.push_back(n);
  for (const CaseName& name : names) {
    SCOPED_TRACE(to_string(name));
    EXPECT_EQ(parse(to_string(name)), name);
    // Google Benchmark's suffixes and aggregate names are not part of the case.
    EXPECT_EQ(parse(to_string(name) + "/manual_time"), name);
    EXPECT_EQ(parse(to_string(name) + "/repeats:5/manual_time_median"), name);
  }
}

// The comparison group is the name without strategy and tunables: every strategy and tunable set
// of one size, placement, cache, pages, freshness and process count shares it, nothing else does.
TEST(CaseName, GroupLeavesOutStrategyAndTunables) {
  EXPECT_EQ(group_name(sample()),
            "many-to-one/size:65536/procs:5/placement:cross-numa/cache:cold/pages:thp/fresh:1/"
            "oversubscribed:1");
  CaseName other = sample();
  other.strategy = "cma-read";
  other.tunables.clear();
  EXPECT_EQ(group_name(other), group_name(sample()));
  other.size_bytes = 4096;
  EXPECT_NE(group_name(other), group_name(sample()));
  other = sample();
  other.oversubscribed = false;
  EXPECT_NE(group_name(other), group_name(sample()));
}

TEST(CaseName, ComponentsInAnyOrder) {
  CaseName n =
      parse("pingpong/cma-read/fresh:0/pages:4k/cache:hot/placement:p/procs:2/size:4096/depth:3");
  EXPECT_EQ(n.size_bytes, 4096u);
  EXPECT_EQ(n.tunables.at("depth"), "3");
}

// The ParseError message of `reader(text)`, or "no error".
template <class Reader>
std::string error_of(Reader reader, const std::string& text) {
  try {
    reader(text);
  } catch (const ParseError& e) {
    return e.what();
  }
  return "no error";
}

std::string parse_error(const std::string& text) {
  return error_of([](const std::string& t) { return parse(t); }, text);
}

TEST(CaseName, RefusesMalformed) {
  EXPECT_EQ(parse_error("BM_memcpy/64"), "name lacks size, procs, placement, cache, pages, fresh");
  EXPECT_EQ(parse_error("BM_memcpy/64/x"), "component \"x\" is not <key>:<value>");
  EXPECT_EQ(parse_error("size:1/memcpy"), "name does not start with <workload>/<strategy>/");
  EXPECT_EQ(parse_error("pingpong/memcpy/size:64/manual_time"),
            "name lacks procs, placement, cache, pages, fresh");
  EXPECT_EQ(parse_error("pingpong/memcpy/size:x/procs:2/placement:a/cache:hot/pages:4k/fresh:0"),
            "size is not a non-negative integer: \"x\"");
  EXPECT_EQ(parse_error("pingpong/memcpy/size:1/procs:2/placement:a/cache:hot/pages:4k/fresh:2"),
            "fresh is not 0 or 1: \"2\"");
  EXPECT_EQ(parse_error("pingpong/memcpy/size:1/procs:2/placement:a/cache:hot/pages:4k/fresh:0/"
                        "oversubscribed:yes"),
            "oversubscribed is not 0 or 1: \"yes\"");
}

TEST(Skip, RoundTrips) {
  for (auto [reason, remedy] : std::vector<std::pair<std::string, std::string>>{
           {"no CMA", "enable CONFIG_CROSS_MEMORY_ATTACH"},
           {"no hugetlb pages", ""},
           {"reason with [brackets] inside", "sysctl [x]=1"}}) {
    std::string text = encode_unsupported(reason, remedy);
    SkipText back = decode_skip(text);
    EXPECT_TRUE(back.unsupported) << text;
    EXPECT_EQ(back.reason, reason) << text;
    EXPECT_EQ(back.remedy, remedy) << text;
    EXPECT_FALSE(is_failure(text));
  }
  EXPECT_EQ(encode_unsupported("no CMA", "enable it"), "unsupported: no CMA [remedy: enable it]");
}

TEST(Skip, FailuresAndInterruptions) {
  SkipText failure = decode_skip("write failed: EPIPE");
  EXPECT_FALSE(failure.unsupported);
  EXPECT_EQ(failure.reason, "write failed: EPIPE");
  EXPECT_TRUE(failure.remedy.empty());
  EXPECT_TRUE(is_failure("write failed: EPIPE"));
  EXPECT_FALSE(is_failure(kInterrupted));
  EXPECT_FALSE(decode_skip(kInterrupted).unsupported);
}

TEST(Strategies, RoundTrip) {
  StrategyEntry copy{"shm-copy",
                     true,
                     "",
                     "",
                     true,
                     false,
                     false,
                     2,
                     "sender and receiver (user)",
                     {{"depth", "8"}, {"fragment", "32768"}}};
  StrategyEntry ceiling{"memcpy", true, "", "", false, true, true, 1, "same process (user)", {}};
  StrategyEntry absent{"cma-read", false, "no CMA", "rebuild",           true,
                       false,      false, 1,        "receiver (kernel)", {{"segments", "1"}}};
  std::vector<StrategyEntry> entries = {ceiling, copy, absent};
  nlohmann::json j = to_json(entries);
  EXPECT_TRUE(j[1]["default_tunables"]["fragment"].is_number());  // numbers stay numbers
  std::vector<StrategyEntry> back = parse_strategies(j.dump());
  ASSERT_EQ(back.size(), entries.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    SCOPED_TRACE(entries[i].name);
    EXPECT_EQ(back[i].name, entries[i].name);
    EXPECT_EQ(back[i].available, entries[i].available);
    EXPECT_EQ(back[i].reason, entries[i].reason);
    EXPECT_EQ(back[i].remedy, entries[i].remedy);
    EXPECT_EQ(back[i].selected, entries[i].selected);
    EXPECT_EQ(back[i].reference, entries[i].reference);
    EXPECT_EQ(back[i].in_process, entries[i].in_process);
    EXPECT_EQ(back[i].copies, entries[i].copies);
    EXPECT_EQ(back[i].copier, entries[i].copier);
    EXPECT_EQ(back[i].tunables, entries[i].tunables);
  }
}

std::string listing_error(const std::string& text) {
  return error_of(parse_strategies, text);
}

TEST(Strategies, RefusesMalformed) {
  EXPECT_EQ(listing_error("{}"), "is not a JSON array");
  EXPECT_EQ(listing_error(R"([{"available": true}])"), "has an entry without a string \"name\"");
  EXPECT_EQ(listing_error(R"([{"name": "x", "reference": 1}])"),
            "entry x: \"reference\" is not a boolean");
  EXPECT_EQ(listing_error(R"([{"name": "x", "copies": "two"}])"),
            "entry x: \"copies\" is not an integer");
  EXPECT_NE(listing_error("[{").find("is not JSON"), std::string::npos);
}

TEST(Regimes, RoundTrip) {
  std::vector<RegimeEntry> entries = {{58.5, 0.75, 96}, {262, 0.25, 32}};
  nlohmann::json j = to_json(entries);
  EXPECT_TRUE(j[0][field::regime_ns].is_number());
  EXPECT_TRUE(j[1]["repetitions"].is_number_integer());
  std::vector<RegimeEntry> back = parse_regimes(j.dump());
  ASSERT_EQ(back.size(), entries.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].regime_ns, entries[i].regime_ns);
    EXPECT_EQ(back[i].share, entries[i].share);
    EXPECT_EQ(back[i].repetitions, entries[i].repetitions);
  }
}

std::string regimes_error(const std::string& text) {
  return error_of(parse_regimes, text);
}

TEST(Regimes, RefusesMalformed) {
  EXPECT_EQ(regimes_error("{}"), "is not a JSON array");
  EXPECT_EQ(regimes_error(R"([{"share": 1}])"), "has an entry without a numeric \"regime_ns\"");
  EXPECT_EQ(regimes_error(R"([{"regime_ns": 50, "share": "all"}])"),
            "entry: \"share\" is not a number");
  EXPECT_NE(regimes_error("[{").find("is not JSON"), std::string::npos);
}

// Files of every version carry the fields both versions share; schema 2 adds the paired rounds'
// and drops `preempted`.
TEST(Fields, RequiredByVersion) {
  auto has = [](const auto& list, std::string_view name) {
    for (const char* f : list) {
      if (name == f) return true;
    }
    return false;
  };
  for (const char* f : field::kRequiredV1) {
    if (std::string_view(f) == field::preempted_v1) continue;
    EXPECT_TRUE(has(field::kRequired, f)) << f;
  }
  EXPECT_FALSE(has(field::kRequired, "preempted"));
  for (const char* f :
       {field::handoff_before_ns, field::handoff_after_ns, field::layout, field::involuntary,
        field::preempt_excess, field::round, field::mixed_round, field::buffer_slots}) {
    EXPECT_TRUE(has(field::kRequired, f)) << f;
  }
}

TEST(Context, KeysShareThePrefix) {
  for (const char* k : {key::schema, key::version, key::strategies, key::placement, key::doctor,
                        key::regimes, key::rounds, key::preempt_baseline}) {
    EXPECT_TRUE(std::string_view(k).starts_with(kPrefix)) << k;
  }
  EXPECT_EQ(short_key(key::strategies), "strategies");
  EXPECT_EQ(short_key("host_name"), "host_name");
}

}  // namespace
}  // namespace crossmem::schema
