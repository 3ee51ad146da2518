#include <algorithm>
#include <nlohmann/json.hpp>
#include <system_error>

#include "crossmem/error.hpp"
#include "crossmem/results/extras.hpp"
#include "fleet.hpp"

namespace crossmem::fleet {

namespace fs = std::filesystem;

const std::vector<std::string> kSignatureKeys = {
    "cpu_model", "topology", "kernel", "thp", "yama_ptrace_scope", "page_size", "hugepage_sizes",
};

namespace {

std::string signature_of(const results::Source& source) {
  std::string out;
  for (const std::string& key : kSignatureKeys) {
    std::string value = source.get(key);
    if (!out.empty()) out += "; ";
    out += key + "=" + (value.empty() ? "(absent)" : value);
  }
  return out;
}

// Appends the sources, measurements and skips of `one` (a single file) to `into`.
void merge(results::Results&& one, results::Results& into) {
  std::size_t base = into.sources.size();
  for (auto& s : one.sources) into.sources.push_back(std::move(s));
  for (auto& m : one.measurements) {
    m.source += base;
    into.measurements.push_back(std::move(m));
  }
  for (auto& s : one.skips) {
    s.source += base;
    into.skips.push_back(std::move(s));
  }
}

}  // namespace

Fleet load_fleet(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InvalidInput(dir.string() + ": not a directory");
  fs::path nodes_dir = dir / "nodes";
  if (!fs::is_directory(nodes_dir, ec)) {
    throw InvalidInput(dir.string() + ": not a fleet folder (no nodes/ directory)");
  }
  Fleet fleet;
  fleet.dir = dir;
  std::vector<fs::path> node_dirs;
  for (const auto& entry : fs::directory_iterator(nodes_dir, ec)) {
    if (entry.is_directory()) node_dirs.push_back(entry.path());
  }
  std::sort(node_dirs.begin(), node_dirs.end());
  for (const fs::path& nd : node_dirs) {
    Node node;
    node.name = nd.filename().string();
    fs::path status = nd / "status.json";
    if (fs::exists(status, ec)) {
      std::string text = results::read_text_file(status);
      nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        node.reason = "status.json is not a JSON object";
      } else {
        auto text_of = [&j](const char* key) {
          auto it = j.find(key);
          return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
        };
        node.ok = text_of("status") == "ok";
        node.reason = text_of("reason");
        node.host = text_of("host");
        if (!node.ok && node.reason.empty()) node.reason = "status: " + text_of("status");
      }
    } else {
      node.reason = "no status.json: the node's run did not finish";
    }
    fs::path bench = nd / "bench.json";
    if (fs::exists(bench, ec)) {
      try {
        results::Results one;
        results::load_results_text(results::read_text_file(bench), bench, one);
        node.has_results = true;
        node.source = fleet.results.sources.size();
        if (node.host.empty()) node.host = one.sources.front().host;
        one.sources.front().label = node.name;
        node.signature = signature_of(one.sources.front());
        merge(std::move(one), fleet.results);
      } catch (const InvalidInput& e) {
        node.ok = false;
        node.reason = std::string("unreadable result: ") + e.what();
      }
    } else if (node.ok) {
      node.ok = false;
      node.reason = "status ok but no bench.json";
    }
    fleet.nodes.push_back(std::move(node));
  }
  if (fleet.nodes.empty()) throw InvalidInput(nodes_dir.string() + ": no node folders");
  return fleet;
}

}  // namespace crossmem::fleet
