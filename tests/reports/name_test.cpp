#include "crossmem/results/name.hpp"

#include <gtest/gtest.h>

#include "crossmem/error.hpp"

namespace crossmem::results {
namespace {

TEST(Name, ParsesEveryAxisTunablesAndDropsSuffixes) {
  Axes a = parse_benchmark_name(
      "pingpong/shm-copy/size:65536/procs:2/placement:cross-core/cache:cold/pages:thp/fresh:1/"
      "fragment:32768/depth:8/manual_time");
  EXPECT_EQ(a.workload, "pingpong");
  EXPECT_EQ(a.strategy, "shm-copy");
  EXPECT_EQ(a.size_bytes, 65536u);
  EXPECT_EQ(a.procs, 2u);
  EXPECT_EQ(a.placement, "cross-core");
  EXPECT_EQ(a.cache, "cold");
  EXPECT_EQ(a.pages, "thp");
  EXPECT_TRUE(a.fresh);
  EXPECT_EQ(a.tunables,
            (std::map<std::string, std::string>{{"depth", "8"}, {"fragment", "32768"}}));
  EXPECT_EQ(
      format_benchmark_name(a),
      "pingpong/shm-copy/size:65536/procs:2/placement:cross-core/cache:cold/pages:thp/fresh:1/"
      "depth:8/fragment:32768");
}

TEST(Name, DropsAggregateAndRepetitionSuffixes) {
  Axes a = parse_benchmark_name(
      "many-to-one/cma-read/size:4096/procs:5/placement:spread/cache:hot/pages:4k/fresh:0/"
      "repeats:5/manual_time_median");
  EXPECT_EQ(a.workload, "many-to-one");
  EXPECT_EQ(a.procs, 5u);
  EXPECT_TRUE(a.tunables.empty());
}

TEST(Name, RejectsIncompleteOrMalformedNames) {
  EXPECT_THROW(parse_benchmark_name("BM_memcpy/64"), InvalidInput);
  try {
    parse_benchmark_name("pingpong/memcpy/size:64/manual_time");
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "name lacks procs, placement, cache, pages, fresh");
  }
  EXPECT_THROW(
      parse_benchmark_name("pingpong/memcpy/size:x/procs:2/placement:a/cache:hot/pages:4k/fresh:0"),
      InvalidInput);
  EXPECT_THROW(
      parse_benchmark_name("pingpong/memcpy/size:1/procs:2/placement:a/cache:hot/pages:4k/fresh:2"),
      InvalidInput);
  EXPECT_THROW(parse_benchmark_name("size:1/memcpy"), InvalidInput);
}

// Oversubscription is shown like a tunable and written back in the bench's place for it.
TEST(Name, OversubscribedRoundTrips) {
  const std::string name =
      "many-to-one/shm-copy/size:64/procs:5/placement:same-pu/cache:hot/pages:4k/fresh:0/"
      "oversubscribed:1/depth:8";
  Axes a = parse_benchmark_name(name + "/manual_time");
  EXPECT_EQ(a.tunables.at("oversubscribed"), "1");
  EXPECT_EQ(format_benchmark_name(a), name);
}

}  // namespace
}  // namespace crossmem::results
