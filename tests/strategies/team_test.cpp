// The runner never hangs and never leaves anything behind: a dead peer becomes an error within a
// bounded time, and destroying a team reaps every child.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cmath>
#include <filesystem>

#include "../support_team.hpp"

namespace crossmem {
namespace {

using bench::Pages;
using bench::PingPong;
using bench::Team;
using Clock = std::chrono::steady_clock;

bool process_exists(pid_t pid) {
  return ::kill(pid, 0) == 0;
}

std::size_t open_fds() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

class PeerDeath : public ::testing::TestWithParam<const Strategy*> {};

TEST_P(PeerDeath, BecomesAnErrorBeforeTheDeadline) {
  const Strategy* s = GetParam();
  if (!s->probe().ok || s->traits.in_process) GTEST_SKIP();
  std::size_t fds_before = open_fds();
  pid_t child = 0;
  {
    PingPong pingpong;
    Team team(test::spec_for(s), pingpong);
    team.prepare(1 << 20, Pages::small, 1);
    child = team.pids().at(1);
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    auto t0 = Clock::now();
    try {
      team.run(1000000, false, false, 2);
      ADD_FAILURE() << "the batch completed although rank 1 was killed";
    } catch (const std::exception& e) {
      // Seen through the hang-up, not by waiting out the deadline.
      EXPECT_EQ(std::string(e.what()).find(" within "), std::string::npos) << e.what();
    }
    // The team's deadline (5 s) bounds it even on a loaded machine; only a missed hang-up reaches
    // it.
    EXPECT_LT(Clock::now() - t0, team.spec().timeout);
  }
  EXPECT_FALSE(process_exists(child)) << "child " << child << " left behind";
  EXPECT_EQ(open_fds(), fds_before);
}

INSTANTIATE_TEST_SUITE_P(AllStrategies, PeerDeath,
                         ::testing::ValuesIn(all_strategies().begin(), all_strategies().end()),
                         test::strategy_test_name);

TEST(Team, ReapsChildrenAndClosesDescriptors) {
  std::size_t fds_before = open_fds();
  pid_t child = 0;
  {
    PingPong pingpong;
    Team team(test::spec_for(find_strategy("shm-copy")), pingpong);
    team.prepare(4096, Pages::small, 1);
    team.run(10, false, true, 2);
    child = team.pids().at(1);
    EXPECT_TRUE(process_exists(child));
  }
  EXPECT_FALSE(process_exists(child));
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1) << "an unreaped child remains";
  EXPECT_EQ(open_fds(), fds_before);
}

TEST(Team, ProbeMeasuresHandoff) {
  PingPong pingpong;
  Team team(test::spec_for(find_strategy("cma-read")), pingpong);
  // Behaviour, not speed (a loaded machine may deschedule either side for a whole time slice): a
  // probe makes real round trips, so its times are positive and finite, and probes can repeat (the
  // flag sequence continues where the last one stopped).
  for (int i = 0; i < 2; ++i) {
    auto p = team.probe(500);
    EXPECT_GT(p.handoff_ns, 0.0);
    EXPECT_GT(p.doorbell_ns, 0.0);
    EXPECT_TRUE(std::isfinite(p.handoff_ns) && std::isfinite(p.doorbell_ns));
  }
}

}  // namespace
}  // namespace crossmem
