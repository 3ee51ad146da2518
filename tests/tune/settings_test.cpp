// Settings from synthetic results with known cost models (tests/fixtures/tune/make_fixtures.py).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <set>
#include <string>

#include "tune.hpp"
#include "tune_support.hpp"
#include "verify.hpp"

namespace crossmem::tune {
namespace {

using testing::find_setting;
using testing::tuned_for;

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// crossover.json: shm-copy 400 ns + s/6, cma-read 2500 ns + s/10, equal at 31500 bytes.
constexpr double kKnownCrossover = 31500;

TEST(TuneSettings, KnownCrossoverGivesEagerLimitWithinOneSizeStep) {
  auto tuned = tuned_for("crossover.json");
  auto eager = find_setting(tuned, kOpenMpi41, "btl_vader_eager_limit");
  ASSERT_FALSE(is_default_kept(eager)) << eager.reason;
  double value = std::stod(eager.value);
  EXPECT_LE(std::fabs(std::log2(value / kKnownCrossover)), 1.0) << eager.value;
  EXPECT_TRUE(contains(eager.reason, "overtakes")) << eager.reason;
  auto mech = find_setting(tuned, kOpenMpi41, "btl_vader_single_copy_mechanism");
  EXPECT_EQ(mech.value, "cma");
  EXPECT_FALSE(is_default_kept(mech));
}

TEST(TuneSettings, EveryStackGetsTheSameThreshold) {
  auto tuned = tuned_for("crossover.json");
  std::string eager = find_setting(tuned, kOpenMpi41, "btl_vader_eager_limit").value;
  EXPECT_EQ(find_setting(tuned, kOpenMpi5, "btl_sm_eager_limit").value, eager);
  EXPECT_EQ(find_setting(tuned, kOpenMpi5, "smsc").value, "cma");
  EXPECT_EQ(find_setting(tuned, kMpich, "MPIR_CVAR_CH4_CMA_ENABLE").value, "1");
  EXPECT_EQ(find_setting(tuned, kMpich, "MPIR_CVAR_CH4_IPC_CMA_P2P_THRESHOLD").value, eager);
  EXPECT_EQ(find_setting(tuned, kUcx, "UCX_RNDV_THRESH").value, "intra:" + eager);
  EXPECT_EQ(find_setting(tuned, kMvapich2, "MV2_SMP_USE_CMA").value, "1");
  EXPECT_EQ(find_setting(tuned, kMvapich2, "MV2_SMP_EAGERSIZE").value, eager);
  // cma-read (10 B/ns) is faster than cma-write (9 B/ns): the receiver should pull.
  EXPECT_EQ(find_setting(tuned, kUcx, "UCX_RNDV_SCHEME").value, "get_zcopy");
  // About 10 GB/s = 9537 MiB/s at 64 MiB.
  auto bw = find_setting(tuned, kUcx, "UCX_CMA_BW");
  ASSERT_TRUE(bw.value.size() > 3 && bw.value.substr(bw.value.size() - 3) == "MBs") << bw.value;
  double mib = std::stod(bw.value);
  EXPECT_NEAR(mib, 1e10 / 1048576.0, 300) << bw.value;
}

TEST(TuneSettings, NoCrossoverKeepsTheDefaultWithTheReason) {
  auto tuned = tuned_for("no-crossover.json");
  auto eager = find_setting(tuned, kOpenMpi41, "btl_vader_eager_limit");
  EXPECT_EQ(eager.value, "4096");
  EXPECT_TRUE(starts_with(eager.reason, kDefaultKept)) << eager.reason;
  EXPECT_TRUE(contains(eager.reason, "no_crossover")) << eager.reason;
  // cma-read wins everywhere, so single copy is still chosen.
  EXPECT_EQ(find_setting(tuned, kOpenMpi41, "btl_vader_single_copy_mechanism").value, "cma");
  auto mpich = find_setting(tuned, kMpich, "MPIR_CVAR_CH4_IPC_CMA_P2P_THRESHOLD");
  EXPECT_TRUE(is_default_kept(mpich)) << mpich.reason;
  EXPECT_EQ(find_setting(tuned, kUcx, "UCX_RNDV_THRESH").value, "auto");
}

TEST(TuneSettings, SingleCopyThatLosesEverywhereSelectsNone) {
  auto tuned = tuned_for("single-copy-loses.json");
  auto mech = find_setting(tuned, kOpenMpi41, "btl_vader_single_copy_mechanism");
  EXPECT_EQ(mech.value, "none");
  EXPECT_TRUE(contains(mech.reason, "shm-copy faster than cma-read")) << mech.reason;
  auto eager = find_setting(tuned, kOpenMpi41, "btl_vader_eager_limit");
  EXPECT_TRUE(is_default_kept(eager)) << eager.reason;
  EXPECT_EQ(eager.value, "4096");
  EXPECT_EQ(find_setting(tuned, kOpenMpi5, "smsc").value, "^cma");
  EXPECT_EQ(find_setting(tuned, kMpich, "MPIR_CVAR_CH4_CMA_ENABLE").value, "0");
  EXPECT_EQ(find_setting(tuned, kUcx, "UCX_TLS").value, "^cma");
  EXPECT_EQ(find_setting(tuned, kMvapich2, "MV2_SMP_USE_CMA").value, "0");
}

TEST(TuneSettings, UnsupportedCmaSelectsNoneWithTheSkipReason) {
  auto tuned = tuned_for("cma-unsupported.json");
  auto mech = find_setting(tuned, kOpenMpi41, "btl_vader_single_copy_mechanism");
  EXPECT_EQ(mech.value, "none");
  EXPECT_TRUE(contains(mech.reason, "unsupported here")) << mech.reason;
  EXPECT_TRUE(contains(mech.reason, "CAP_SYS_PTRACE")) << mech.reason;
  auto bw = find_setting(tuned, kUcx, "UCX_CMA_BW");
  EXPECT_TRUE(is_default_kept(bw)) << bw.reason;
}

TEST(TuneSettings, FragmentSweepSetsMaxSendSize) {
  auto tuned = tuned_for("fragment-sweep.json");
  auto max_send = find_setting(tuned, kOpenMpi41, "btl_vader_max_send_size");
  EXPECT_EQ(max_send.value, "65536");
  EXPECT_FALSE(is_default_kept(max_send)) << max_send.reason;
  EXPECT_TRUE(contains(max_send.reason, "fragment:65536")) << max_send.reason;
  EXPECT_EQ(find_setting(tuned, kOpenMpi5, "btl_sm_max_send_size").value, "65536");
}

TEST(TuneSettings, WithoutFragmentSweepMaxSendSizeKeepsTheDefault) {
  auto tuned = tuned_for("crossover.json");
  auto max_send = find_setting(tuned, kOpenMpi41, "btl_vader_max_send_size");
  EXPECT_EQ(max_send.value, "32768");
  EXPECT_TRUE(is_default_kept(max_send));
  EXPECT_TRUE(contains(max_send.reason, "no fragment sweep in the input")) << max_send.reason;
}

TEST(TuneSettings, NoPingPongGroupKeepsEveryDefault) {
  results::Results empty;
  auto tuned = tune(empty);
  ASSERT_FALSE(tuned.settings.empty());
  for (const auto& s : tuned.settings) {
    EXPECT_TRUE(is_default_kept(s)) << s.stack << " " << s.name << ": " << s.reason;
  }
}

TEST(TuneSettings, VaderRoundingStaysWithinWhatVaderStartsWith) {
  EXPECT_EQ(vader_eager_limit(23170), 32768u);  // geometric midpoint of 16 KiB and 32 KiB
  EXPECT_EQ(vader_eager_limit(32768), 32768u);
  EXPECT_EQ(vader_eager_limit(100), kVaderFragmentMin);
  EXPECT_EQ(vader_eager_limit(std::uint64_t{1} << 22), kVaderFragmentMax);
  EXPECT_EQ(vader_max_send_size(65536, 4096), 65536u);
  EXPECT_EQ(vader_max_send_size(100000, 4096), 65536u);
  EXPECT_EQ(vader_max_send_size(std::uint64_t{1} << 20, 4096), kVaderFragmentMax);
  EXPECT_EQ(vader_max_send_size(262144, 262144), 131072u);
  EXPECT_LE(vader_max_send_size(262144, 262144) + 262144, kVaderFragmentSumMax);
}

// Every Open MPI 4.1 name the tuner emits is a parameter of the installed Open MPI.
TEST(TuneSettings, OpenMpiParameterNamesExistInOmpiInfo) {
  if (!tune::on_path("ompi_info")) {
    GTEST_SKIP() << "Open MPI is not installed (ompi_info not on PATH); scripts/test installs "
                    "it (Debian: apt-get install openmpi-bin)";
  }
  FILE* pipe = popen("ompi_info --all --parsable 2>/dev/null", "r");
  ASSERT_NE(pipe, nullptr);
  std::set<std::string> names;
  char line[4096];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    // mca:<framework>:<component>:param:<name>:<field>:...
    std::string text = line;
    if (text.rfind("mca:", 0) != 0) continue;
    auto p = text.find(":param:");
    if (p == std::string::npos) continue;
    auto start = p + 7;
    auto end = text.find(':', start);
    if (end != std::string::npos) names.insert(text.substr(start, end - start));
  }
  ASSERT_EQ(pclose(pipe), 0);
  ASSERT_GT(names.size(), 100u);
  for (const char* fixture : {"crossover.json", "no-crossover.json", "single-copy-loses.json",
                              "fragment-sweep.json", "cma-unsupported.json"}) {
    for (const auto& s : tuned_for(fixture).settings) {
      if (s.stack != kOpenMpi41) continue;
      EXPECT_TRUE(names.count(s.name)) << s.name << " (from " << fixture << ")";
    }
  }
}

// Every setting the tuner writes is a parameter of the MPI stack table, in the table's order, and
// a setting that keeps a default keeps the one the table gives.
TEST(TuneSettings, FollowTheStackTable) {
  for (const char* fixture : {"crossover.json", "no-crossover.json", "cma-unsupported.json"}) {
    SCOPED_TRACE(fixture);
    results::Tuned tuned = tuned_for(fixture);
    std::vector<std::pair<std::string, std::string>> expected, got;
    for (const mpi::Stack& stack : mpi::stacks()) {
      for (const mpi::Parameter& p : stack.parameters) expected.emplace_back(stack.id, p.name);
    }
    for (const auto& s : tuned.settings) {
      got.emplace_back(s.stack, s.name);
      if (is_default_kept(s)) {
        EXPECT_EQ(s.value, mpi::parameter(s.stack, s.name).fallback) << s.name;
      }
    }
    EXPECT_EQ(got, expected);
  }
  std::set<std::string> ids;
  for (const mpi::Stack& stack : mpi::stacks()) EXPECT_TRUE(ids.insert(stack.id).second);
  EXPECT_THROW(mpi::parameter(kUcx, "UCX_NO_SUCH"), std::out_of_range);
  EXPECT_THROW(mpi::stack("lam-mpi"), std::out_of_range);
}

}  // namespace
}  // namespace crossmem::tune
