// The all-to-all order matters: with messages larger than the pipe, "everyone sends to everyone,
// then receives" leaves every sender waiting for room in a pipe nobody drains. The team's wait
// deadline turns that into an error; the pairwise schedule of AllToAll completes.
#include <gtest/gtest.h>

#include <chrono>

#include "../../bench/workloads/all_to_all.hpp"
#include "../support_team.hpp"
#include "crossmem/bench/steps.hpp"

namespace crossmem {
namespace {

using bench::Member;
using bench::Pages;
using bench::Team;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kPipe = 64 * 1024;
constexpr std::uint64_t kMessage = 1024 * 1024;

// All-to-all links, but each rank first sends to every other rank, then receives from each.
class NaiveAllToAll final : public bench::Workload {
 public:
  std::string name() const override { return "naive-all-to-all"; }
  std::vector<bench::LinkSpec> links(int procs) const override { return safe_.links(procs); }
  // The validated exchange of Team::prepare uses the safe order, so that only run() can block.
  void validate(Member& me, std::uint64_t seed) override { safe_.validate(me, seed); }
  void run(Member& me, std::uint64_t iterations, bool fresh, bool validate,
           std::uint64_t seed) override {
    const bench::PayloadPolicy policy{.fresh = fresh, .validate = validate, .seed = seed};
    const int procs = me.procs(), r = me.rank();
    for (std::uint64_t i = 0; i < iterations; ++i) {
      for (int d = 0; d < procs; ++d) {
        if (d != r) bench::send_step(me, bench::all_to_all_link(r, d, procs), i, policy);
      }
      for (int s = 0; s < procs; ++s) {
        if (s != r) bench::recv_step(me, bench::all_to_all_link(s, r, procs), i, policy);
      }
    }
  }

 private:
  bench::AllToAll safe_;
};

bench::TeamSpec small_pipe_spec(const char* strategy, int procs,
                                std::chrono::milliseconds timeout) {
  bench::TeamSpec spec = test::spec_for(find_strategy(strategy), {{"pipe_size", kPipe}});
  spec.timeout = timeout;
  spec.procs = procs;
  if (procs > 2) {
    spec.pus = bench::default_pus(procs, true);
    spec.wait_mode = WaitMode::futex;
  }
  return spec;
}

class AllToAllOrder : public ::testing::TestWithParam<const char*> {};

TEST_P(AllToAllOrder, NaiveOrderTimesOutInsteadOfHanging) {
  if (!find_strategy(GetParam())->probe().ok) GTEST_SKIP();
  NaiveAllToAll naive;
  Team team(small_pipe_spec(GetParam(), 2, std::chrono::milliseconds(500)), naive);
  team.prepare(kMessage, Pages::small, 1);
  auto t0 = Clock::now();
  try {
    team.run(1, false, true, 2);
    ADD_FAILURE() << "the naive order completed: messages fit in the pipe?";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("within 500 ms"), std::string::npos) << e.what();
  }
  // The 500 ms deadline ends it; the bound only has to tell an end from a hang, with room for a
  // loaded 2-core machine.
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(30));
}

TEST_P(AllToAllOrder, PairwiseScheduleCompletes) {
  if (!find_strategy(GetParam())->probe().ok) GTEST_SKIP();
  for (int procs : {2, 3, 4}) {
    SCOPED_TRACE(std::string(GetParam()) + " procs " + std::to_string(procs));
    bench::AllToAll workload;
    // Two processes: the naive test's exact spec. More share the cores: a longer deadline.
    auto timeout = std::chrono::milliseconds(procs == 2 ? 500 : 5000);
    Team team(small_pipe_spec(GetParam(), procs, timeout), workload);
    ASSERT_NO_THROW(team.prepare(kMessage, Pages::small, 3));
    ASSERT_NO_THROW(team.run(3, false, true, 4));
  }
}

INSTANTIATE_TEST_SUITE_P(PipeStrategies, AllToAllOrder, ::testing::Values("pipe", "vmsplice"),
                         [](const ::testing::TestParamInfo<const char*>& i) {
                           return std::string(i.param);
                         });

}  // namespace
}  // namespace crossmem
