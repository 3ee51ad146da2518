// crossmem-fleet-report: compares the nodes of a fleet run (scripts/fleet) in one report.
// Exit status: 0 done (prints the path of fleet.md and each odd node), 2 invalid input or usage
// (one line on stderr, nothing written), 1 failure while writing.
#include <CLI/CLI.hpp>
#include <cctype>
#include <cstdio>
#include <exception>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "crossmem/error.hpp"
#include "crossmem/results/extras.hpp"
#include "crossmem/schema/fields.hpp"
#include "fleet.hpp"
#include "outputs.hpp"
#include "plots.hpp"

namespace {

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> out;
  std::istringstream in(list);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

// A node name that can stand unquoted in a shell case pattern.
bool shell_word(const std::string& name) {
  if (name.empty()) return false;
  for (char ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '_' && ch != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  using namespace crossmem;
  CLI::App app{
      "crossmem-fleet-report: one report for a fleet folder written by scripts/fleet: nodes\n"
      "grouped by hardware signature, per node type the medians, the spread across nodes,\n"
      "crossovers and tuned settings, and the odd nodes out with the context keys that differ.",
      "crossmem-fleet-report"};
  std::string dir, out;
  fleet::OddOptions options;
  app.add_option("FLEET_DIR", dir, "The folder scripts/fleet gathered")->required();
  app.add_option("-o,--output", out, "Output directory (default FLEET_DIR/report)");
  app.add_option("--counter", options.counter, "Counter compared across nodes")
      ->check(CLI::IsMember({schema::field::latency_ns, schema::field::bytes_per_second}))
      ->default_str(schema::field::latency_ns);
  app.add_option("--alpha", options.alpha, "Significance level of the odd-node rank test")
      ->check(CLI::Range(1e-9, 0.5))
      ->default_str("0.01");
  app.add_option("--min-effect", options.min_effect,
                 "Smallest relative difference of medians that makes a node odd")
      ->check(CLI::Range(0.0, 10.0))
      ->default_str("0.1");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "crossmem-fleet-report: %s\n", e.what());
    return 2;
  }
  try {
    fleet::Fleet f = fleet::load_fleet(dir);
    fleet::FleetReport report = fleet::analyze_fleet(f, options);
    fs::path output = out.empty() ? fs::path(dir) / "report" : fs::path(out);
    fleet::FleetPlots plots = fleet::make_fleet_plots(report, options);
    std::vector<std::pair<std::string, std::string>> files{
        {"fleet.md", fleet::render_markdown(f, report, options) + fleet::plots_markdown(plots)},
        {"fleet.json", fleet::render_json(f, report)}};
    files.insert(files.end(), plots.files.begin(), plots.files.end());
    // One file for every node type: each task picks its type's settings by its node name.
    std::string by_node =
        "# crossmem fleet: MPI settings per node type, chosen by the node this runs on.\n"
        "# In a job script: srun bash -c '. ./fleet-env.sh && exec ./my_app'\n"
        "case \"${SLURMD_NODENAME:-$(hostname -s)}\" in\n";
    bool any_type = false;
    for (std::size_t g = 0; g < report.groups.size(); ++g) {
      const fleet::Group& group = report.groups[g];
      if (group.tuned.settings.empty()) continue;
      std::string nodes;
      for (std::size_t n : group.nodes) {
        bool odd = false;
        for (const auto& o : group.odd) odd = odd || o.node == n;
        if (!odd) nodes += (nodes.empty() ? "" : ",") + f.nodes[n].name;
      }
      std::string stem = "type-" + std::to_string(g + 1);
      std::string note = "node type " + std::to_string(g + 1) + " (nodes " + nodes + ")";
      files.emplace_back(stem + ".tuned.json", results::to_json_text(group.tuned));
      files.emplace_back(stem + ".conf", tune::render_conf(group.tuned, note));
      files.emplace_back(stem + ".env",
                         "# Slurm: source this file in the job script of the "
                         "partition holding nodes " +
                             nodes + "\n" + tune::render_env(group.tuned, note));
      std::string pattern;
      for (const std::string& name : split_names(nodes)) {
        if (!shell_word(name)) continue;
        pattern += (pattern.empty() ? "" : "|") + name;
      }
      if (pattern.empty()) continue;
      any_type = true;
      by_node += "  " + pattern + ")\n";
      std::istringstream lines(tune::render_env(group.tuned, note));
      for (std::string line; std::getline(lines, line);) by_node += "    " + line + "\n";
      by_node += "    ;;\n";
    }
    by_node += "esac\n";
    if (any_type) files.emplace_back("fleet-env.sh", by_node);
    tune::write_files(output, files);
    std::printf("%s\n", (output / "fleet.md").c_str());
    for (const auto& group : report.groups) {
      for (const auto& o : group.odd) {
        std::string keys;
        for (const auto& d : o.differences) keys += (keys.empty() ? "" : ", ") + d.key;
        std::printf("odd node out: %s: %s%s%s\n", f.nodes[o.node].name.c_str(), o.why.c_str(),
                    keys.empty() ? "" : "; differs in ", keys.c_str());
      }
    }
    for (std::size_t n : report.failed) {
      std::printf("failed node: %s: %s\n", f.nodes[n].name.c_str(), f.nodes[n].reason.c_str());
    }
    return 0;
  } catch (const InvalidInput& e) {
    std::fprintf(stderr, "crossmem-fleet-report: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crossmem-fleet-report: %s\n", e.what());
    return 1;
  }
}
