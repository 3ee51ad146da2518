// The round controller on injected probe sequences: no processes, no clocks.
#include "crossmem/bench/rounds.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <numeric>
#include <set>

#include "crossmem/error.hpp"

namespace crossmem::bench {
namespace {

constexpr double kNear = 60, kFar = 260;

// Plays back one scripted attempt per measure() call and records what the controller did.
class Script : public RoundSource {
 public:
  struct Attempt {
    std::vector<double> probes;
    double seconds = 1;
  };
  explicit Script(std::deque<Attempt> attempts) : attempts_(std::move(attempts)) {}

  RoundMeasure measure(std::span<const std::size_t> order) override {
    orders.emplace_back(order.begin(), order.end());
    if (attempts_.empty()) return {};
    Attempt a = attempts_.front();
    attempts_.pop_front();
    return {a.probes, a.seconds};
  }
  void keep(std::size_t round, bool mixed) override {
    kept.push_back(round);
    mixed_flags.push_back(mixed);
    verdicts += mixed ? 'M' : 'K';
  }
  void discard() override { verdicts += 'D'; }

  std::size_t left() const { return attempts_.size(); }

  std::vector<std::vector<std::size_t>> orders;
  std::vector<std::size_t> kept;
  std::vector<bool> mixed_flags;
  std::string verdicts;

 private:
  std::deque<Attempt> attempts_;
};

Script::Attempt round_of(std::initializer_list<double> probes, double seconds = 1) {
  return {std::vector<double>(probes), seconds};
}
Script::Attempt near() {
  return round_of({kNear, kNear + 4, kNear - 3, kNear + 1});
}
Script::Attempt far() {
  return round_of({kFar, kFar + 10, kFar - 8, kFar + 2});
}
Script::Attempt flip() {  // the host moved the processes between two repetitions of the round
  return round_of({kNear, kNear + 2, kFar, kFar - 5});
}

TEST(RoundOrder, IsACyclicLatinSquare) {
  const std::vector<std::size_t> base{2, 0, 3, 1};
  std::vector<std::vector<std::size_t>> square;
  for (std::size_t r = 0; r < base.size(); ++r) square.push_back(round_order(base, r));
  EXPECT_EQ(square[0], base);
  EXPECT_EQ(square[1], (std::vector<std::size_t>{0, 3, 1, 2}));
  for (std::size_t i = 0; i < base.size(); ++i) {
    std::set<std::size_t> row(square[i].begin(), square[i].end());
    std::set<std::size_t> column;
    for (std::size_t r = 0; r < base.size(); ++r) column.insert(square[r][i]);
    EXPECT_EQ(row.size(), base.size()) << "round " << i;
    EXPECT_EQ(column.size(), base.size()) << "position " << i;
  }
  EXPECT_EQ(round_order(base, base.size()), base);
  EXPECT_TRUE(round_order({}, 3).empty());
}

TEST(RoundController, OneRegimeKeepsEveryRound) {
  Script s({near(), near(), near(), near()});
  RoundController c(make_budget(RegimePolicy::retry, 3, 60));
  GroupOutcome g = c.run_group(s, 4);
  EXPECT_EQ(s.verdicts, "KKK");
  EXPECT_EQ(s.kept, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(g.kept, 3u);
  EXPECT_EQ(g.repeated, 0u);
  EXPECT_EQ(c.repeated(), 0u);
  EXPECT_EQ(s.left(), 1u);
  // The three rounds rotate one shuffled order of the four alternatives.
  ASSERT_EQ(s.orders.size(), 3u);
  EXPECT_EQ(s.orders[1], round_order(s.orders[0], 1));
  EXPECT_EQ(s.orders[2], round_order(s.orders[0], 2));
  std::vector<std::size_t> sorted = s.orders[0];
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<std::size_t>{0, 1, 2, 3}));
}

TEST(RoundController, TwoHomogeneousRegimesAreBothKept) {
  // Each round is in one regime; the run as a whole sees two. Nothing is repeated.
  Script s({near(), far(), near()});
  RoundController c(make_budget(RegimePolicy::retry, 3, 60));
  c.run_group(s, 2);
  EXPECT_EQ(s.verdicts, "KKK");
  EXPECT_EQ(c.repeated(), 0u);
}

TEST(RoundController, AFlipInsideARoundIsMeasuredAgainInTheSameOrder) {
  Script s({near(), round_of({kNear, kNear, kFar, kFar}, 2.5), near(), near()});
  RoundController c(make_budget(RegimePolicy::retry, 3, 60));
  GroupOutcome g = c.run_group(s, 3);
  EXPECT_EQ(s.verdicts, "KDKK");
  EXPECT_EQ(s.kept, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(s.orders[1], s.orders[2]);  // round 1 again
  EXPECT_EQ(g.repeated, 1u);
  EXPECT_DOUBLE_EQ(g.repeated_seconds, 2.5);
  EXPECT_EQ(g.mixed_kept, 0u);
}

TEST(RoundController, ABudgetThatRunsOutKeepsMixedRoundsTagged) {
  // Every round flips: 3 repeats allowed per group, then the rounds are kept as they come.
  Script s({flip(), flip(), flip(), flip(), flip(), flip(), flip()});
  RoundController c(make_budget(RegimePolicy::retry, 3, 60));
  GroupOutcome g = c.run_group(s, 2);
  EXPECT_EQ(s.verdicts, "DDDMMM");
  EXPECT_EQ(g.kept, 3u);
  EXPECT_EQ(g.mixed_kept, 3u);
  EXPECT_EQ(g.repeated, 3u);
  EXPECT_EQ(s.left(), 1u);
}

TEST(RoundController, TheRunWideTimeCapStopsRetriesInLaterGroups) {
  RoundController c(make_budget(RegimePolicy::retry, 2, 5));
  Script first({round_of({kNear, kFar}, 4), round_of({kNear, kFar}, 4), near(), near()});
  c.run_group(first, 2);
  EXPECT_EQ(first.verdicts, "DDKK");  // 4 s, then 8 s: the cap is reached after the second
  EXPECT_DOUBLE_EQ(c.repeated_seconds(), 8);
  Script second({flip(), near()});
  c.run_group(second, 2);
  EXPECT_EQ(second.verdicts, "MK");
  EXPECT_EQ(c.repeated(), 2u);
  EXPECT_EQ(c.kept_per_group(), (std::vector<std::size_t>{2, 2}));
}

TEST(RoundController, AnyKeepsEverythingTagged) {
  Script s({flip(), near(), flip()});
  RoundController c(make_budget(RegimePolicy::any, 3, 60));
  GroupOutcome g = c.run_group(s, 2);
  EXPECT_EQ(s.verdicts, "MKM");
  EXPECT_EQ(s.mixed_flags, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(g.repeated, 0u);
}

TEST(RoundController, EachMeasuresEveryRegimeSeen) {
  RoundController c(make_budget(RegimePolicy::each, 2, 600));
  // The first group sees only the near regime: two rounds are enough.
  Script first({near(), near(), near()});
  c.run_group(first, 2);
  EXPECT_EQ(first.verdicts, "KK");
  // The second starts far: it goes on until it has two near rounds too (a flip is discarded).
  Script second({far(), far(), far(), flip(), near(), near(), near()});
  GroupOutcome g = c.run_group(second, 2);
  EXPECT_EQ(second.verdicts, "KKKDKK");
  EXPECT_EQ(g.kept, 5u);
  EXPECT_EQ(g.repeated, 4u);
  // A third group in the near regime now also wants two far rounds; its budget is 6 rounds beyond
  // the first two.
  Script third({near(), near(), near(), near(), near(), near(), near(), near(), near(), near()});
  GroupOutcome t = c.run_group(third, 2);
  EXPECT_EQ(t.kept, 8u);
  EXPECT_EQ(t.repeated, 6u);
  EXPECT_EQ(third.left(), 2u);
}

TEST(RoundController, NothingMeasurableEndsTheGroup) {
  Script s({near()});
  RoundController c(make_budget(RegimePolicy::retry, 3, 60));
  GroupOutcome g = c.run_group(s, 2);
  EXPECT_EQ(s.verdicts, "KD");
  EXPECT_EQ(g.kept, 1u);
  Script none({});
  EXPECT_EQ(c.run_group(none, 0).kept, 0u);
  EXPECT_TRUE(none.orders.empty());
}

TEST(RoundController, PolicyNames) {
  EXPECT_EQ(parse_regime_policy("each"), RegimePolicy::each);
  EXPECT_EQ(to_string(parse_regime_policy("any")), "any");
  EXPECT_THROW(parse_regime_policy("sometimes"), InvalidInput);
  EXPECT_NE(describe(make_budget(RegimePolicy::retry, 3, 60)).find("at most 3 times"),
            std::string::npos);
  EXPECT_EQ(make_budget(RegimePolicy::each, 3, 60).extra_rounds, 9u);
}

}  // namespace
}  // namespace crossmem::bench
