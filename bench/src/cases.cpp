#include "cases.hpp"

#include <memory>
#include <optional>
#include <random>

#include "crossmem/error.hpp"
#include "crossmem/schema/error.hpp"
#include "crossmem/schema/fields.hpp"
#include "crossmem/schema/skip.hpp"

namespace crossmem::bench::detail {
namespace {

// The team currently alive, what it was built for and how its buffers are laid out.
struct Session {
  std::string key;
  std::unique_ptr<Team> team;
  std::optional<BufferLayout> prepared;
};

Session g_session;
std::map<const Strategy*, Availability> g_availability;  // each strategy's probe, taken once
std::mt19937_64 g_seeds{0x63726f73736d656dull};

std::string team_key(const Case& c, const SuiteConfig& config) {
  std::string key = c.workload->name();
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
    g_session.team = std::make_unique<Team>(spec, *c.workload);
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
    }
    ProbeResult probe = team.probe(config.probe_rounds);
    const auto n = static_cast<std::uint64_t>(state.max_iterations);
    BatchResult batch;
    double seconds = 0;
    while (state.KeepRunningBatch(state.max_iterations)) {
      batch = team.run(n, c.fresh, config.validate, g_seeds());
      seconds = measure.batch_seconds(batch);
      state.SetIterationTime(seconds);
    }
    state.counters[schema::field::size_bytes] = static_cast<double>(c.size);
    measure.counters(state, c, team, batch, seconds, n);
    state.counters[schema::field::handoff_ns] = probe.handoff_ns;
    state.counters[schema::field::doorbell_ns] = probe.doorbell_ns;
    state.counters[schema::field::preempted] = static_cast<double>(batch.involuntary);
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
  name.workload = c.workload->name();
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
    return {text, 0};
  }
  const schema::CaseName defaults;
  std::string variant;
  auto add = [&variant](const std::string& part) {
    variant += (variant.empty() ? "" : " ") + part;
  };
  if (name.workload != "pingpong") add(name.workload);
  add(name.strategy);
  if (name.procs != defaults.procs) add("procs:" + std::to_string(name.procs));
  if (name.cache != defaults.cache) add("cache:" + name.cache);
  if (name.pages != defaults.pages) add("pages:" + name.pages);
  if (name.fresh != defaults.fresh) add("fresh:1");
  if (name.oversubscribed) add("oversubscribed:1");
  for (const auto& [key, value] : name.tunables) add(key + ":" + value);
  return {variant, name.size_bytes};
}

std::string full_case_name(const Case& c) {
  return schema::to_string(case_name(c));
}

void register_case(const Case& c, std::shared_ptr<const SuiteConfig> config, Measure measure) {
  case_names().push_back(full_case_name(c));
  benchmark::RegisterBenchmark(case_names().back().c_str(),
                               [c, config = std::move(config), measure](benchmark::State& state) {
                                 run_case(state, c, *config, measure);
                               })
      ->UseManualTime()
      ->Unit(benchmark::kMicrosecond);
}

int register_axes(Case base, const std::shared_ptr<const SuiteConfig>& config, Measure measure) {
  int count = 0;
  for (Cache cache : config->caches) {
    for (Pages pages : config->pages) {
      for (bool fresh : config->fresh) {
        for (std::uint64_t size : config->sizes) {
          base.cache = cache;
          base.pages = pages;
          base.fresh = fresh;
          base.size = size;
          register_case(base, config, measure);
          ++count;
        }
      }
    }
  }
  return count;
}

std::vector<std::map<std::string, std::uint64_t>> tunable_sweep(const SuiteConfig& config,
                                                                const Strategy& strategy) {
  auto it = config.sweeps.find(std::string(strategy.name));
  if (it == config.sweeps.end()) return {{}};
  return it->second;
}

void end_cases() {
  g_session.team.reset();
  g_session.prepared.reset();
}

}  // namespace crossmem::bench::detail
