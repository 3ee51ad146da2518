#include "crossmem/results/crossover.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "synthetic.hpp"

namespace crossmem::results {
namespace {

using testing::linear_cost;
using testing::listed;
using testing::pow2_sizes;
using testing::synthetic_results;

std::vector<Crossover> records_for(const std::vector<Crossover>& all, const std::string& strategy) {
  std::vector<Crossover> out;
  std::copy_if(all.begin(), all.end(), std::back_inserter(out),
               [&strategy](const Crossover& x) { return x.strategy == strategy; });
  return out;
}

// shm-copy: 400 ns + size / 6 B/ns; cma-read: 2500 ns + size / 10 B/ns. Equal at 31500 bytes.
TEST(Crossover, KnownCrossoverIsFoundWithinOneSizeStep) {
  const double truth = 31500;
  Results r =
      synthetic_results({{"shm-copy", linear_cost(400, 6)}, {"cma-read", linear_cost(2500, 10)}},
                        pow2_sizes(1024, 64 << 20), 7, 0.02, 1);
  auto found = records_for(find_crossovers(r), "cma-read");
  ASSERT_EQ(found.size(), 1u);
  const Crossover& x = found[0];
  EXPECT_EQ(x.status, CrossoverStatus::found) << x.reason;
  EXPECT_EQ(x.direction, Direction::overtakes);
  EXPECT_EQ(x.baseline, "shm-copy");
  EXPECT_LE(static_cast<double>(x.lower_bytes), truth);
  EXPECT_GE(static_cast<double>(x.upper_bytes), truth);
  // The estimate is within one size step (a factor of 2) of the true crossover.
  EXPECT_LE(std::fabs(std::log2(static_cast<double>(x.estimate_bytes) / truth)), 1.0);
  EXPECT_EQ(x.group.placement, "cross-core");
  EXPECT_EQ(x.sizes.size(), pow2_sizes(1024, 64 << 20).size());
}

TEST(Crossover, NoisyResultsWithoutRealCrossoverClaimNone) {
  // Same cost model for both, 15% noise: whatever the draw, no crossover may be claimed.
  for (unsigned seed = 1; seed <= 25; ++seed) {
    Results r =
        synthetic_results({{"shm-copy", linear_cost(400, 6)}, {"vmsplice", linear_cost(400, 6)}},
                          pow2_sizes(4096, 16 << 20), 5, 0.15, seed);
    for (const Crossover& x : find_crossovers(r)) {
      EXPECT_NE(x.status, CrossoverStatus::found) << "seed " << seed << ": " << x.reason;
    }
  }
}

TEST(Crossover, DifferenceBelowMinimumEffectIsNotACrossover) {
  // cma-write is 1% faster below 256 KiB and 1% slower above: consistent but too small to count.
  auto cost = [](std::uint64_t size) {
    double base = 400 + static_cast<double>(size) / 6;
    return size < (256u << 10) ? base / 1.01 : base * 1.01;
  };
  Results r = synthetic_results({{"shm-copy", linear_cost(400, 6)}, {"cma-write", cost}},
                                pow2_sizes(4096, 16 << 20), 9, 0.001, 3);
  auto found = records_for(find_crossovers(r), "cma-write");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].status, CrossoverStatus::inconclusive) << found[0].reason;
  EXPECT_EQ(found[0].direction, Direction::none);
}

TEST(Crossover, OvertakesThenFallsBehind) {
  // cma-write: 2000 ns + size / 9 B/ns up to 1 MiB, then 5 B/ns: ahead of shm-copy from ~27 KB
  // and behind again from ~2.5 MB.
  Results r = synthetic_results(
      {{"shm-copy", linear_cost(400, 6)}, {"cma-write", linear_cost(2000, 9, 1 << 20, 5)}},
      pow2_sizes(1024, 64 << 20), 7, 0.02, 5);
  auto found = records_for(find_crossovers(r), "cma-write");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].direction, Direction::overtakes);
  EXPECT_EQ(found[0].status, CrossoverStatus::found) << found[0].reason;
  EXPECT_LE(found[0].lower_bytes, 27000u);
  EXPECT_GE(found[0].upper_bytes, 27000u);
  EXPECT_EQ(found[1].direction, Direction::falls_behind);
  EXPECT_EQ(found[1].status, CrossoverStatus::found) << found[1].reason;
  // 2000 + 1048576/9 + (s - 1048576)/5 = 400 + s/6  =>  s = 2516582 bytes
  EXPECT_LE(found[1].lower_bytes, 2516582u);
  EXPECT_GE(found[1].upper_bytes, 2516582u);
  EXPECT_LT(found[0].upper_bytes, found[1].lower_bytes + 1);
}

TEST(Crossover, AlwaysFasterIsNoCrossover) {
  Results r =
      synthetic_results({{"shm-copy", linear_cost(400, 6)}, {"shared-map", linear_cost(150, 16)}},
                        pow2_sizes(4096, 4 << 20), 5, 0.02, 9);
  auto found = records_for(find_crossovers(r), "shared-map");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].status, CrossoverStatus::no_crossover);
  EXPECT_EQ(found[0].direction, Direction::none);
  EXPECT_NE(found[0].reason.find("shared-map faster"), std::string::npos) << found[0].reason;
}

TEST(Crossover, TooFewRepetitionsIsInconclusive) {
  Results r =
      synthetic_results({{"shm-copy", linear_cost(400, 6)}, {"cma-read", linear_cost(2500, 10)}},
                        pow2_sizes(4096, 4 << 20), 2, 0.02, 2);
  auto found = records_for(find_crossovers(r), "cma-read");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].status, CrossoverStatus::inconclusive);
  EXPECT_EQ(found[0].sizes.front().note, "fewer than 3 repetitions");
}

// A row added to the strategy table reaches the comparison through its listed traits alone.
TEST(Crossover, NewSingleCopyStrategyIsACandidate) {
  Results r =
      synthetic_results({{"shm-copy", linear_cost(400, 6)}, {"teleport", linear_cost(2500, 10)}},
                        pow2_sizes(1024, 64 << 20), 7, 0.02, 1);
  auto found = records_for(find_crossovers(r), "teleport");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].baseline, "shm-copy");
  EXPECT_EQ(found[0].status, CrossoverStatus::found) << found[0].reason;

  // Listed as a second double copy ahead of shm-copy, it becomes the baseline instead.
  r.sources[0].strategies = {listed("teleport"), listed("shm-copy")};
  r.sources[0].strategies[0].copies = 2;
  auto [baseline, candidates] = comparison_for(r, 0, {});
  EXPECT_EQ(baseline, "teleport");
  EXPECT_TRUE(candidates.empty());
  // Named options win over the traits.
  CrossoverOptions o;
  o.baseline = "shm-copy";
  o.candidates = {"teleport"};
  EXPECT_EQ(records_for(find_crossovers(r, o), "teleport").size(), 1u);
}

TEST(Crossover, NoBaselineNoRecord) {
  Results r =
      synthetic_results({{"cma-read", linear_cost(2500, 10)}}, pow2_sizes(4096, 65536), 5, 0.02, 2);
  EXPECT_TRUE(find_crossovers(r).empty());
}

SizeComparison decided(std::uint64_t size, Verdict v) {
  SizeComparison c;
  c.size_bytes = size;
  c.verdict = v;
  return c;
}

TEST(Crossover, IsolatedFlipIsInconclusive) {
  const Verdict S = Verdict::baseline_faster, C = Verdict::candidate_faster, U = Verdict::undecided;
  std::vector<SizeComparison> sizes;
  std::uint64_t size = 4096;
  for (Verdict v : {S, S, C, S, S}) {
    sizes.push_back(decided(size, v));
    size *= 4;
  }
  auto out = crossovers_from_comparisons(sizes, "cma-read", "shm-copy", CrossoverOptions{});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].status, CrossoverStatus::inconclusive);
  EXPECT_EQ(out[1].status, CrossoverStatus::inconclusive);

  // Undecided sizes widen the interval.
  sizes.clear();
  size = 4096;
  for (Verdict v : {S, S, U, U, C, C}) {
    sizes.push_back(decided(size, v));
    size *= 2;
  }
  out = crossovers_from_comparisons(sizes, "cma-read", "shm-copy", CrossoverOptions{});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].status, CrossoverStatus::found);
  EXPECT_EQ(out[0].lower_bytes, 8192u);
  EXPECT_EQ(out[0].upper_bytes, 65536u);
  EXPECT_EQ(out[0].estimate_bytes, 23170u);  // sqrt(8192 * 65536)
}

TEST(Crossover, CompareAtSizeNeedsSeparatedSpreads) {
  CrossoverOptions o;
  auto c = compare_at_size(4096, {10, 11, 12, 13, 14}, {12, 13, 14, 15, 16}, o);
  EXPECT_EQ(c.verdict, Verdict::undecided);
  EXPECT_EQ(c.note, "p10..p90 ranges overlap");
  c = compare_at_size(4096, {20, 21, 22, 23, 24}, {10, 11, 12, 13, 14}, o);
  EXPECT_EQ(c.verdict, Verdict::candidate_faster);
  EXPECT_LT(c.p_value, 0.05);
  c = compare_at_size(4096, {10, 11, 12}, {20, 21, 22}, o);
  EXPECT_EQ(c.verdict, Verdict::baseline_faster);
  o.higher_is_better = false;
  c = compare_at_size(4096, {10, 11, 12}, {20, 21, 22}, o);
  EXPECT_EQ(c.verdict, Verdict::candidate_faster);
}

}  // namespace
}  // namespace crossmem::results
