// The reduce workload: its payload values and sum check, and exact reduces with every strategy on
// teams of 2 and 3 processes (3 share cores here and wait with futexes). cma-reduce runs only on a
// kernel with the reduce flags; elsewhere its availability must give the reason.
#include "../../bench/workloads/reduce.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "../support_team.hpp"
#include "crossmem/error.hpp"

namespace crossmem {
namespace {

using bench::Pages;
using bench::Team;
using kernel::ReduceType;

TEST(ReduceValues, AreSmallIntegersThatDependOnEveryInput) {
  std::int64_t lo = 0, hi = 0;
  int changed_by_rank = 0, changed_by_id = 0, changed_by_seed = 0;
  for (std::size_t i = 0; i < 4096; ++i) {
    std::int64_t v = bench::reduce_element(5, 9, 2, i);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    changed_by_rank += v != bench::reduce_element(5, 9, 3, i);
    changed_by_id += v != bench::reduce_element(5, 10, 2, i);
    changed_by_seed += v != bench::reduce_element(6, 9, 2, i);
  }
  EXPECT_GE(lo, -1000);
  EXPECT_LE(hi, 1000);
  EXPECT_LT(lo, -900);  // the range is used, not a constant
  EXPECT_GT(hi, 900);
  EXPECT_GT(changed_by_rank, 4000);
  EXPECT_GT(changed_by_id, 4000);
  EXPECT_GT(changed_by_seed, 4000);
}

// The check accepts the true sum and finds one wrong element, for both types.
TEST(ReduceValues, SumCheckFindsAWrongElement) {
  for (ReduceType type : {ReduceType::f64, ReduceType::i64}) {
    SCOPED_TRACE(std::string(kernel::to_string(type)));
    const int procs = 3;
    std::vector<std::byte> acc(512 * 8), part(acc.size());
    bench::fill_reduce_vector(acc, type, 1, 4, 0);
    for (int r = 1; r < procs; ++r) {
      bench::fill_reduce_vector(part, type, 1, 4, r);
      kernel::reduce_reference(acc, part, kernel::ReduceOp::sum, type);
    }
    EXPECT_EQ(bench::check_reduce_sum(acc, type, 1, 4, procs), "");
    EXPECT_NE(bench::check_reduce_sum(acc, type, 1, 4, procs - 1), "");
    EXPECT_NE(bench::check_reduce_sum(acc, type, 1, 5, procs), "");
    // One element off by one.
    if (type == ReduceType::f64) {
      double v;
      std::memcpy(&v, acc.data() + 100 * 8, 8);
      v += 1;
      std::memcpy(acc.data() + 100 * 8, &v, 8);
    } else {
      std::int64_t v;
      std::memcpy(&v, acc.data() + 100 * 8, 8);
      v += 1;
      std::memcpy(acc.data() + 100 * 8, &v, 8);
    }
    std::string bad = bench::check_reduce_sum(acc, type, 1, 4, procs);
    EXPECT_NE(bad.find("element 100 of 512"), std::string::npos) << bad;
  }
}

TEST(ReduceWorkload, RejectsTypesOtherThanF64AndI64) {
  EXPECT_THROW(bench::Reduce(ReduceType::f32), InvalidInput);
  EXPECT_THROW(bench::Reduce(ReduceType::u64), InvalidInput);
  EXPECT_THROW(bench::Reduce(ReduceType::f64).links(1), InvalidInput);
  EXPECT_EQ(bench::Reduce(ReduceType::i64).links(3).size(), 2u);
}

bench::TeamSpec reduce_spec(const Strategy* s, int procs) {
  bench::TeamSpec spec = test::spec_for(s, {}, procs > 2 ? WaitMode::futex : WaitMode::spin);
  spec.procs = procs;
  spec.pus = bench::default_pus(procs, procs > 2);
  return spec;
}

class ReduceExact : public ::testing::TestWithParam<const Strategy*> {};

// Team::prepare runs one validated reduce; run(validate) checks every reduce of the batch.
TEST_P(ReduceExact, SumsExactlyOnTwoAndThreeProcesses) {
  const Strategy* s = GetParam();
  Availability a = s->probe();
  if (!a.ok) {
    if (s->traits.reduce_only) {
      EXPECT_EQ(a.reason, "reduce flags: EINVAL from this kernel");
      EXPECT_NE(a.remedy.find("crossmem-vm --kernel patched"), std::string::npos) << a.remedy;
    }
    GTEST_SKIP() << s->name << " unavailable here: " << a.reason;
  }
  for (int procs : {2, 3}) {
    for (ReduceType type : {ReduceType::f64, ReduceType::i64}) {
      bench::Reduce workload(type);
      try {
        Team team(reduce_spec(s, procs), workload);
        std::uint64_t seed = 21;
        // One element, a page plus one element, and 1 MiB + 8 (beyond shm-copy's ring and the
        // pipe's default capacity).
        for (std::uint64_t size :
             {std::uint64_t{8}, std::uint64_t{4104}, (std::uint64_t{1} << 20) + 8}) {
          SCOPED_TRACE(std::string(s->name) + " procs " + std::to_string(procs) + " " +
                       std::string(kernel::to_string(type)) + " size " + std::to_string(size));
          ASSERT_NO_THROW(team.prepare(size, Pages::small, seed++));
          ASSERT_NO_THROW(team.run(3, false, true, seed++));
          ASSERT_NO_THROW(team.run(3, true, false, seed++));
        }
      } catch (const Unsupported& e) {
        GTEST_SKIP() << e.reason();
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryStrategy, ReduceExact, ::testing::ValuesIn(all_strategies()),
                         test::strategy_test_name);

TEST(ReduceWorkload, SizeOfPartElementsIsUnsupported) {
  bench::Reduce workload(ReduceType::f64);
  Team team(reduce_spec(find_strategy("shm-copy"), 2), workload);
  try {
    team.prepare(12, Pages::small, 1);
    ADD_FAILURE() << "a 12-byte reduce of f64 was accepted";
  } catch (const Unsupported& e) {
    EXPECT_NE(e.reason().find("not a positive multiple of 8"), std::string::npos) << e.reason();
  }
}

// shm-copy combines fragment by fragment, so a fragment must hold whole elements.
TEST(ReduceWorkload, ShmCopyFragmentOfPartElementsIsUnsupported) {
  bench::Reduce workload(ReduceType::i64);
  bench::TeamSpec spec = reduce_spec(find_strategy("shm-copy"), 2);
  spec.params = Params({{"fragment", 100}});
  Team team(spec, workload);
  try {
    team.prepare(4096, Pages::small, 1);
    ADD_FAILURE() << "shm-copy combined 100-byte fragments of i64";
  } catch (const Unsupported& e) {
    EXPECT_NE(e.reason().find("fragment=100"), std::string::npos) << e.reason();
  }
}

}  // namespace
}  // namespace crossmem
