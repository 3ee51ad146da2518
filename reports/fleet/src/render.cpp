#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "crossmem/results/name.hpp"
#include "crossmem/schema/fields.hpp"
#include "fleet.hpp"

namespace crossmem::fleet {

namespace {

using results::Axes;

std::string case_name(const Axes& a) {
  std::string out = a.workload + "/" + a.strategy + " " + results::format_size(a.size_bytes) +
                    " procs:" + std::to_string(a.procs) + " placement:" + a.placement +
                    " cache:" + a.cache + " pages:" + a.pages + " fresh:" + (a.fresh ? "1" : "0");
  std::string tunables = results::format_tunables(a.tunables);
  if (!tunables.empty()) out.append(" ").append(tunables);
  return out;
}

std::string number(double v, const char* format = "%.3g") {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string cell(std::string text) {
  for (char& ch : text) {
    if (ch == '|') ch = '/';
    if (ch == '\n') ch = ' ';
  }
  return text;
}

std::string shorten(const std::string& text, std::size_t most = 80) {
  return text.size() <= most ? text : text.substr(0, most) + "...";
}

std::string node_list(const Fleet& fleet, const std::vector<std::size_t>& nodes) {
  std::string out;
  for (std::size_t n : nodes) out += (out.empty() ? "" : ", ") + fleet.nodes[n].name;
  return out;
}

// The counter's value in the unit the tables use.
std::string scaled(const OddOptions& options, double v) {
  if (options.counter == schema::field::latency_ns) return number(v / 1000.0);
  if (options.counter == schema::field::bytes_per_second) return number(v / 1e9);
  return number(v);
}

std::string unit(const OddOptions& options) {
  if (options.counter == schema::field::latency_ns) return "one-way latency, µs";
  if (options.counter == schema::field::bytes_per_second) return "bandwidth, GB/s";
  return options.counter;
}

// The strategies a node skipped, each with its first reason: "vmsplice (reason); ...".
std::string skipped_here(const Fleet& fleet, const Node& node) {
  if (!node.has_results) return "";
  std::map<std::string, std::string> reasons;
  for (const auto& skip : fleet.results.skips) {
    if (skip.source == node.source) reasons.emplace(skip.axes.strategy, skip.reason);
  }
  std::string out;
  for (const auto& [strategy, reason] : reasons) {
    out += (out.empty() ? "" : "; ") + strategy + " (" + shorten(reason, 60) + ")";
  }
  return out;
}

}  // namespace

std::string render_markdown(const Fleet& fleet, const FleetReport& report,
                            const OddOptions& options) {
  std::ostringstream md;
  md << "# crossmem fleet report\n\n";
  md << "Folder: `" << fleet.dir.string() << "`. " << fleet.nodes.size() << " node(s), "
     << report.groups.size() << " node type(s) (hardware signature), " << report.failed.size()
     << " node(s) failed.\n\n";
  std::size_t odd_total = 0;
  for (const Group& g : report.groups) odd_total += g.odd.size();
  md << "Odd nodes out: " << odd_total << ".\n\n";

  md << "## Nodes\n\n| node | host | status | node type | reason | skipped here |\n"
        "|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < fleet.nodes.size(); ++i) {
    const Node& n = fleet.nodes[i];
    std::string type = "-";
    for (std::size_t g = 0; g < report.groups.size(); ++g) {
      for (std::size_t m : report.groups[g].nodes)
        if (m == i) type = std::to_string(g + 1);
    }
    md << "| " << n.name << " | " << cell(n.host) << " | " << (n.ok ? "ok" : "failed") << " | "
       << type << " | " << cell(n.reason) << " | " << cell(skipped_here(fleet, n)) << " |\n";
  }
  md << "\n";

  for (std::size_t gi = 0; gi < report.groups.size(); ++gi) {
    const Group& g = report.groups[gi];
    md << "## Node type " << gi + 1 << ": " << node_list(fleet, g.nodes) << "\n\n";
    md << "| signature key | value |\n|---|---|\n";
    for (const auto& [k, v] : g.values)
      md << "| " << k << " | " << cell(v.empty() ? "(absent)" : v) << " |\n";
    md << "\n### Odd nodes out\n\n";
    if (!g.odd_note.empty()) {
      md << "Not sought: " << g.odd_note << ".\n\n";
    } else if (g.odd.empty()) {
      md << "None: every node's cases lie within the spread of its peers or are not significantly "
            "different.\n\n";
    }
    for (const OddNode& o : g.odd) {
      md << "**" << fleet.nodes[o.node].name << "**: " << o.why << ".\n\n";
      if (!o.cases.empty()) {
        md << "| case | node median | peers median | peers spread | p |\n|---|---|---|---|---|\n";
        for (const Outlier& c : o.cases) {
          md << "| " << case_name(c.axes) << " | " << scaled(options, c.node_median) << " | "
             << scaled(options, c.peers_median) << " | " << scaled(options, c.peers_low) << ".."
             << scaled(options, c.peers_high) << " | " << number(c.p_value, "%.2g") << " |\n";
        }
        md << "\n(" << unit(options) << ")\n\n";
      }
      if (o.differences.empty()) {
        md << "No context key differs from its peers'.\n\n";
      } else {
        md << "Context keys that differ from its peers':\n\n| key | this node | peers |\n"
              "|---|---|---|\n";
        for (const KeyDifference& d : o.differences) {
          md << "| " << d.key << " | " << cell(shorten(d.value)) << " | "
             << cell(shorten(d.peers_value)) << " |\n";
        }
        md << "\n";
      }
    }
    md << "### Crossovers against shm-copy (repetitions of the type's nodes pooled, odd nodes "
          "left out)\n\n";
    if (g.crossovers.empty()) md << "None computed (no ping-pong group with shm-copy).\n\n";
    for (const auto& c : g.crossovers) {
      md << "- " << c.strategy;
      if (!c.tunables.empty()) md << " " << results::format_tunables(c.tunables);
      md << " vs " << c.baseline << " (" << results::format_group(c.group)
         << "): " << results::to_string(c.status);
      if (c.direction != results::Direction::none) {
        md << ", " << results::to_string(c.direction) << " between "
           << results::format_size(c.lower_bytes) << " and " << results::format_size(c.upper_bytes);
      }
      if (!c.reason.empty()) md << " (" << c.reason << ")";
      md << "\n";
    }
    md << "\n### Tuned settings for this node type\n\n";
    if (g.tuned.settings.empty()) md << "None.\n\n";
    for (const auto& s : g.tuned.settings) {
      md << "- " << s.stack << ": `" << s.name << " = " << s.value << "`: " << s.reason << "\n";
    }
    md << "\n### Cases (" << unit(options)
       << "): median over the nodes' medians, spread across nodes\n\n";
    md << "| case | nodes | median | spread across nodes |\n|---|---|---|---|\n";
    for (const Case& c : g.cases) {
      md << "| " << case_name(c.axes) << " | " << c.nodes.size() << " | "
         << scaled(options, c.median) << " | " << scaled(options, c.low) << ".."
         << scaled(options, c.high) << " |\n";
    }
    md << "\n";
  }
  return md.str();
}

std::string render_json(const Fleet& fleet, const FleetReport& report) {
  nlohmann::json j;
  j["nodes"] = nlohmann::json::array();
  for (const Node& n : fleet.nodes) {
    j["nodes"].push_back({{"name", n.name},
                          {"host", n.host},
                          {"status", n.ok ? "ok" : "failed"},
                          {"reason", n.reason},
                          {"has_results", n.has_results},
                          {"signature", n.signature}});
  }
  j["failed"] = nlohmann::json::array();
  for (std::size_t f : report.failed) j["failed"].push_back(fleet.nodes[f].name);
  j["groups"] = nlohmann::json::array();
  for (const Group& g : report.groups) {
    nlohmann::json group;
    group["signature"] = g.values;
    group["nodes"] = nlohmann::json::array();
    for (std::size_t n : g.nodes) group["nodes"].push_back(fleet.nodes[n].name);
    group["odd_note"] = g.odd_note;
    group["odd"] = nlohmann::json::array();
    for (const OddNode& o : g.odd) {
      nlohmann::json odd{{"node", fleet.nodes[o.node].name}, {"why", o.why}};
      odd["cases"] = nlohmann::json::array();
      for (const Outlier& c : o.cases) {
        odd["cases"].push_back({{"case", results::format_benchmark_name(c.axes)},
                                {"node_median", c.node_median},
                                {"peers_median", c.peers_median},
                                {"peers_low", c.peers_low},
                                {"peers_high", c.peers_high},
                                {"p_value", c.p_value}});
      }
      odd["differences"] = nlohmann::json::array();
      for (const KeyDifference& d : o.differences) {
        odd["differences"].push_back(
            {{"key", d.key}, {"value", d.value}, {"peers_value", d.peers_value}});
      }
      group["odd"].push_back(odd);
    }
    group["cases"] = nlohmann::json::array();
    for (const Case& c : g.cases) {
      group["cases"].push_back({{"case", results::format_benchmark_name(c.axes)},
                                {"nodes", c.nodes.size()},
                                {"median", c.median},
                                {"low", c.low},
                                {"high", c.high}});
    }
    group["crossovers"] = nlohmann::json::array();
    for (const auto& c : g.crossovers) {
      group["crossovers"].push_back({{"strategy", c.strategy},
                                     {"baseline", c.baseline},
                                     {"group", results::format_group(c.group)},
                                     {"status", results::to_string(c.status)},
                                     {"direction", results::to_string(c.direction)},
                                     {"lower_bytes", c.lower_bytes},
                                     {"upper_bytes", c.upper_bytes},
                                     {"estimate_bytes", c.estimate_bytes},
                                     {"reason", c.reason}});
    }
    group["tuned"] = nlohmann::json::array();
    for (const auto& s : g.tuned.settings) {
      group["tuned"].push_back(
          {{"stack", s.stack}, {"name", s.name}, {"value", s.value}, {"reason", s.reason}});
    }
    j["groups"].push_back(group);
  }
  return j.dump(2) + "\n";
}

}  // namespace crossmem::fleet
