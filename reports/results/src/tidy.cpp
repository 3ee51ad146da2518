#include "crossmem/results/tidy.hpp"

#include <cmath>
#include <cstdio>
#include <set>

#include "crossmem/schema/fields.hpp"

namespace crossmem::results {

namespace {

struct Layout {
  std::vector<std::string> tunables;
  std::vector<std::string> counters;
};

Layout layout_of(const Results& results) {
  std::set<std::string> tunables, extra;
  for (const Measurement& m : results.measurements) {
    for (const auto& [name, value] : m.axes.tunables) tunables.insert(name);
    for (const auto& [name, value] : m.counters) extra.insert(name);
  }
  Layout layout;
  layout.tunables.assign(tunables.begin(), tunables.end());
  for (const char* name : kRequiredCounters) {
    extra.erase(name);
    if (std::string(name) != schema::field::size_bytes) layout.counters.push_back(name);
  }
  layout.counters.insert(layout.counters.end(), extra.begin(), extra.end());
  return layout;
}

std::string clean(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

std::string number(double value) {
  if (!std::isfinite(value)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  return buf;
}

}  // namespace

std::vector<std::string> measurement_columns(const Results& results) {
  Layout layout = layout_of(results);
  std::vector<std::string> columns = {
      "source", "host",      "date",  "workload", "strategy", schema::field::size_bytes,
      "procs",  "placement", "cache", "pages",    "fresh"};
  for (const auto& t : layout.tunables) columns.push_back("tunable." + t);
  columns.push_back("repetition");
  columns.push_back("iterations");
  columns.insert(columns.end(), layout.counters.begin(), layout.counters.end());
  return columns;
}

void write_measurements_tsv(const Results& results, std::ostream& out) {
  Layout layout = layout_of(results);
  std::vector<std::string> columns = measurement_columns(results);
  for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "\t" : "") << columns[i];
  out << '\n';
  for (const Measurement& m : results.measurements) {
    const Source& s = results.sources.at(m.source);
    const Axes& a = m.axes;
    out << clean(s.path.string()) << '\t' << clean(s.host) << '\t' << clean(s.date) << '\t'
        << clean(a.workload) << '\t' << clean(a.strategy) << '\t' << a.size_bytes << '\t' << a.procs
        << '\t' << clean(a.placement) << '\t' << clean(a.cache) << '\t' << clean(a.pages) << '\t'
        << (a.fresh ? 1 : 0);
    for (const auto& t : layout.tunables) {
      auto it = a.tunables.find(t);
      out << '\t' << (it == a.tunables.end() ? "" : clean(it->second));
    }
    out << '\t' << m.repetition << '\t' << m.iterations;
    for (const auto& c : layout.counters) out << '\t' << number(m.counter(c));
    out << '\n';
  }
}

}  // namespace crossmem::results
