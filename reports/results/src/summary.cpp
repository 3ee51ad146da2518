#include "crossmem/results/summary.hpp"

#include <cstdio>
#include <tuple>

namespace crossmem::results {

namespace {

std::string fmt_ns(double ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", ns);
  return buf;
}

}  // namespace

GroupKey group_of(std::size_t source, const Axes& axes, double regime_ns) {
  return GroupKey{source,     axes.workload, axes.procs, axes.placement,
                  axes.cache, axes.pages,    axes.fresh, regime_ns};
}

GroupKey without_regime(GroupKey group) {
  group.regime_ns = kUnknownRegime;
  return group;
}

std::string format_group(const GroupKey& group) {
  std::string out = group.workload + " procs:" + std::to_string(group.procs) +
                    " placement:" + group.placement + " cache:" + group.cache +
                    " pages:" + group.pages + " fresh:" + (group.fresh ? "1" : "0");
  if (group.regime_ns == kUnstableRegime) return out + " regime:unstable";
  if (group.regime_ns > 0) out += " regime:" + fmt_ns(group.regime_ns) + "ns";
  return out;
}

std::string format_regime(double regime_ns) {
  if (regime_ns == kUnstableRegime) return "unstable (probes disagree)";
  if (!(regime_ns > 0)) return "unknown (no regime fields)";
  return fmt_ns(regime_ns) + " ns handoff";
}

Spread Summary::spread(const std::string& name) const {
  auto it = counters.find(name);
  return it == counters.end() ? Spread{} : it->second;
}

std::vector<Summary> summarize(const Results& results) {
  std::map<std::tuple<std::size_t, Axes, double>, Summary> by_instance;
  for (const Measurement& m : results.measurements) {
    Summary& s = by_instance[std::make_tuple(m.source, m.axes, m.regime())];
    if (s.repetitions == 0) {
      s.source = m.source;
      s.axes = m.axes;
      s.regime_ns = m.regime();
    }
    ++s.repetitions;
    for (const auto& [name, value] : m.counters) s.samples[name].push_back(value);
  }
  std::vector<Summary> out;
  out.reserve(by_instance.size());
  for (auto& [key, s] : by_instance) {
    for (const auto& [name, values] : s.samples) s.counters[name] = spread_of(values);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace crossmem::results
