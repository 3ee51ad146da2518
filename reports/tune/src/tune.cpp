#include "tune.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

#include "crossmem/mpi_stacks.hpp"
#include "crossmem/results/name.hpp"
#include "crossmem/schema/fields.hpp"

namespace crossmem::tune {

namespace {

using results::Summary;
using results::Verdict;

constexpr const char* kBaseline = "shm-copy";
constexpr const char* kCandidate = "cma-read";

std::string gbps(double bytes_per_second) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f GB/s", bytes_per_second / 1e9);
  return buf;
}

std::uint64_t pow2_ceil(std::uint64_t v) {
  std::uint64_t p = 1;
  while (p < v && p < (std::uint64_t{1} << 62)) p <<= 1;
  return p;
}

std::uint64_t pow2_floor(std::uint64_t v) {
  std::uint64_t p = 1;
  while (p <= v / 2) p <<= 1;
  return p;
}

bool parse_u64(const std::string& text, std::uint64_t& out) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
  out = std::stoull(text);
  return true;
}

double median_bandwidth(const Summary& s) {
  return s.spread(schema::field::bytes_per_second).median;
}

// Every series (tunable set) of one strategy in one group: tunables -> size -> summary.
using Series =
    std::map<std::map<std::string, std::string>, std::map<std::uint64_t, const Summary*>>;

Series series_of(const std::vector<Summary>& summaries, const results::GroupKey& group,
                 const std::string& strategy) {
  Series out;
  for (const auto& s : summaries) {
    if (s.axes.strategy != strategy || results::group_of(s.source, s.axes, s.regime_ns) != group)
      continue;
    out[s.axes.tunables][s.axes.size_bytes] = &s;
  }
  return out;
}

// The series of a single-copy strategy the tuner compares: the one with one segment on each side
// (what an MPI library's single get/put does) when present, else the first.
const Series::value_type* pick_single_copy_series(const Series& series) {
  if (series.empty()) return nullptr;
  for (const auto& entry : series) {
    bool plain = true;
    for (const auto& [name, value] : entry.first) {
      if ((name == "segments" || name == "remote_segments") && value != "1") plain = false;
    }
    if (plain) return &entry;
  }
  return &*series.begin();
}

struct GroupChoice {
  results::GroupKey group;
  std::size_t sizes = 0;
};

// Preference order for the group: pages:4k, cache:hot, fresh:0, not smt, most sizes, first.
auto preference(const GroupChoice& c) {
  return std::make_tuple(c.group.pages == "4k", c.group.cache == "hot", !c.group.fresh,
                         c.group.placement != "smt", c.sizes);
}

std::string size_range(const std::vector<std::uint64_t>& sizes) {
  if (sizes.empty()) return "no sizes";
  std::string r = results::format_size(sizes.front());
  if (sizes.size() > 1) r += ".." + results::format_size(sizes.back());
  return r;
}

void choose_baseline(const Series& shm, Analysis& a) {
  std::set<std::uint64_t> fragments;
  for (const auto& [tunables, sizes] : shm) {
    auto it = tunables.find("fragment");
    std::uint64_t f = 0;
    if (it != tunables.end() && parse_u64(it->second, f)) fragments.insert(f);
  }
  a.fragments.assign(fragments.begin(), fragments.end());

  // Sizes every series measured; the pipeline's fragment matters for large messages, so the
  // score uses sizes >= 64 KiB when there are any.
  std::set<std::uint64_t> common;
  bool first = true;
  for (const auto& [tunables, sizes] : shm) {
    std::set<std::uint64_t> mine;
    for (const auto& [size, summary] : sizes) mine.insert(size);
    if (first) {
      common = mine;
      first = false;
    } else {
      std::set<std::uint64_t> both;
      std::set_intersection(common.begin(), common.end(), mine.begin(), mine.end(),
                            std::inserter(both, both.begin()));
      common = both;
    }
  }
  std::vector<std::uint64_t> scored;
  for (auto s : common) {
    if (s >= 65536) scored.push_back(s);
  }
  if (scored.empty()) scored.assign(common.begin(), common.end());

  struct Score {
    const Series::value_type* series;
    double geomean;
  };
  std::vector<Score> scores;
  for (const auto& entry : shm) {
    double log_sum = 0;
    std::size_t n = 0;
    for (auto size : scored) {
      double bw = median_bandwidth(*entry.second.at(size));
      if (std::isfinite(bw) && bw > 0) {
        log_sum += std::log(bw);
        ++n;
      }
    }
    scores.push_back({&entry, n ? std::exp(log_sum / static_cast<double>(n)) : 0.0});
  }
  auto best = std::max_element(scores.begin(), scores.end(), [](const Score& x, const Score& y) {
    return x.geomean < y.geomean;
  });
  a.baseline_tunables = best->series->first;

  if (a.fragments.size() < 2 || scored.empty()) {
    a.fragment_reason = "no fragment sweep in the input";
    return;
  }
  std::uint64_t best_fragment = 0;
  parse_u64(best->series->first.at("fragment"), best_fragment);
  a.best_fragment = best_fragment;
  std::string others;
  for (const auto& s : scores) {
    if (&s == &*best) continue;
    others += (others.empty() ? "" : ", ") + results::format_tunables(s.series->first) + " " +
              gbps(s.geomean);
  }
  a.fragment_reason = "shm-copy with " + results::format_tunables(best->series->first) +
                      " has the highest geometric-mean bandwidth over " + size_range(scored) +
                      " (" + gbps(best->geomean) + "; " + others + ") in " + a.group_text;
}

void judge_large_sizes(const std::vector<results::SizeComparison>& sizes, Analysis& a) {
  std::vector<const results::SizeComparison*> decided;
  for (const auto& c : sizes) {
    if (c.verdict != Verdict::undecided) decided.push_back(&c);
  }
  if (decided.empty()) {
    a.large_reason = "no compared size is decided between cma-read and shm-copy";
    if (!sizes.empty() && !sizes.back().note.empty()) {
      a.large_reason +=
          " (at " + results::format_size(sizes.back().size_bytes) + ": " + sizes.back().note + ")";
    }
    return;
  }
  Verdict top = decided.back()->verdict;
  std::size_t run = 0;
  for (auto it = decided.rbegin(); it != decided.rend() && (*it)->verdict == top; ++it) ++run;
  const auto& last = *decided.back();
  const auto& from = *decided[decided.size() - run];
  std::string who = top == Verdict::candidate_faster ? "cma-read faster than shm-copy"
                                                     : "shm-copy faster than cma-read";
  std::string where = run == 1 ? "at " + results::format_size(last.size_bytes)
                               : "at the " + std::to_string(run) + " largest decided sizes (" +
                                     results::format_size(from.size_bytes) + ".." +
                                     results::format_size(last.size_bytes) + ")";
  std::string numbers = "; at " + results::format_size(last.size_bytes) + ": cma-read " +
                        gbps(last.candidate.median) + ", shm-copy " + gbps(last.baseline.median) +
                        " (medians)";
  results::CrossoverOptions defaults;
  if (run < defaults.min_run) {
    a.large_reason = "inconclusive at large sizes: " + who + " only " + where + numbers;
    return;
  }
  a.large_winner =
      top == Verdict::candidate_faster ? LargeWinner::single_copy : LargeWinner::double_copy;
  a.large_reason = who + " " + where + numbers;
}

void compare_write_read(const Series& reads, const Series& writes, Analysis& a) {
  const auto* read = pick_single_copy_series(reads);
  const auto* write = pick_single_copy_series(writes);
  if (!read || !write) {
    a.write_vs_read_reason = "cma-write and cma-read are not both measured";
    return;
  }
  results::CrossoverOptions options;
  std::size_t write_wins = 0, read_wins = 0, undecided = 0;
  std::vector<std::uint64_t> compared;
  for (const auto& [size, w] : write->second) {
    auto r = read->second.find(size);
    if (size < 1048576 || r == read->second.end()) continue;
    compared.push_back(size);
    auto c = results::compare_at_size(size,
                                      w->samples.count(schema::field::bytes_per_second)
                                          ? w->samples.at(schema::field::bytes_per_second)
                                          : std::vector<double>{},
                                      r->second->samples.count(schema::field::bytes_per_second)
                                          ? r->second->samples.at(schema::field::bytes_per_second)
                                          : std::vector<double>{},
                                      options);
    if (c.verdict == Verdict::candidate_faster) ++write_wins;
    if (c.verdict == Verdict::baseline_faster) ++read_wins;
    if (c.verdict == Verdict::undecided) ++undecided;
  }
  if (compared.empty()) {
    a.write_vs_read_reason = "cma-write and cma-read share no size >= 1 MiB";
    return;
  }
  std::string tally = std::to_string(write_wins) + " of " + std::to_string(compared.size()) +
                      " sizes in " + size_range(compared) + " favour cma-write, " +
                      std::to_string(read_wins) + " cma-read, " + std::to_string(undecided) +
                      " undecided";
  if (write_wins >= options.min_run && read_wins == 0) {
    a.write_vs_read = Verdict::candidate_faster;
  } else if (read_wins >= options.min_run && write_wins == 0) {
    a.write_vs_read = Verdict::baseline_faster;
  }
  a.write_vs_read_reason = tally;
}

}  // namespace

std::uint64_t vader_eager_limit(std::uint64_t estimate_bytes) {
  return std::clamp(pow2_ceil(estimate_bytes), kVaderFragmentMin, kVaderFragmentMax);
}

std::uint64_t vader_max_send_size(std::uint64_t bytes, std::uint64_t eager_limit) {
  std::uint64_t room = kVaderFragmentSumMax > eager_limit ? kVaderFragmentSumMax - eager_limit : 0;
  std::uint64_t cap = std::min(kVaderFragmentMax, room);
  std::uint64_t v = pow2_floor(std::max<std::uint64_t>(bytes, 1));
  while (v > cap && v > kVaderFragmentMin) v >>= 1;
  return std::max(v, kVaderFragmentMin);
}

bool is_default_kept(const results::TunedSetting& setting) {
  return setting.reason.rfind(kDefaultKept, 0) == 0;
}

namespace {

// The ping-pong groups with shm-copy, by preference; among the regimes of the preferred conditions,
// every known one (or the unknown one of older results), most repetitions first.
std::vector<results::GroupKey> preferred_groups(const std::vector<Summary>& summaries,
                                                std::string& no_group_reason) {
  std::map<results::GroupKey, std::set<std::uint64_t>> candidates;
  std::map<results::GroupKey, std::size_t> repetitions;
  for (const auto& s : summaries) {
    if (s.axes.workload != "pingpong" || s.axes.procs != 2 || s.axes.strategy != kBaseline)
      continue;
    if (s.regime_ns == results::kUnstableRegime) continue;
    auto key = results::group_of(s.source, s.axes, s.regime_ns);
    candidates[key].insert(s.axes.size_bytes);
    repetitions[key] += s.repetitions;
  }
  if (candidates.empty()) {
    no_group_reason = "no pingpong results of shm-copy with 2 processes in the input";
    return {};
  }
  // The conditions (group without regime) with the most sizes over any regime.
  std::map<results::GroupKey, std::size_t> sizes_of;
  for (const auto& [group, sizes] : candidates) {
    auto& n = sizes_of[results::without_regime(group)];
    n = std::max(n, sizes.size());
  }
  std::vector<GroupChoice> choices;
  for (const auto& [group, n] : sizes_of) choices.push_back({group, n});
  // Stable: among equals, the first group (first input) wins.
  auto best = choices.begin();
  for (auto it = choices.begin(); it != choices.end(); ++it) {
    if (preference(*it) > preference(*best) ||
        (preference(*it) == preference(*best) && it->group.source < best->group.source)) {
      best = it;
    }
  }
  std::vector<results::GroupKey> out;
  for (const auto& [group, sizes] : candidates) {
    if (results::without_regime(group) == best->group) out.push_back(group);
  }
  std::stable_sort(out.begin(), out.end(),
                   [&](const auto& x, const auto& y) { return repetitions[x] > repetitions[y]; });
  return out;
}

}  // namespace

Analysis analyze(const results::Results& results) {
  auto all = analyze_regimes(results);
  return all.front();
}

std::vector<Analysis> analyze_regimes(const results::Results& results) {
  auto summaries = results::summarize(results);
  std::string no_group;
  std::vector<results::GroupKey> groups = preferred_groups(summaries, no_group);
  if (groups.empty()) {
    Analysis a;
    a.no_group_reason = no_group;
    return {a};
  }
  std::vector<Analysis> out;
  for (const auto& group : groups) out.push_back(analyze_group(results, summaries, group));
  return out;
}

Analysis analyze_group(const results::Results& results, const std::vector<Summary>& summaries,
                       const results::GroupKey& group) {
  Analysis a;
  a.have_group = true;
  a.group = group;
  a.group_text = results::format_group(a.group) + " of " + results.sources[a.group.source].label;

  Series shm = series_of(summaries, a.group, kBaseline);
  choose_baseline(shm, a);

  Series cma = series_of(summaries, a.group, kCandidate);
  const auto* cma_series = pick_single_copy_series(cma);
  a.cma_measured = cma_series != nullptr;
  if (!a.cma_measured) {
    for (const auto& skip : results.skips) {
      if (skip.axes.strategy == kCandidate && skip.source == a.group.source && skip.unsupported) {
        a.cma_unsupported = skip.reason;
        if (!skip.remedy.empty()) a.cma_unsupported += " (remedy: " + skip.remedy + ")";
        break;
      }
    }
    for (const auto& info : results.sources[a.group.source].strategies) {
      if (a.cma_unsupported.empty() && info.name == kCandidate && !info.available) {
        a.cma_unsupported = info.reason.empty() ? "listed as unavailable" : info.reason;
        if (!info.remedy.empty()) a.cma_unsupported += " (remedy: " + info.remedy + ")";
      }
    }
    a.large_reason = a.cma_unsupported.empty() ? "no cma-read results in " + a.group_text
                                               : "cma-read unsupported here: " + a.cma_unsupported;
    a.crossover_reason = a.large_reason;
    return a;
  }

  const auto& largest = *cma_series->second.rbegin();
  a.cma_bandwidth = median_bandwidth(*largest.second);
  a.cma_bandwidth_size = largest.first;

  results::CrossoverOptions options;
  options.baseline = kBaseline;
  options.candidates = {kCandidate};
  std::vector<results::Crossover> records;
  for (auto& rec : results::find_crossovers(results, options)) {
    if (rec.group == a.group && rec.tunables == cma_series->first &&
        rec.baseline_tunables == a.baseline_tunables) {
      records.push_back(std::move(rec));
    }
  }
  if (records.empty() || records.front().sizes.empty()) {
    a.large_reason = "cma-read and shm-copy share no size in " + a.group_text;
    a.crossover_reason = a.large_reason;
  } else {
    judge_large_sizes(records.front().sizes, a);
    const results::Crossover* last_boundary = nullptr;
    for (const auto& rec : records) {
      if (rec.direction != results::Direction::none) last_boundary = &rec;
    }
    if (last_boundary == nullptr) {
      a.crossover_reason =
          std::string(results::to_string(records.front().status)) + ": " + records.front().reason;
    } else if (last_boundary->direction == results::Direction::overtakes) {
      a.overtakes = *last_boundary;
      a.crossover_found = last_boundary->status == results::CrossoverStatus::found;
      a.crossover_reason = a.crossover_found ? last_boundary->reason
                                             : "inconclusive crossover: " + last_boundary->reason;
    } else {
      a.crossover_reason =
          "cma-read falls behind shm-copy again at large sizes: " + last_boundary->reason;
    }
  }

  compare_write_read(cma, series_of(summaries, a.group, "cma-write"), a);
  return a;
}

namespace {

std::string kept(const std::string& default_text, const std::string& why) {
  return std::string(kDefaultKept) + default_text + "; " + why;
}

// What the measurements decide, once for every stack; each stack's parameters follow from it by
// the rules of crossmem/mpi_stacks.hpp.
struct Decision {
  enum class Mechanism { cma, none, unknown };
  Mechanism mech = Mechanism::unknown;
  std::string mech_reason;
  std::optional<std::uint64_t> threshold;  // first size for single copy, power of two
  std::string threshold_reason;
  std::uint64_t vader_eager = kVaderEagerDefault;
  std::string vader_eager_reason;
  std::uint64_t vader_max_send = kVaderMaxSendDefault;
  std::string max_send_reason;
};

Decision decide(const Analysis& a) {
  using Mechanism = Decision::Mechanism;
  Decision d;
  if (!a.have_group) {
    d.mech_reason = a.no_group_reason;
  } else if (!a.cma_measured) {
    d.mech = a.cma_unsupported.empty() ? Mechanism::unknown : Mechanism::none;
    d.mech_reason = a.large_reason;
  } else {
    d.mech = a.large_winner == LargeWinner::single_copy   ? Mechanism::cma
             : a.large_winner == LargeWinner::double_copy ? Mechanism::none
                                                          : Mechanism::unknown;
    d.mech_reason = a.large_reason + " in " + a.group_text;
  }

  if (d.mech == Mechanism::cma && a.crossover_found && a.overtakes) {
    d.threshold = pow2_ceil(a.overtakes->estimate_bytes);
    d.threshold_reason = "cma-read overtakes shm-copy between " +
                         results::format_size(a.overtakes->lower_bytes) + " and " +
                         results::format_size(a.overtakes->upper_bytes) + " (estimate " +
                         results::format_size(a.overtakes->estimate_bytes) + ") in " + a.group_text;
  } else if (d.mech == Mechanism::cma) {
    d.threshold_reason = "no crossover to set it from: " + a.crossover_reason;
  } else if (d.mech == Mechanism::none) {
    d.threshold_reason = "single copy is not used (" + d.mech_reason + ")";
  } else {
    d.threshold_reason = "whether single copy wins is not established: " + d.mech_reason;
  }

  if (d.threshold) {
    d.vader_eager = vader_eager_limit(*d.threshold);
    d.vader_eager_reason =
        d.threshold_reason + "; cma-read is what vader's rendezvous GET does; messages of " +
        results::format_size(d.vader_eager) + " and more (with the header) go by single copy";
    if (d.vader_eager != *d.threshold) {
      d.vader_eager_reason += "; kept within " + results::format_size(kVaderFragmentMin) + ".." +
                              results::format_size(kVaderFragmentMax) +
                              ", the eager fragments must fit vader's 4 MiB segment";
    }
  }

  if (a.best_fragment) {
    d.vader_max_send = vader_max_send_size(*a.best_fragment, d.vader_eager);
    d.max_send_reason = a.fragment_reason;
    if (d.vader_max_send != *a.best_fragment) {
      d.max_send_reason += "; reduced to " + results::format_size(d.vader_max_send) +
                           " so that eager + max-send fragments fit vader's 4 MiB segment";
    }
  }
  return d;
}

// One parameter of one stack, by its rule.
results::TunedSetting apply(const std::string& stack, const mpi::Parameter& p, const Decision& d,
                            const Analysis& a) {
  using Mechanism = Decision::Mechanism;
  auto set = [&](std::string value, std::string reason) {
    return results::TunedSetting{stack, p.name, std::move(value), std::move(reason)};
  };
  auto keep = [&](const std::string& why) { return set(p.fallback, kept(p.fallback_text, why)); };
  switch (p.source) {
    case mpi::Source::mechanism:
      if (d.mech == Mechanism::cma) {
        if (p.on.empty()) return keep(p.on_note.empty() ? d.mech_reason : p.on_note);
        return set(p.on, d.mech_reason + p.on_note);
      }
      if (d.mech == Mechanism::none) return set(p.off, d.mech_reason + p.off_note);
      return keep(d.mech_reason);
    case mpi::Source::eager_limit:
      if (!d.threshold) return keep(d.threshold_reason);
      return set(std::to_string(d.vader_eager), d.vader_eager_reason);
    case mpi::Source::max_send:
      if (!a.best_fragment)
        return keep(a.fragment_reason.empty() ? d.mech_reason : a.fragment_reason);
      return set(std::to_string(d.vader_max_send), d.max_send_reason);
    case mpi::Source::threshold:
      if (!d.threshold) return keep(d.threshold_reason);
      return set(p.prefix + std::to_string(*d.threshold), d.threshold_reason + p.on_note);
    case mpi::Source::cma_bandwidth:
      if (!a.cma_bandwidth || *a.cma_bandwidth <= 0) return keep("no cma-read bandwidth measured");
      return set(std::to_string(
                     static_cast<unsigned long long>(std::llround(*a.cma_bandwidth / 1048576.0))) +
                     "MBs",
                 "cma-read median at " + results::format_size(a.cma_bandwidth_size) + ": " +
                     gbps(*a.cma_bandwidth) + " in " + a.group_text +
                     " (UCX counts MB as 2^20 bytes)");
    case mpi::Source::rndv_scheme:
      if (d.mech == Mechanism::cma && a.write_vs_read == Verdict::candidate_faster) {
        return set(p.on, "sender-side copy (cma-write) is faster: " + a.write_vs_read_reason);
      }
      if (d.mech == Mechanism::cma && a.write_vs_read == Verdict::baseline_faster) {
        return set(p.off, "receiver-side copy (cma-read) is faster: " + a.write_vs_read_reason);
      }
      return keep(d.mech != Mechanism::cma
                      ? "single copy not established as the winner"
                      : "cma-read and cma-write not clearly apart: " + a.write_vs_read_reason);
  }
  return keep(d.mech_reason);
}

}  // namespace

results::Tuned settings_for(const Analysis& a) {
  const Decision d = decide(a);
  results::Tuned out;
  for (const mpi::Stack& stack : mpi::stacks()) {
    for (const mpi::Parameter& p : stack.parameters)
      out.settings.push_back(apply(stack.id, p, d, a));
  }
  return out;
}

Choice choice_of(const Analysis& a) {
  results::Tuned t = settings_for(a);
  Choice c;
  for (const auto& s : t.settings) {
    if (s.stack != kOpenMpi41) continue;
    if (s.name == "btl_vader_single_copy_mechanism") c.single_copy = s.value != "none";
    if (s.name == "btl_vader_eager_limit") c.threshold = std::stoull(s.value);
  }
  return c;
}

double efficiency_of(const Choice& choice, const results::Results& results, const Analysis& a) {
  if (!a.have_group) return NAN;
  auto summaries = results::summarize(results);
  Series shm = series_of(summaries, a.group, kBaseline);
  Series cma = series_of(summaries, a.group, kCandidate);
  auto base = shm.find(a.baseline_tunables);
  const auto* single = pick_single_copy_series(cma);
  if (base == shm.end() || single == nullptr) return NAN;
  double log_sum = 0;
  std::size_t n = 0;
  for (const auto& [size, s] : base->second) {
    auto it = single->second.find(size);
    if (it == single->second.end()) continue;
    double double_copy = median_bandwidth(*s), single_copy = median_bandwidth(*it->second);
    if (!(double_copy > 0) || !(single_copy > 0)) continue;
    double taken = choice.single_copy && size >= choice.threshold ? single_copy : double_copy;
    log_sum += std::log(taken / std::max(double_copy, single_copy));
    ++n;
  }
  return n ? std::exp(log_sum / static_cast<double>(n)) : NAN;
}

namespace {

std::string describe_choice(const Choice& c) {
  return c.single_copy ? "single copy from " + results::format_size(c.threshold) : "no single copy";
}

std::string fixed3(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace

TuneResult tune_regimes(const results::Results& results) {
  TuneResult out;
  std::vector<Analysis> analyses = analyze_regimes(results);
  if (analyses.size() == 1) {
    out.tuned = settings_for(analyses.front());
    return out;
  }
  std::vector<Choice> choices;
  for (const auto& a : analyses) choices.push_back(choice_of(a));
  bool agree = std::all_of(choices.begin(), choices.end(),
                           [&](const Choice& c) { return c == choices.front(); });
  auto regime = [](const Analysis& a) { return results::format_regime(a.group.regime_ns); };
  if (agree) {
    out.tuned = settings_for(analyses.front());
    std::string seen;
    for (const auto& a : analyses) seen += (seen.empty() ? "" : ", ") + regime(a);
    out.tradeoff.push_back("every regime seen (" + seen +
                           ") gives the same choice: " + describe_choice(choices.front()));
    return out;
  }
  // Each regime's choice, scored in every regime; the best worst case wins.
  std::size_t best = 0;
  double best_worst = -1;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    double worst = INFINITY;
    std::string line = "tuned in the " + regime(analyses[i]) + " regime (" +
                       describe_choice(choices[i]) + "): efficiency";
    for (std::size_t j = 0; j < analyses.size(); ++j) {
      double e = efficiency_of(choices[i], results, analyses[j]);
      line += (j ? ", " : " ") + fixed3(e) + " in the " + regime(analyses[j]) + " regime";
      if (std::isfinite(e)) worst = std::min(worst, e);
    }
    if (!std::isfinite(worst)) worst = 0;
    line += "; worst case " + fixed3(worst);
    out.tradeoff.push_back(line);
    if (worst > best_worst) {
      best_worst = worst;
      best = i;
    }
  }
  std::string note = "regimes disagree; chosen from the " + regime(analyses[best]) +
                     " regime for the best worst-case efficiency over the regimes seen (" +
                     fixed3(best_worst) + ")";
  out.tradeoff.push_back("chosen: " + describe_choice(choices[best]) + ", from the " +
                         regime(analyses[best]) + " regime (worst-case efficiency " +
                         fixed3(best_worst) + ")");
  out.tuned = settings_for(analyses[best]);
  for (auto& s : out.tuned.settings) s.reason += "; " + note;
  return out;
}

results::Tuned tune(const results::Results& results) {
  return tune_regimes(results).tuned;
}

}  // namespace crossmem::tune
