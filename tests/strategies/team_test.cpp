// The runner never hangs and never leaves anything behind: a dead peer becomes an error within a
// bounded time, and destroying a team reaps every child.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
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

TEST_P(PeerDeath, BecomesAnErrorQuickly) {
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
    EXPECT_ANY_THROW(team.run(1000000, false, false, 2));
    EXPECT_LT(Clock::now() - t0, std::chrono::seconds(2));
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
  auto p = team.probe(500);
  EXPECT_GT(p.handoff_ns, 1.0);
  EXPECT_GT(p.doorbell_ns, 1.0);
  EXPECT_LT(p.handoff_ns, 1e6);
}

}  // namespace
}  // namespace crossmem
