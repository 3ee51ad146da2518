// Faults: a peer killed with SIGKILL at a random moment during a batch, for every strategy and
// every workload, is an error seen by the peer's hang-up, not by the team's deadline; afterwards no
// process of the team is left, no descriptor leaked, and nothing new is in /dev/shm.
// The victim and the moment are random; the seed is printed, and CROSSMEM_TEST_SEED=N replays it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <set>
#include <thread>

#include "crossmem/bench/pinning.hpp"
#include "crossmem/bench/team.hpp"
#include "crossmem/bench/workloads.hpp"

namespace crossmem {
namespace {

using namespace bench;
using Clock = std::chrono::steady_clock;

std::size_t open_fds() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

std::set<std::string> shm_names() {
  std::set<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator("/dev/shm"))
    out.insert(e.path().filename());
  return out;
}

struct Param {
  const Strategy* strategy;
  const char* workload;
};

std::unique_ptr<Workload> make_workload(const std::string& name) {
  return find_workload(name)->make({});
}

class RandomKill : public ::testing::TestWithParam<Param> {};

unsigned test_seed() {
  if (const char* fixed = std::getenv("CROSSMEM_TEST_SEED")) {
    return static_cast<unsigned>(std::strtoul(fixed, nullptr, 10));
  }
  return std::random_device{}();
}

TEST_P(RandomKill, IsAnErrorBeforeTheDeadlineAndLeavesNothing) {
  const Strategy* s = GetParam().strategy;
  if (!s->probe().ok) GTEST_SKIP() << s->name << ": " << s->probe().reason;
  const std::string workload_name = GetParam().workload;
  const int procs = workload_name == "pingpong" ? 2 : 3;
  std::size_t fds_before = open_fds();
  auto shm_before = shm_names();
  std::vector<pid_t> pids;
  const unsigned seed = test_seed();
  std::cout << "seed " << seed << " (CROSSMEM_TEST_SEED=" << seed << " replays it)\n";
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  {
    auto workload = make_workload(workload_name);
    TeamSpec spec;
    spec.strategy = s;
    spec.procs = procs;
    spec.pus = default_pus(procs, true);
    spec.wait_mode = procs > 2 ? WaitMode::futex : WaitMode::spin;
    spec.timeout = std::chrono::milliseconds(10'000);  // the deadline a hang-up must beat
    Team team(spec, *workload);
    team.prepare(256 << 10, Pages::small, 1);
    pids = team.pids();
    pid_t victim = pids.at(1 + rng() % static_cast<unsigned>(procs - 1));
    auto delay = std::chrono::microseconds(rng() % 20'000);
    std::thread killer([victim, delay] {
      std::this_thread::sleep_for(delay);
      ::kill(victim, SIGKILL);
    });
    auto t0 = Clock::now();
    // Long enough that the kill always lands inside the batch.
    try {
      team.run(10'000'000, false, false, 2);
      ADD_FAILURE() << "the batch completed although rank " << victim << " was killed";
    } catch (const std::exception& e) {
      // Seen through the hang-up, not by waiting out the deadline.
      EXPECT_EQ(std::string(e.what()).find(" within "), std::string::npos) << e.what();
    }
    auto took = Clock::now() - t0;
    killer.join();
    // Far below the 10 s deadline even on a loaded machine: the hang-up is checked every ~8k spins
    // or 1 ms of sleep, so only a missed hang-up could take that long.
    EXPECT_LT(took, spec.timeout) << "killed after " << delay.count() << " us";
  }
  for (pid_t pid : pids) {
    if (pid == ::getpid()) continue;
    EXPECT_NE(::kill(pid, 0), 0) << "process " << pid << " left behind";
  }
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1) << "an unreaped child remains";
  EXPECT_EQ(open_fds(), fds_before);
  EXPECT_EQ(shm_names(), shm_before);
}

std::vector<Param> all_params() {
  std::vector<Param> out;
  for (const WorkloadRow* w : all_workloads()) {
    if (w->on_request) continue;
    for (const Strategy* s : all_strategies()) {
      if (!s->traits.in_process) out.push_back({s, w->name.data()});
    }
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(EveryStrategyAndWorkload, RandomKill, ::testing::ValuesIn(all_params()),
                         [](const auto& i) {
                           std::string n = std::string(i.param.workload) + "_" +
                                           std::string(i.param.strategy->name);
                           for (char& c : n) c = c == '-' ? '_' : c;
                           return n;
                         });

}  // namespace
}  // namespace crossmem
