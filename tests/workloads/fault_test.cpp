// Faults: a peer killed with SIGKILL at a random moment during a batch, for every strategy and
// every workload, is an error within 2 s; afterwards no process of the team is left, no descriptor
// leaked, and nothing new is in /dev/shm.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
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

TEST_P(RandomKill, IsAnErrorWithinTwoSecondsAndLeavesNothing) {
  const Strategy* s = GetParam().strategy;
  if (!s->probe().ok) GTEST_SKIP() << s->name << ": " << s->probe().reason;
  const std::string workload_name = GetParam().workload;
  const int procs = workload_name == "pingpong" ? 2 : 3;
  std::size_t fds_before = open_fds();
  auto shm_before = shm_names();
  std::vector<pid_t> pids;
  std::mt19937 rng(std::random_device{}());
  {
    auto workload = make_workload(workload_name);
    TeamSpec spec;
    spec.strategy = s;
    spec.procs = procs;
    spec.pus = default_pus(procs, true);
    spec.wait_mode = procs > 2 ? WaitMode::futex : WaitMode::spin;
    spec.timeout = std::chrono::milliseconds(10'000);
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
    EXPECT_ANY_THROW(team.run(10'000'000, false, false, 2));
    auto took = Clock::now() - t0;
    killer.join();
    EXPECT_LT(took, std::chrono::seconds(2)) << "killed after " << delay.count() << " us";
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
