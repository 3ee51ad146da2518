// The verification's pure parts: sizes, configurations, command lines, summaries.
#include <gtest/gtest.h>

#include <algorithm>

#include "crossmem/error.hpp"
#include "tune.hpp"
#include "tune_support.hpp"
#include "verify.hpp"

namespace crossmem::tune {
namespace {

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(TuneVerify, DefaultSizesAre1KiBTo64MiB) {
  auto sizes = default_verify_sizes();
  ASSERT_EQ(sizes.size(), 17u);
  EXPECT_EQ(sizes.front(), 1024u);
  EXPECT_EQ(sizes.back(), std::uint64_t{64} << 20);
}

TEST(TuneVerify, SizeListParsesListsAndRanges) {
  EXPECT_EQ(parse_size_list("4K,1M"), (std::vector<std::uint64_t>{4096, 1048576}));
  EXPECT_EQ(parse_size_list("1K-8K"), (std::vector<std::uint64_t>{1024, 2048, 4096, 8192}));
  EXPECT_EQ(parse_size_list("64,64"), (std::vector<std::uint64_t>{64}));
  EXPECT_THROW(parse_size_list("4X"), InvalidInput);
  EXPECT_THROW(parse_size_list("8K-4K"), InvalidInput);
  EXPECT_THROW(parse_size_list(""), InvalidInput);
  EXPECT_THROW(parse_size_list("2G"), InvalidInput);
}

TEST(TuneVerify, ConfigurationsAreDefaultNoneCmaTuned) {
  auto configs = verify_configs(testing::tuned_for("crossover.json"));
  ASSERT_EQ(configs.size(), 4u);
  EXPECT_EQ(configs[0].name, "default");
  EXPECT_TRUE(configs[0].mca.empty());
  EXPECT_EQ(configs[1].mca,
            (std::vector<std::string>{"--mca", "btl_vader_single_copy_mechanism", "none"}));
  EXPECT_EQ(configs[2].mca.back(), "cma");
  EXPECT_EQ(configs[3].name, "tuned");
  EXPECT_TRUE(has(configs[3].mca, "btl_vader_eager_limit"));
  EXPECT_TRUE(has(configs[3].mca, "32768"));
  EXPECT_FALSE(has(configs[3].mca, "smsc")) << "only Open MPI 4.1 settings apply";
}

TEST(TuneReduceAnchor, SizesConfigurationsAndCommand) {
  auto sizes = default_reduce_anchor_sizes();
  ASSERT_EQ(sizes.size(), 15u);
  EXPECT_EQ(sizes.front(), 4096u);
  EXPECT_EQ(sizes.back(), std::uint64_t{64} << 20);
  auto configs = reduce_anchor_configs();
  ASSERT_EQ(configs.size(), 2u);
  EXPECT_EQ(configs[0].name, "none");
  EXPECT_EQ(configs[0].mca.back(), "none");
  EXPECT_EQ(configs[1].name, "cma");
  EXPECT_EQ(configs[1].mca.back(), "cma");

  VerifyOptions options;
  options.helper = "/x/crossmem-mpi-pingpong";
  options.repetitions = 2;
  auto cmd = reduce_anchor_command(options, configs[1], 65536, 3, false);
  auto np = std::find(cmd.begin(), cmd.end(), "-np");
  ASSERT_NE(np, cmd.end());
  EXPECT_EQ(*(np + 1), "3");
  EXPECT_TRUE(has(cmd, "self,vader"));
  EXPECT_TRUE(has(cmd, "cma"));
  ASSERT_GE(cmd.size(), 5u);
  EXPECT_EQ(cmd[cmd.size() - 5], "/x/crossmem-mpi-pingpong");
  EXPECT_EQ(cmd[cmd.size() - 4], "reduce");
  EXPECT_EQ(cmd[cmd.size() - 3], "65536");
  EXPECT_EQ(cmd.back(), "2");
}

TEST(TuneReduceAnchor, ParsesReduceLines) {
  EXPECT_EQ(parse_reduce_ns("noise\nreduce_ns 12.5\nreduce_ns 13\n"),
            (std::vector<double>{12.5, 13}));
  EXPECT_THROW(parse_reduce_ns("oneway_ns 12.5\n"), std::runtime_error);
  EXPECT_THROW(parse_reduce_ns("reduce_ns x\n"), std::runtime_error);
  EXPECT_THROW(parse_reduce_ns("reduce_ns -1\n"), std::runtime_error);
}

TEST(TuneReduceAnchor, SizesMustHoldWholeDoubles) {
  VerifyOptions options;
  options.sizes = {4096, 12};
  options.helper = "/x/crossmem-mpi-pingpong";
  EXPECT_THROW(run_reduce_anchor(options, 2), InvalidInput);
}

TEST(TuneVerify, MpirunCommandPinsAndForcesVader) {
  VerifyOptions options;
  options.helper = "/x/crossmem-mpi-pingpong";
  options.repetitions = 3;
  VerifyConfig config{"none", {"--mca", "btl_vader_single_copy_mechanism", "none"}};
  auto cmd = mpirun_command(options, config, 4096, false);
  EXPECT_EQ(cmd.front(), "mpirun.openmpi");
  EXPECT_FALSE(has(cmd, "--allow-run-as-root"));
  EXPECT_TRUE(has(cmd, "self,vader"));
  EXPECT_TRUE(has(cmd, "ob1"));
  EXPECT_TRUE(has(cmd, "core"));
  EXPECT_EQ(cmd[cmd.size() - 4], "/x/crossmem-mpi-pingpong");
  EXPECT_EQ(cmd[cmd.size() - 3], "4096");
  EXPECT_EQ(cmd.back(), "3");
  EXPECT_TRUE(has(mpirun_command(options, config, 4096, true), "--allow-run-as-root"));
}

TEST(TuneVerify, IterationsShrinkWithSize) {
  EXPECT_EQ(iterations_for(1024), 2000u);
  EXPECT_EQ(iterations_for(1048576), 32u);
  EXPECT_EQ(iterations_for(std::uint64_t{64} << 20), 4u);
}

TEST(TuneVerify, OneWayLinesParse) {
  EXPECT_EQ(parse_oneway_ns("noise\noneway_ns 12.5\noneway_ns 14\n"),
            (std::vector<double>{12.5, 14}));
  EXPECT_THROW(parse_oneway_ns("nothing\n"), std::runtime_error);
  EXPECT_THROW(parse_oneway_ns("oneway_ns x\n"), std::runtime_error);
}

TEST(TuneVerify, SummaryUsesMediansAndComparesTunedWithTheBestOther) {
  std::vector<VerifySample> samples = {
      {1000, "default", {1000, 2000, 3000}},  // median 2000 ns -> 0.5 GB/s
      {1000, "none", {1000}},                 // 1 GB/s
      {1000, "cma", {4000}},
      {1000, "tuned", {1250}},    // 0.8 GB/s
      {1000, "default", {2000}},  // second round: median stays 2000
  };
  auto v = summarize_verify(samples);
  ASSERT_EQ(v.rows.size(), 4u);
  EXPECT_EQ(v.rows[0].config, "default");
  EXPECT_DOUBLE_EQ(v.rows[0].latency_us, 2.0);
  EXPECT_DOUBLE_EQ(v.rows[0].bandwidth_Bps, 0.5e9);
  ASSERT_EQ(v.efficiency.size(), 1u);
  EXPECT_DOUBLE_EQ(v.efficiency[0].efficiency, 0.8);
  auto back = results::parse_verify(results::to_json_text(v), "verify.json");
  EXPECT_EQ(back.rows.size(), 4u);
}

}  // namespace
}  // namespace crossmem::tune
