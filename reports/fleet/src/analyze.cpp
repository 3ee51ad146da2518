#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "crossmem/schema/context.hpp"
#include "crossmem/schema/fields.hpp"
#include "crossmem/stats/summary.hpp"
#include "fleet.hpp"
#include "tune.hpp"

namespace crossmem::fleet {

namespace {

using results::Axes;

// Context keys that name the run rather than the machine or its settings.
const std::set<std::string> kIgnoredKeys = {
    "date",        "host_name",          "executable",
    "load_avg",    schema::key::host,    schema::key::doctor,
    "mhz_per_cpu", "cpu_scaling_enabled"};

// The run's base regime: the fastest (smallest non-zero regime_ns) of the regimes that hold at
// least a quarter of its classified repetitions, or NaN when the run does not classify regimes. A
// regime the host visited only briefly leaves too few repetitions, and too few sizes, to compare
// nodes by, so the fastest regime alone would let one short visit decide.
double base_regime(const results::Results& r, std::size_t source) {
  std::map<double, std::size_t> members;
  std::size_t total = 0;
  for (const auto& m : r.measurements) {
    if (m.source != source) continue;
    double v = m.counter(schema::field::regime_ns);
    if (std::isnan(v) || v <= 0) continue;
    ++members[v];
    ++total;
  }
  for (const auto& [regime, count] : members) {
    if (4 * count >= total) return regime;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

bool in_regime(const results::Measurement& m, double regime) {
  if (std::isnan(regime)) return true;
  return m.counter(schema::field::regime_ns) == regime;
}

std::vector<KeyDifference> context_differences(const Fleet& fleet, std::size_t node,
                                               const std::vector<std::size_t>& peers) {
  const auto& mine = fleet.results.sources[fleet.nodes[node].source].context;
  std::set<std::string> keys;
  for (const auto& [k, v] : mine) keys.insert(k);
  for (std::size_t p : peers) {
    for (const auto& [k, v] : fleet.results.sources[fleet.nodes[p].source].context) keys.insert(k);
  }
  std::vector<KeyDifference> out;
  const std::string absent = "(absent)";
  for (const std::string& key : keys) {
    if (kIgnoredKeys.count(key)) continue;
    std::set<std::string> values;
    for (std::size_t p : peers) {
      const auto& ctx = fleet.results.sources[fleet.nodes[p].source].context;
      auto it = ctx.find(key);
      values.insert(it == ctx.end() ? absent : it->second);
    }
    if (values.size() != 1) continue;  // the peers disagree among themselves
    auto it = mine.find(key);
    std::string value = it == mine.end() ? absent : it->second;
    if (value != *values.begin()) out.push_back({key, value, *values.begin()});
  }
  return out;
}

void find_odd_nodes(const Fleet& fleet, Group& group, const OddOptions& options) {
  if (group.nodes.size() < options.min_peers + 1) {
    group.odd_note = "a node is compared with at least " + std::to_string(options.min_peers) +
                     " peers of its type; this group has " + std::to_string(group.nodes.size()) +
                     " node(s)";
    return;
  }
  for (std::size_t node : group.nodes) {
    OddNode odd;
    odd.node = node;
    std::size_t own_cases = 0, common_cases = 0, shared_cases = 0;
    for (const Case& c : group.cases) {
      const NodeSample* mine = nullptr;
      std::vector<const NodeSample*> peers;
      for (const NodeSample& s : c.nodes) {
        if (s.node == node) {
          mine = &s;
        } else {
          peers.push_back(&s);
        }
      }
      if (!mine) continue;
      ++own_cases;
      if (!peers.empty()) ++common_cases;
      if (peers.size() < options.min_peers) continue;
      ++shared_cases;
      if (mine->values.size() < options.min_repetitions) continue;
      std::vector<double> pooled, medians;
      for (const NodeSample* p : peers) {
        if (p->values.size() < options.min_repetitions) continue;
        pooled.insert(pooled.end(), p->values.begin(), p->values.end());
        medians.push_back(p->spread.median);
      }
      if (medians.size() < options.min_peers) continue;
      double low = *std::min_element(medians.begin(), medians.end());
      double high = *std::max_element(medians.begin(), medians.end());
      double peers_median = stats::median(medians);
      double m = mine->spread.median;
      if (m >= low && m <= high) continue;
      double effect = std::abs(m - peers_median) / std::min(m, peers_median);
      if (!(effect >= options.min_effect)) continue;
      double p = results::mann_whitney_p(mine->values, pooled);
      if (!(p < options.alpha)) continue;
      odd.cases.push_back({c.axes, m, peers_median, low, high, p});
    }
    if (!odd.cases.empty()) {
      char rule[128];
      std::snprintf(rule, sizeof rule, "Mann-Whitney p < %g, medians at least %g%% apart",
                    options.alpha, options.min_effect * 100);
      odd.why = std::to_string(odd.cases.size()) + " of " + std::to_string(shared_cases) +
                " case(s) shared with its peers lie outside the spread of their medians (" + rule +
                ")";
    } else if (common_cases == 0 && group.cases.size() > own_cases) {
      odd.why = own_cases > 0 ? "none of its " + std::to_string(own_cases) +
                                    " case(s) was measured by its peers"
                              : "it measured none of its peers' cases";
    } else {
      continue;
    }
    group.odd.push_back(std::move(odd));
  }
  for (OddNode& odd : group.odd) {
    std::vector<std::size_t> peers;
    for (std::size_t n : group.nodes) {
      bool also_odd = false;
      for (const OddNode& o : group.odd) also_odd = also_odd || o.node == n;
      if (!also_odd) peers.push_back(n);
    }
    if (peers.empty()) {
      for (std::size_t n : group.nodes)
        if (n != odd.node) peers.push_back(n);
    }
    odd.differences = context_differences(fleet, odd.node, peers);
  }
}

// The group's repetitions (odd nodes left out) as one run, for crossovers and the tuner.
results::Results pooled(const Fleet& fleet, const Group& group, std::size_t index) {
  results::Results out;
  for (std::size_t node : group.nodes) {
    bool odd = false;
    for (const OddNode& o : group.odd) odd = odd || o.node == node;
    if (odd) continue;
    std::size_t source = fleet.nodes[node].source;
    if (out.sources.empty()) {
      out.sources.push_back(fleet.results.sources[source]);
      out.sources.back().label = "node type " + std::to_string(index + 1);
    }
    double regime = base_regime(fleet.results, source);
    for (const auto& m : fleet.results.measurements) {
      if (m.source != source || !in_regime(m, regime)) continue;
      out.measurements.push_back(m);
      out.measurements.back().source = 0;
    }
    for (const auto& s : fleet.results.skips) {
      if (s.source != source) continue;
      out.skips.push_back(s);
      out.skips.back().source = 0;
    }
  }
  return out;
}

}  // namespace

FleetReport analyze_fleet(const Fleet& fleet, const OddOptions& options) {
  FleetReport report;
  std::map<std::string, std::size_t> by_signature;
  for (std::size_t i = 0; i < fleet.nodes.size(); ++i) {
    const Node& node = fleet.nodes[i];
    if (!node.ok) report.failed.push_back(i);
    if (!node.has_results) continue;
    auto [it, fresh] = by_signature.emplace(node.signature, report.groups.size());
    if (fresh) {
      Group g;
      g.signature = node.signature;
      const auto& source = fleet.results.sources[node.source];
      for (const std::string& key : kSignatureKeys) g.values[key] = source.get(key);
      report.groups.push_back(std::move(g));
    }
    report.groups[it->second].nodes.push_back(i);
  }
  for (std::size_t gi = 0; gi < report.groups.size(); ++gi) {
    Group& group = report.groups[gi];
    std::map<Axes, std::map<std::size_t, std::vector<double>>> samples;
    for (std::size_t node : group.nodes) {
      std::size_t source = fleet.nodes[node].source;
      double regime = base_regime(fleet.results, source);
      for (const auto& m : fleet.results.measurements) {
        if (m.source != source || !in_regime(m, regime)) continue;
        double v = m.counter(options.counter);
        if (!std::isnan(v)) samples[m.axes][node].push_back(v);
      }
    }
    for (auto& [axes, per_node] : samples) {
      Case c;
      c.axes = axes;
      std::vector<double> medians;
      for (auto& [node, values] : per_node) {
        NodeSample s;
        s.node = node;
        s.spread = results::spread_of(values);
        s.values = std::move(values);
        medians.push_back(s.spread.median);
        c.nodes.push_back(std::move(s));
      }
      c.median = stats::median(medians);
      c.low = *std::min_element(medians.begin(), medians.end());
      c.high = *std::max_element(medians.begin(), medians.end());
      group.cases.push_back(std::move(c));
    }
    find_odd_nodes(fleet, group, options);
    results::Results pool = pooled(fleet, group, gi);
    if (!pool.sources.empty()) {
      group.crossovers = results::find_crossovers(pool);
      group.tuned = tune::tune(pool);
    }
  }
  return report;
}

}  // namespace crossmem::fleet
