#include "crossmem/bench/rounds.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>

#include "crossmem/error.hpp"
#include "crossmem/stats/regime.hpp"
#include "crossmem/stats/summary.hpp"

namespace crossmem::bench {

std::string_view to_string(RegimePolicy policy) {
  switch (policy) {
    case RegimePolicy::retry:
      return "retry";
    case RegimePolicy::any:
      return "any";
    case RegimePolicy::each:
      return "each";
  }
  return "retry";
}

RegimePolicy parse_regime_policy(const std::string& text) {
  for (RegimePolicy p : {RegimePolicy::retry, RegimePolicy::any, RegimePolicy::each}) {
    if (text == to_string(p)) return p;
  }
  throw InvalidInput("--regime takes retry, any or each, not '" + text + "'");
}

std::vector<std::size_t> round_order(std::span<const std::size_t> base, std::size_t round) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < base.size(); ++i) order.push_back(base[(i + round) % base.size()]);
  return order;
}

RoundBudget make_budget(RegimePolicy policy, std::size_t rounds, double seconds) {
  RoundBudget b;
  b.policy = policy;
  b.rounds = rounds;
  b.extra_rounds = policy == RegimePolicy::each ? 3 * rounds : rounds;
  b.seconds = seconds;
  return b;
}

std::string describe(const RoundBudget& b) {
  char text[512];
  switch (b.policy) {
    case RegimePolicy::any:
      std::snprintf(text, sizeof text,
                    "%zu rounds per group, none repeated; rounds whose probes saw more than one "
                    "regime are kept and tagged mixed_round",
                    b.rounds);
      break;
    case RegimePolicy::retry:
      std::snprintf(
          text, sizeof text,
          "%zu rounds per group; a round whose probes saw more than one regime is "
          "completed in one regime by measuring again, one repetition at a time, the "
          "alternatives it lacks in the host's current regime, at most %zu rounds' "
          "worth of repetitions per group and until repetitions measured again have taken %g s "
          "in the run; then it is kept and tagged mixed_round",
          b.rounds, b.extra_rounds, b.seconds);
      break;
    case RegimePolicy::each:
      std::snprintf(text, sizeof text,
                    "%zu rounds per group and as many in every regime seen homogeneous in the "
                    "run; mixed rounds completed in one regime by measuring again the "
                    "alternatives they lack; at most %zu rounds' worth of repetitions beyond "
                    "%zu rounds per group and %g s of them in the run",
                    b.rounds, b.extra_rounds, b.rounds, b.seconds);
      break;
  }
  return text;
}

RoundController::RoundController(RoundBudget budget, std::uint64_t seed)
    : budget_(budget), rng_(seed) {}

bool RoundController::homogeneous(std::span<const double> probes) const {
  return stats::classify(probes, budget_.gap).size() <= 1;
}

bool RoundController::budget_left(std::size_t group_repeated, std::size_t alternatives) const {
  return group_repeated < budget_.extra_rounds * alternatives &&
         repeated_seconds_ < budget_.seconds;
}

bool RoundController::regimes_missing(std::span<const double> group_round_medians) const {
  auto regimes = stats::classify(all_probes_, budget_.gap);
  if (regimes.empty()) return false;
  std::set<std::size_t> seen;
  for (double m : homogeneous_medians_) seen.insert(stats::regime_of(regimes, m));
  std::vector<std::size_t> have(regimes.size(), 0);
  for (double m : group_round_medians) ++have[stats::regime_of(regimes, m)];
  for (std::size_t r : seen) {
    if (have[r] < budget_.rounds) return true;
  }
  return false;
}

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

bool probed(double v) {
  return std::isfinite(v) && v > 0;
}

// Whether both probes of `r` (those it has) fall into regime `c`.
bool in_regime(std::span<const stats::Regime> regimes, const Repetition& r, std::size_t c) {
  for (double v : {r.before_ns, r.after_ns}) {
    if (probed(v) && stats::regime_of(regimes, v) != c) return false;
  }
  return true;
}

// Per wanted alternative: the latest held repetition in regime `c`, or kNone.
std::vector<std::size_t> cover(std::span<const stats::Regime> regimes,
                               std::span<const Repetition> held,
                               std::span<const std::size_t> wanted, std::size_t c) {
  std::vector<std::size_t> pick(wanted.size(), kNone);
  for (std::size_t k = 0; k < held.size(); ++k) {
    auto it = std::find(wanted.begin(), wanted.end(), held[k].alternative);
    if (it != wanted.end() && in_regime(regimes, held[k], c))
      pick[static_cast<std::size_t>(it - wanted.begin())] = k;
  }
  return pick;
}

std::size_t covered(std::span<const std::size_t> pick) {
  return static_cast<std::size_t>(
      std::count_if(pick.begin(), pick.end(), [](std::size_t k) { return k != kNone; }));
}

}  // namespace

RoundController::Completed RoundController::complete_round(RoundSource& source,
                                                           std::span<const std::size_t> order,
                                                           bool base_round, GroupOutcome& out) {
  std::vector<Repetition> held;  // every repetition measured for the round, numbered as held
  std::vector<double> probes;    // their probes, in the order taken
  auto take = [&](const RoundMeasure& m, bool again) {
    for (const Repetition& r : m.repetitions) {
      held.push_back(r);
      for (double v : {r.before_ns, r.after_ns}) {
        if (!probed(v)) continue;
        probes.push_back(v);
        all_probes_.push_back(v);
      }
    }
    if (!again) return;
    out.repeated += m.repetitions.size();
    out.repeated_seconds += m.seconds;
    repeated_seconds_ += m.seconds;
  };
  Completed done;
  RoundMeasure first = source.measure(order);
  if (first.repetitions.empty()) return done;
  done.measured = true;
  take(first, !base_round);
  std::vector<std::size_t> wanted;  // the alternatives still measurable, in round order
  for (const Repetition& r : first.repetitions) wanted.push_back(r.alternative);
  const std::size_t first_count = first.repetitions.size();

  auto finish = [&](std::vector<std::size_t> chosen) {
    std::vector<double> kept;
    for (std::size_t k : chosen) {
      for (double v : {held[k].before_ns, held[k].after_ns}) {
        if (probed(v)) kept.push_back(v);
      }
    }
    done.homogeneous = homogeneous(kept);
    done.median_ns = kept.empty() ? 0 : stats::median(kept);
    done.chosen = std::move(chosen);
    return done;
  };

  std::vector<stats::Regime> regimes;           // of the round's probes so far
  std::size_t current = 0;                      // the regime of the latest probe
  std::vector<std::vector<std::size_t>> picks;  // per regime: cover()
  while (!wanted.empty()) {
    if (probes.empty()) {  // no probe at all: nothing tells the regimes apart
      std::vector<std::size_t> all(first_count);
      std::iota(all.begin(), all.end(), 0);
      return finish(all);
    }
    regimes = stats::classify(probes, budget_.gap);
    current = stats::regime_of(regimes, probes.back());
    picks.clear();
    for (std::size_t c = 0; c < regimes.size(); ++c) {
      picks.push_back(cover(regimes, held, wanted, c));
    }
    // A regime that holds every alternative completes the round, the current one first.
    for (std::size_t step = 0; step < regimes.size(); ++step) {
      const auto& pick = picks[(current + step) % regimes.size()];
      if (covered(pick) == wanted.size()) return finish(pick);
    }
    if (budget_.policy == RegimePolicy::any || !budget_left(out.repeated, order.size())) break;
    // Measure again the first alternative lacking a repetition in the current regime.
    const auto& pick = picks[current];
    const std::size_t alternative =
        wanted[static_cast<std::size_t>(std::find(pick.begin(), pick.end(), kNone) - pick.begin())];
    RoundMeasure again = source.measure(std::span<const std::size_t>(&alternative, 1));
    take(again, true);
    if (again.repetitions.empty()) {  // it fails now: the round goes on without it
      wanted.erase(std::find(wanted.begin(), wanted.end(), alternative));
    }
  }
  if (!base_round) return done;  // each: a round beyond `rounds` that could not be completed
  std::vector<std::size_t> chosen;
  if (budget_.policy == RegimePolicy::any || probes.empty() || wanted.empty()) {
    for (std::size_t k = 0; k < first_count; ++k) chosen.push_back(k);
    return finish(chosen);
  }
  // Out of budget (the loop ended at its break, so `picks` covers `wanted` as it is): per
  // alternative, its repetition in the regime that holds the most alternatives (the current one
  // on a tie), else its latest.
  std::vector<std::size_t> best = picks[current];
  for (const auto& pick : picks) {
    if (covered(pick) > covered(best)) best = pick;
  }
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (best[i] == kNone) {
      for (std::size_t k = 0; k < held.size(); ++k) {
        if (held[k].alternative == wanted[i]) best[i] = k;
      }
    }
    chosen.push_back(best[i]);
  }
  return finish(chosen);
}

GroupOutcome RoundController::run_group(RoundSource& source, std::size_t alternatives) {
  std::vector<std::size_t> base(alternatives);
  std::iota(base.begin(), base.end(), 0);
  std::shuffle(base.begin(), base.end(), rng_);
  GroupOutcome out;
  std::vector<double> group_medians;  // median probe of each homogeneous round kept here
  while (alternatives > 0) {
    const bool base_round = out.kept < budget_.rounds;
    if (!base_round) {
      if (budget_.policy != RegimePolicy::each || !regimes_missing(group_medians) ||
          !budget_left(out.repeated, alternatives)) {
        break;
      }
    }
    const auto order = round_order(base, out.kept);
    Completed round = complete_round(source, order, base_round, out);
    if (round.chosen.empty()) {
      source.discard();
      if (!round.measured) break;
      continue;
    }
    if (round.homogeneous) {
      homogeneous_medians_.push_back(round.median_ns);
      group_medians.push_back(round.median_ns);
    } else {
      ++out.mixed_kept;
    }
    source.keep(out.kept++, !round.homogeneous, round.chosen);
  }
  repeated_ += out.repeated;
  kept_per_group_.push_back(out.kept);
  return out;
}

}  // namespace crossmem::bench
