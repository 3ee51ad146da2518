#include "reduce_table.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "crossmem/results/name.hpp"
#include "crossmem/results/summary.hpp"
#include "crossmem/schema/fields.hpp"
#include "format.hpp"

namespace crossmem::report {
namespace {

double median_latency(const Series& s, std::uint64_t size) {
  auto it = s.by_size.find(size);
  if (it == s.by_size.end()) return NAN;
  return it->second->spread(schema::field::latency_ns).median;
}

const Series* find_series(const GroupView& g, const std::string& label) {
  for (const Series& s : g.series) {
    if (s.label == label) return &s;
  }
  return nullptr;
}

std::string us_or_dash(double ns) {
  return std::isfinite(ns) && ns > 0 ? sig3(ns / 1000.0) : "-";
}

// 1 - fused / receive-then-sum, as a percentage.
std::string saving(double fused_ns, double unfused_ns) {
  if (!(fused_ns > 0) || !(unfused_ns > 0)) return "-";
  return sig3(100.0 * (1.0 - fused_ns / unfused_ns)) + "%";
}

}  // namespace

std::vector<ReduceTable> reduce_tables(const Model& model) {
  std::vector<ReduceTable> out;
  for (const SourceView& view : model.sources) {
    for (const GroupView& g : view.groups) {
      if (g.key.workload != "reduce") continue;
      ReduceTable t;
      t.title = model.source(view.index).label + ": " + results::format_group(g.key);
      t.columns.push_back("size");
      for (const Series& s : g.series) t.columns.push_back(s.label + " (µs)");
      // The anchor's rows at this process count, by configuration (in file order) and size.
      std::vector<std::pair<std::string, std::map<std::uint64_t, double>>> anchor;
      if (model.reduce_anchor) {
        for (const auto& r : model.reduce_anchor->rows) {
          if (static_cast<std::uint64_t>(r.procs) != g.key.procs) continue;
          auto it = std::find_if(anchor.begin(), anchor.end(),
                                 [&](const auto& a) { return a.first == r.config; });
          if (it == anchor.end()) it = anchor.insert(anchor.end(), {r.config, {}});
          it->second[r.size] = r.reduce_ns;
        }
      }
      for (const auto& [config, by_size] : anchor) {
        t.columns.push_back("MPI_Reduce " + config + " (µs)");
      }
      const Series* unfused = find_series(g, "cma-read");
      std::vector<const Series*> fused;
      for (const char* name : {"shared-map", "shm-copy"}) {
        const Series* s = find_series(g, name);
        if (s && unfused) {
          fused.push_back(s);
          t.columns.push_back(std::string(name) + " saving vs cma-read");
        }
      }
      for (std::uint64_t size : g.sizes) {
        std::vector<std::string> row{results::format_size(size)};
        for (const Series& s : g.series) row.push_back(us_or_dash(median_latency(s, size)));
        for (const auto& [config, by_size] : anchor) {
          auto it = by_size.find(size);
          row.push_back(us_or_dash(it == by_size.end() ? NAN : it->second));
        }
        for (const Series* s : fused) {
          row.push_back(saving(median_latency(*s, size), median_latency(*unfused, size)));
        }
        t.rows.push_back(std::move(row));
      }
      out.push_back(std::move(t));
    }
  }
  return out;
}

}  // namespace crossmem::report
