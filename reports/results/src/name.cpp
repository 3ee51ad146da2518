#include "crossmem/results/name.hpp"

#include "crossmem/error.hpp"
#include "crossmem/schema/case_name.hpp"
#include "crossmem/schema/error.hpp"

namespace crossmem::results {

namespace {

// A report shows oversubscription like a tunable: one more component of the series label.
constexpr const char* kOversubscribed = "oversubscribed";

}  // namespace

Axes parse_benchmark_name(std::string_view name) {
  schema::CaseName parsed;
  try {
    parsed = schema::parse(name);
  } catch (const schema::ParseError& e) {
    throw InvalidInput(e.what());
  }
  Axes axes;
  axes.workload = std::move(parsed.workload);
  axes.strategy = std::move(parsed.strategy);
  axes.size_bytes = parsed.size_bytes;
  axes.procs = parsed.procs;
  axes.placement = std::move(parsed.placement);
  axes.cache = std::move(parsed.cache);
  axes.pages = std::move(parsed.pages);
  axes.fresh = parsed.fresh;
  axes.tunables = std::move(parsed.tunables);
  if (parsed.oversubscribed) axes.tunables.emplace(kOversubscribed, "1");
  return axes;
}

std::string format_tunables(const std::map<std::string, std::string>& tunables) {
  std::string out;
  for (const auto& [key, value] : tunables) {
    if (!out.empty()) out += '/';
    out += key + ':' + value;
  }
  return out;
}

std::string format_benchmark_name(const Axes& axes) {
  schema::CaseName name{axes.workload,  axes.strategy, axes.size_bytes, axes.procs,
                        axes.placement, axes.cache,    axes.pages,      axes.fresh,
                        axes.tunables,  false};
  if (auto it = name.tunables.find(kOversubscribed); it != name.tunables.end()) {
    name.oversubscribed = it->second == "1";
    name.tunables.erase(it);
  }
  return schema::to_string(name);
}

}  // namespace crossmem::results
