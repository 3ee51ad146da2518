#include "cases.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <random>

#include "crossmem/error.hpp"
#include "crossmem/schema/error.hpp"
#include "crossmem/schema/fields.hpp"
#include "crossmem/schema/skip.hpp"
#include "crossmem/sizes.hpp"
#include "crossmem/stats/summary.hpp"

namespace crossmem::bench::detail {
namespace {

// The team currently alive, what it was built for and how its buffers are laid out.
struct Session {
  std::string key;
  std::unique_ptr<Workload> workload;  // the team's, made from the case's row
  std::unique_ptr<Team> team;
  std::optional<BufferLayout> prepared;
};

Session g_session;
std::map<const Strategy*, Availability> g_availability;  // each strategy's probe, taken once
std::mt19937_64 g_seeds{0x63726f73736d656dull};
std::uint64_t g_layouts = 0;  // buffer allocations so far: the id of the current one

std::string team_key(const Case& c, const SuiteConfig& config) {
  std::string key(c.workload->name);
  key += '/';
  key += c.strategy->name;
  key += "/procs:";
  key += std::to_string(c.procs);
  key += "/pus";
  for (unsigned pu : c.pus) {
    key += '-';
    key += std::to_string(pu);
  }
  for (const auto& [k, v] : c.tunables) {
    key += '/';
    key += k;
    key += '=';
    key += std::to_string(v);
  }
  key += "/node:";
  key += config.buffer_node;
  return key;
}

// Team::probe in five parts, the median of each figure: a part during which a rank was switched
// out (a loaded machine) is an outlier instead of the whole probe.
ProbeResult steady_probe(Team& team, int rounds) {
  const int parts = rounds >= 50 ? 5 : 1;
  std::vector<double> handoff, doorbell;
  for (int i = 0; i < parts; ++i) {
    ProbeResult p = team.probe(rounds / parts);
    handoff.push_back(p.handoff_ns);
    doorbell.push_back(p.doorbell_ns);
  }
  return {stats::median(handoff), stats::median(doorbell)};
}

Team& team_for(const Case& c, const SuiteConfig& config) {
  std::string key = team_key(c, config);
  if (!g_session.team || g_session.key != key) {
    end_cases();
    TeamSpec spec;
    spec.strategy = c.strategy;
    spec.params = Params(c.tunables);
    spec.procs = c.procs;
    spec.pus = c.pus;
    // Processes sharing a core make no progress spinning: oversubscribed cases sleep.
    spec.wait_mode = c.oversubscribed ? WaitMode::futex : config.wait_mode;
    spec.timeout = config.timeout;
    spec.buffer_node = config.buffer_node;
    g_session.workload = c.workload->make(config.workload_options);
    g_session.team = std::make_unique<Team>(spec, *g_session.workload);
    g_session.key = key;
  }
  return *g_session.team;
}

void run_case(benchmark::State& state, const Case& c, const SuiteConfig& config, Measure measure) {
  if (interrupted()) {
    end_cases();
    state.SkipWithError(std::string(schema::kInterrupted).c_str());
    return;
  }
  try {
    if (!c.placement_unsupported.empty()) throw Unsupported(c.placement_unsupported);
    if (c.strategy->traits.reduce_only && !c.workload->combines) {
      throw Unsupported(std::string(c.strategy->name) +
                            " only combines into an accumulator: it "
                            "runs in a workload that reduces, not in " +
                            std::string(c.workload->name),
                        "--workloads reduce");
    }
    auto known = g_availability.find(c.strategy);
    if (known == g_availability.end()) {
      known = g_availability.emplace(c.strategy, c.strategy->probe()).first;
    }
    const Availability& a = known->second;
    if (!a.ok) throw Unsupported(a.reason, a.remedy);
    Team& team = team_for(c, config);
    const BufferLayout layout{c.size, c.pages, slots_for(c.cache, c.size, config.llc_bytes)};
    if (g_session.prepared != layout) {
      g_session.prepared.reset();
      team.prepare(layout, g_seeds());
      g_session.prepared = layout;
      ++g_layouts;
    }
    ProbeResult before = steady_probe(team, config.probe_rounds);
    const auto n = static_cast<std::uint64_t>(state.max_iterations);
    BatchResult batch;
    double seconds = 0;
    while (state.KeepRunningBatch(state.max_iterations)) {
      batch = team.run(n, c.fresh, config.validate, g_seeds());
      seconds = measure.batch_seconds(batch);
      state.SetIterationTime(seconds);
    }
    ProbeResult after = steady_probe(team, config.probe_rounds);
    state.counters[schema::field::size_bytes] = static_cast<double>(c.size);
    measure.counters(state, c, team, batch, seconds, n);
    state.counters[schema::field::handoff_before_ns] = before.handoff_ns;
    state.counters[schema::field::handoff_after_ns] = after.handoff_ns;
    state.counters[schema::field::handoff_ns] = std::max(before.handoff_ns, after.handoff_ns);
    state.counters[schema::field::doorbell_ns] = before.doorbell_ns;
    state.counters[schema::field::layout] = static_cast<double>(g_layouts);
    // Ranks that spin through the timed window take the quiet machine's scheduler ticks.
    const int spinning = c.strategy->traits.in_process ? 1 : c.procs;
    const double quiet = config.preempt_baseline_hz * seconds * spinning;
    const double involuntary = static_cast<double>(batch.involuntary);
    state.counters[schema::field::involuntary] = involuntary;
    state.counters[schema::field::preempt_excess] = std::max(0.0, std::round(involuntary - quiet));
    state.counters[schema::field::validated] = config.validate ? 1 : 0;
    state.counters[schema::field::buffer_slots] = static_cast<double>(layout.slots);
    if (!config.buffer_node.empty())
      state.counters[schema::field::buffer_node] = team.self().buffer_node();
  } catch (const Unsupported& e) {
    end_cases();
    state.SkipWithError(schema::encode_unsupported(e.reason(), e.remedy()).c_str());
  } catch (const std::exception& e) {
    end_cases();
    state.SkipWithError(e.what());
  }
}

}  // namespace

schema::CaseName case_name(const Case& c) {
  schema::CaseName name;
  name.workload = c.workload->name;
  name.strategy = c.strategy->name;
  name.size_bytes = c.size;
  name.procs = static_cast<std::uint64_t>(c.procs);
  name.placement = c.placement;
  name.cache = to_string(c.cache);
  name.pages = to_string(c.pages);
  name.fresh = c.fresh;
  name.oversubscribed = c.oversubscribed;
  for (const auto& [k, v] : c.tunables) name.tunables[k] = std::to_string(v);
  return name;
}

namespace {
std::vector<std::string>& case_names() {
  static std::vector<std::string> names;
  return names;
}
}  // namespace

const std::vector<std::string>& registered_case_names() {
  return case_names();
}

CaseLabel case_label(const std::string& text) {
  schema::CaseName name;
  try {
    name = schema::parse(text);
  } catch (const schema::ParseError&) {
    return {text, 0, text};
  }
  const schema::CaseName defaults;
  std::string variant, axes;
  auto add = [](std::string& to, const std::string& part) { to += (to.empty() ? "" : " ") + part; };
  if (name.workload != "pingpong") add(variant, name.workload);
  add(variant, name.strategy);
  if (name.procs != defaults.procs) add(axes, "procs:" + std::to_string(name.procs));
  if (name.cache != defaults.cache) add(axes, "cache:" + name.cache);
  if (name.pages != defaults.pages) add(axes, "pages:" + name.pages);
  if (name.fresh != defaults.fresh) add(axes, "fresh:1");
  if (name.oversubscribed) add(axes, "oversubscribed:1");
  if (!axes.empty()) add(variant, axes);
  for (const auto& [key, value] : name.tunables) add(variant, key + ":" + value);
  std::string set = name.workload != "pingpong" ? name.workload + " " : "";
  set += format_size(name.size_bytes, SizeStyle::compact);
  if (!axes.empty()) set += " " + axes;
  return {variant, name.size_bytes, set};
}

std::string full_case_name(const Case& c) {
  return schema::to_string(case_name(c));
}

std::string group_name(const Case& c) {
  return schema::group_name(case_name(c));
}

benchmark::internal::Benchmark* register_planned(const Planned& p, std::uint64_t iterations) {
  auto* b =
      benchmark::RegisterBenchmark(
          p.name.c_str(), [c = p.c, config = p.config, measure = p.measure](
                              benchmark::State& state) { run_case(state, c, *config, measure); })
          ->UseManualTime()
          ->Unit(benchmark::kMicrosecond);
  if (iterations > 0) b->Iterations(static_cast<benchmark::IterationCount>(iterations));
  return b;
}

void plan_axes(Case base, const std::shared_ptr<const SuiteConfig>& config, Measure measure,
               std::vector<Planned>& out) {
  for (Cache cache : config->caches) {
    for (Pages pages : config->pages) {
      for (bool fresh : config->fresh) {
        for (std::uint64_t size : config->sizes) {
          base.cache = cache;
          base.pages = pages;
          base.fresh = fresh;
          base.size = size;
          out.push_back({base, config, measure, full_case_name(base), group_name(base)});
          case_names().push_back(out.back().name);
        }
      }
    }
  }
}

void fresh_layout() {
  g_session.prepared.reset();
}

std::vector<std::map<std::string, std::uint64_t>> tunable_sweep(const SuiteConfig& config,
                                                                const Strategy& strategy) {
  auto it = config.sweeps.find(std::string(strategy.name));
  if (it == config.sweeps.end()) return {{}};
  return it->second;
}

bool runs_in(const SuiteConfig& config, const WorkloadRow& workload, const Strategy& strategy) {
  return workload.combines || !strategy.traits.reduce_only || config.strategies_named;
}

void end_cases() {
  g_session.team.reset();
  g_session.workload.reset();
  g_session.prepared.reset();
}

}  // namespace crossmem::bench::detail
