#include "crossmem/results/summary.hpp"

#include <tuple>

namespace crossmem::results {

GroupKey group_of(std::size_t source, const Axes& axes) {
  return GroupKey{source,     axes.workload, axes.procs, axes.placement,
                  axes.cache, axes.pages,    axes.fresh};
}

std::string format_group(const GroupKey& group) {
  return group.workload + " procs:" + std::to_string(group.procs) +
         " placement:" + group.placement + " cache:" + group.cache + " pages:" + group.pages +
         " fresh:" + (group.fresh ? "1" : "0");
}

Spread Summary::spread(const std::string& name) const {
  auto it = counters.find(name);
  return it == counters.end() ? Spread{} : it->second;
}

std::vector<Summary> summarize(const Results& results) {
  std::map<std::tuple<std::size_t, Axes>, Summary> by_instance;
  for (const Measurement& m : results.measurements) {
    Summary& s = by_instance[std::make_tuple(m.source, m.axes)];
    if (s.repetitions == 0) {
      s.source = m.source;
      s.axes = m.axes;
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
