// Every strategy moves exact payloads in the contention workloads: many-to-one with 3 senders,
// one-to-many with 3 receivers, all-to-all among 4 processes. This machine may have fewer cores
// than processes, so the teams share cores and wait with futexes. Team::prepare validates one
// round; run(validate=true) checks every message; every rank reports its own time.
#include <gtest/gtest.h>

#include "../../bench/workloads/all_to_all.hpp"
#include "../../bench/workloads/many_to_one.hpp"
#include "../../bench/workloads/one_to_many.hpp"
#include "../support_team.hpp"
#include "crossmem/error.hpp"

namespace crossmem {
namespace {

using bench::Pages;
using bench::Team;

constexpr int kProcs = 4;

bench::TeamSpec shared_cores_spec(const Strategy* s) {
  bench::TeamSpec spec = test::spec_for(s, {}, WaitMode::futex);
  spec.procs = kProcs;
  spec.pus = bench::default_pus(kProcs, true);
  return spec;
}

void exchange(const Strategy* s, bench::Workload& workload) {
  Availability a = s->probe();
  if (!a.ok) GTEST_SKIP() << s->name << " unavailable here: " << a.reason;
  try {
    Team team(shared_cores_spec(s), workload);
    std::uint64_t seed = 11;
    // Odd, sub-page and beyond-a-fragment sizes; 1 MiB + 3 streams through smaller pipes and rings.
    for (std::uint64_t size :
         {std::uint64_t{1}, std::uint64_t{4097}, std::uint64_t{(1u << 20) + 3}}) {
      SCOPED_TRACE(workload.name() + " " + std::string(s->name) + " size " + std::to_string(size));
      ASSERT_NO_THROW(team.prepare(size, Pages::small, seed++));
      bench::BatchResult batch;
      ASSERT_NO_THROW(batch = team.run(4, false, true, seed++));
      ASSERT_EQ(batch.rank_seconds.size(), static_cast<std::size_t>(kProcs));
      EXPECT_EQ(batch.rank_seconds[0], batch.seconds);
      std::string times;
      for (int r = 0; r < kProcs; ++r) {
        double t = batch.rank_seconds[static_cast<std::size_t>(r)];
        if (r > 0) times += ' ';
        times += std::to_string(t);
        EXPECT_GE(t, 0.0);
        EXPECT_LT(t, 10.0);
        if (!s->traits.in_process) {
          EXPECT_GT(t, 0.0) << "rank " << r;
        }
      }
      ::testing::Test::RecordProperty(std::to_string(size) + "_rank_seconds", times);
    }
  } catch (const Unsupported& e) {
    GTEST_SKIP() << e.reason();
  }
}

class Contention : public ::testing::TestWithParam<const Strategy*> {};

TEST_P(Contention, ManyToOneThreeSenders) {
  bench::ManyToOne workload;
  exchange(GetParam(), workload);
}

TEST_P(Contention, OneToManyThreeReceivers) {
  bench::OneToMany workload;
  exchange(GetParam(), workload);
}

TEST_P(Contention, AllToAllFourProcesses) {
  bench::AllToAll workload;
  exchange(GetParam(), workload);
}

INSTANTIATE_TEST_SUITE_P(AllStrategies, Contention,
                         ::testing::ValuesIn(all_strategies().begin(), all_strategies().end()),
                         test::strategy_test_name);

TEST(Contention, ChildTimesCoverTheirPart) {
  // Senders that each push 8 MiB per round through a pipe take measurable time of their own.
  bench::ManyToOne workload;
  Team team(shared_cores_spec(find_strategy("pipe")), workload);
  team.prepare(8u << 20, Pages::small, 1);
  bench::BatchResult batch = team.run(3, false, false, 2);
  for (int r = 1; r < kProcs; ++r) EXPECT_GT(batch.rank_seconds[static_cast<std::size_t>(r)], 1e-4);
}

}  // namespace
}  // namespace crossmem
