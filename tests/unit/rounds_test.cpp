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

// The host as a timeline of probe values: every repetition measured takes the next two (before,
// after) and `seconds_per_repetition`. Records what the controller measured and kept.
class Script : public RoundSource {
 public:
  explicit Script(std::deque<double> timeline, double seconds_per_repetition = 0.5)
      : timeline_(std::move(timeline)), seconds_(seconds_per_repetition) {}

  RoundMeasure measure(std::span<const std::size_t> order) override {
    orders.emplace_back(order.begin(), order.end());
    RoundMeasure m;
    for (std::size_t i : order) {
      if (failed.count(i) != 0) continue;
      if (timeline_.size() < 2) break;
      Repetition r{i, timeline_[0], timeline_[1]};
      timeline_.erase(timeline_.begin(), timeline_.begin() + 2);
      m.repetitions.push_back(r);
      held.push_back(r);
      m.seconds += seconds_;
      ++measured;
    }
    return m;
  }
  void keep(std::size_t round, bool mixed, std::span<const std::size_t> chosen) override {
    kept.push_back(round);
    mixed_flags.push_back(mixed);
    verdicts += mixed ? 'M' : 'K';
    std::vector<Repetition> round_kept;
    for (std::size_t k : chosen) round_kept.push_back(held.at(k));
    rounds.push_back(round_kept);
    held.clear();
  }
  void discard() override {
    verdicts += 'D';
    held.clear();
  }

  std::size_t left() const { return timeline_.size() / 2; }
  // The alternatives kept in round `r`, sorted.
  std::vector<std::size_t> alternatives_of(std::size_t r) const {
    std::vector<std::size_t> a;
    for (const Repetition& rep : rounds.at(r)) a.push_back(rep.alternative);
    std::sort(a.begin(), a.end());
    return a;
  }

  std::set<std::size_t> failed;  // alternatives that measure nothing
  std::vector<std::vector<std::size_t>> orders;
  std::vector<std::size_t> kept;
  std::vector<bool> mixed_flags;
  std::vector<std::vector<Repetition>> rounds;  // what each kept round holds
  std::vector<Repetition> held;
  std::string verdicts;
  std::size_t measured = 0;

 private:
  std::deque<double> timeline_;
  double seconds_;
};

// `n` repetitions' worth of probes in one regime (small jitter, well inside a regime).
std::deque<double> in(double regime, std::size_t n) {
  std::deque<double> t;
  for (std::size_t i = 0; i < 2 * n; ++i) t.push_back(regime + static_cast<double>(i % 3));
  return t;
}
std::deque<double> then(std::deque<double> a, const std::deque<double>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
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
  Script s(in(kNear, 16));
  RoundController c(make_budget(RegimePolicy::retry, 3, 60));
  GroupOutcome g = c.run_group(s, 4);
  EXPECT_EQ(s.verdicts, "KKK");
  EXPECT_EQ(s.kept, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(g.kept, 3u);
  EXPECT_EQ(g.repeated, 0u);
  EXPECT_EQ(c.repeated(), 0u);
  EXPECT_EQ(s.left(), 4u);
  // The three rounds rotate one shuffled order of the four alternatives.
  ASSERT_EQ(s.orders.size(), 3u);
  EXPECT_EQ(s.orders[1], round_order(s.orders[0], 1));
  EXPECT_EQ(s.orders[2], round_order(s.orders[0], 2));
  std::vector<std::size_t> sorted = s.orders[0];
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<std::size_t>{0, 1, 2, 3}));
  for (std::size_t r = 0; r < 3; ++r) EXPECT_EQ(s.alternatives_of(r), sorted);
}

TEST(RoundController, TwoHomogeneousRegimesAreBothKept) {
  // Each round is in one regime; the run as a whole sees two. Nothing is repeated.
  Script s(then(then(in(kNear, 2), in(kFar, 2)), in(kNear, 2)));
  RoundController c(make_budget(RegimePolicy::retry, 3, 60));
  c.run_group(s, 2);
  EXPECT_EQ(s.verdicts, "KKK");
  EXPECT_EQ(c.repeated(), 0u);
}

TEST(RoundController, AFlipInsideARoundMeasuresOnlyTheMissingAlternativesAgain) {
  // Round 1: the host moves after the first of three repetitions and stays far; the two
  // repetitions already far are kept and only the first alternative is measured again.
  Script s(then(then(in(kNear, 3), in(kNear, 1)), in(kFar, 3 + 3)));
  RoundController c(make_budget(RegimePolicy::retry, 3, 60));
  GroupOutcome g = c.run_group(s, 3);
  EXPECT_EQ(s.verdicts, "KKK");
  ASSERT_EQ(s.orders.size(), 4u);
  EXPECT_EQ(s.orders[2], (std::vector<std::size_t>{s.orders[1][0]}));  // only the near one again
  EXPECT_EQ(s.orders[3], round_order(s.orders[0], 2));
  EXPECT_EQ(g.repeated, 1u);
  EXPECT_DOUBLE_EQ(g.repeated_seconds, 0.5);
  EXPECT_EQ(g.mixed_kept, 0u);
  for (const Repetition& r : s.rounds[1]) EXPECT_GE(r.before_ns, kFar) << r.alternative;
  EXPECT_EQ(s.alternatives_of(1), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(RoundController, ARoundIsCompletedInWhicheverRegimeComesBack) {
  // Three alternatives a, b, c in round order: a near, b far, c near. The host is near, so b is
  // measured again: far once more (the host moved), so the far regime now wants a and c; a is
  // measured near (the host is back), and now near lacks only b, measured near: the round is
  // a (again), b (third), c (first), all near, after three repetitions measured again.
  std::deque<double> t = then(then(in(kNear, 1), in(kFar, 1)), in(kNear, 1));
  t = then(then(t, in(kFar, 1)), in(kNear, 2));
  Script s(then(t, in(kNear, 6)));
  RoundController c(make_budget(RegimePolicy::retry, 2, 60));
  GroupOutcome g = c.run_group(s, 3);
  EXPECT_EQ(s.verdicts, "KK");
  ASSERT_GE(s.orders.size(), 4u);
  const auto& first = s.orders[0];
  EXPECT_EQ(s.orders[1], (std::vector<std::size_t>{first[1]}));
  EXPECT_EQ(s.orders[2], (std::vector<std::size_t>{first[0]}));
  EXPECT_EQ(s.orders[3], (std::vector<std::size_t>{first[1]}));
  EXPECT_EQ(g.repeated, 3u);
  ASSERT_EQ(s.rounds[0].size(), 3u);
  for (const Repetition& r : s.rounds[0]) {
    EXPECT_LT(r.before_ns, kFar) << r.alternative;
    EXPECT_LT(r.after_ns, kFar) << r.alternative;
  }
  EXPECT_EQ(s.alternatives_of(0), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(RoundController, ABudgetThatRunsOutKeepsMixedRoundsTagged) {
  // Every repetition straddles a move (probes near, then far): no regime ever holds one. The
  // group may measure 3 rounds' worth (6) of repetitions again, then keeps what it has.
  std::deque<double> t;
  for (int i = 0; i < 20; ++i) t.insert(t.end(), {kNear, kFar});
  Script s(t);
  RoundController c(make_budget(RegimePolicy::retry, 3, 60));
  GroupOutcome g = c.run_group(s, 2);
  EXPECT_EQ(s.verdicts, "MMM");
  EXPECT_EQ(g.kept, 3u);
  EXPECT_EQ(g.mixed_kept, 3u);
  EXPECT_EQ(g.repeated, 6u);
  EXPECT_EQ(s.measured, 3u * 2u + 6u);
  for (std::size_t r = 0; r < 3; ++r)
    EXPECT_EQ(s.alternatives_of(r), (std::vector<std::size_t>{0, 1}));
}

TEST(RoundController, OutOfBudgetKeepsTheRegimeHoldingMostAlternatives) {
  // Four alternatives: three near, the last far, then the host stays far: the three are measured
  // again far and the round is complete in the far regime, within the budget (one round's worth:
  // 4 repetitions).
  Script complete(then(in(kNear, 3), in(kFar, 1 + 3 + 8)));
  RoundController c(make_budget(RegimePolicy::retry, 1, 60));
  EXPECT_EQ(c.run_group(complete, 4).repeated, 3u);
  EXPECT_EQ(complete.verdicts, "K");
  // Now the host flips on every repetition measured again: the budget runs out with near holding
  // three alternatives and far two; near's three are kept with the last alternative's latest.
  std::deque<double> t = then(in(kNear, 3), in(kFar, 1));
  for (int i = 0; i < 2; ++i) t = then(then(t, in(kFar, 1)), in(kNear, 1));
  Script flips(then(t, in(kNear, 4)));
  RoundController d(make_budget(RegimePolicy::retry, 1, 60));
  GroupOutcome g = d.run_group(flips, 4);
  EXPECT_EQ(flips.verdicts, "M");
  EXPECT_EQ(g.repeated, 4u);
  std::size_t near_kept = 0;
  for (const Repetition& r : flips.rounds[0]) near_kept += r.before_ns < kFar ? 1 : 0;
  EXPECT_EQ(near_kept, 3u);
  EXPECT_EQ(flips.alternatives_of(0), (std::vector<std::size_t>{0, 1, 2, 3}));
}

TEST(RoundController, TheRunWideTimeCapIsCheckedBeforeEveryRepetitionMeasuredAgain) {
  // 2 s per repetition, a 5 s cap: the third repetition measured again starts at 4 s and is the
  // last (6 s); the cap is overshot by at most one repetition.
  std::deque<double> t = then(in(kNear, 1), in(kFar, 1));
  for (int i = 0; i < 3; ++i) t = then(t, std::deque<double>{kNear, kFar});
  Script first(then(t, in(kNear, 8)), 2.0);
  RoundController c(make_budget(RegimePolicy::retry, 2, 5));
  GroupOutcome g = c.run_group(first, 2);
  EXPECT_EQ(first.verdicts, "MK");
  EXPECT_EQ(g.repeated, 3u);
  EXPECT_DOUBLE_EQ(c.repeated_seconds(), 6);
  // A later group is past the cap: its mixed round is kept at once.
  Script second(then(then(in(kNear, 1), in(kFar, 1)), in(kNear, 2)));
  c.run_group(second, 2);
  EXPECT_EQ(second.verdicts, "MK");
  EXPECT_EQ(c.repeated(), 3u);
  EXPECT_EQ(c.kept_per_group(), (std::vector<std::size_t>{2, 2}));
}

TEST(RoundController, AnyKeepsEverythingTagged) {
  std::deque<double> flip = then(in(kNear, 1), in(kFar, 1));
  Script s(then(then(flip, in(kNear, 2)), flip));
  RoundController c(make_budget(RegimePolicy::any, 3, 60));
  GroupOutcome g = c.run_group(s, 2);
  EXPECT_EQ(s.verdicts, "MKM");
  EXPECT_EQ(s.mixed_flags, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(g.repeated, 0u);
  EXPECT_EQ(s.measured, 6u);
}

TEST(RoundController, EachMeasuresEveryRegimeSeen) {
  RoundController c(make_budget(RegimePolicy::each, 2, 600));
  // The first group sees only the near regime: two rounds are enough.
  Script first(in(kNear, 6));
  c.run_group(first, 2);
  EXPECT_EQ(first.verdicts, "KK");
  // The second starts far: it goes on until it has two near rounds too. A round beyond the
  // first two that flips is completed in the regime that comes back.
  std::deque<double> t = then(in(kFar, 6), then(in(kNear, 1), in(kFar, 1)));
  Script second(then(then(t, in(kNear, 1)), in(kNear, 10)));
  GroupOutcome g = c.run_group(second, 2);
  EXPECT_EQ(second.verdicts, "KKKKK");
  EXPECT_EQ(g.kept, 5u);
  EXPECT_EQ(g.repeated, 2u + (2u + 2u) + 2u);  // rounds 3-5 (2 each), two measured again
  // A third group in the near regime now also wants two far rounds; its budget is 6 rounds'
  // worth (12 repetitions) beyond the first two rounds.
  Script third(in(kNear, 40));
  GroupOutcome t3 = c.run_group(third, 2);
  EXPECT_EQ(t3.kept, 8u);
  EXPECT_EQ(t3.repeated, 12u);
}

TEST(RoundController, NothingMeasurableEndsTheGroup) {
  Script s(in(kNear, 3));
  RoundController c(make_budget(RegimePolicy::retry, 3, 60));
  GroupOutcome g = c.run_group(s, 2);
  EXPECT_EQ(s.verdicts, "KKD");  // the second round has one repetition; then nothing
  EXPECT_EQ(g.kept, 2u);
  Script none({});
  EXPECT_EQ(c.run_group(none, 0).kept, 0u);
  EXPECT_TRUE(none.orders.empty());
}

TEST(RoundController, AnAlternativeThatFailsLeavesTheRoundToTheOthers) {
  // Alternative 1 fails from the start: rounds hold alternative 0 alone and nothing is repeated
  // on its account.
  Script s(in(kNear, 4));
  s.failed = {1};
  RoundController c(make_budget(RegimePolicy::retry, 2, 60));
  GroupOutcome g = c.run_group(s, 2);
  EXPECT_EQ(s.verdicts, "KK");
  EXPECT_EQ(g.repeated, 0u);
  EXPECT_EQ(s.alternatives_of(0), (std::vector<std::size_t>{0}));
}

TEST(RoundController, RepetitionsWithoutProbesFitEveryRegime) {
  Script s({0, 0, kNear, kNear, 0, 0, kFar, kFar});
  RoundController c(make_budget(RegimePolicy::retry, 2, 60));
  GroupOutcome g = c.run_group(s, 2);
  EXPECT_EQ(s.verdicts, "KK");
  EXPECT_EQ(g.repeated, 0u);
}

TEST(RoundController, PolicyNames) {
  EXPECT_EQ(parse_regime_policy("each"), RegimePolicy::each);
  EXPECT_EQ(to_string(parse_regime_policy("any")), "any");
  EXPECT_THROW(parse_regime_policy("sometimes"), InvalidInput);
  EXPECT_NE(describe(make_budget(RegimePolicy::retry, 3, 60)).find("at most 3 rounds' worth"),
            std::string::npos);
  EXPECT_EQ(make_budget(RegimePolicy::each, 3, 60).extra_rounds, 9u);
}

}  // namespace
}  // namespace crossmem::bench
