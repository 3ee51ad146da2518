#include "tables.hpp"

#include <array>
#include <set>

#include "crossmem/results/name.hpp"
#include "crossmem/results/summary.hpp"
#include "crossmem/schema/context.hpp"
#include "format.hpp"

namespace crossmem::report {

std::vector<std::pair<std::string, std::string>> context_rows(const results::Source& source) {
  static constexpr std::array<std::pair<const char*, const char*>, 10> known = {{
      {"version", "crossmem version"},
      {"kernel", "kernel"},
      {"cpu_model", "CPU"},
      {"topology", "topology"},
      {"cores", "cores"},
      {"wait_mode", "wait mode"},
      {"build_type", "build type"},
      {"thp", "transparent huge pages"},
      {"pipe_max_size", "pipe max size"},
      {"placement", "observed placement"},
  }};
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back("file", source.path.string());
  rows.emplace_back("host", source.host);
  rows.emplace_back("date", source.date);
  auto context = [&source](const char* key) {
    auto it = source.context.find(key);
    return it == source.context.end() ? std::string() : it->second;
  };
  std::set<std::string> shown = {"strategies"};
  for (const auto& [key, label] : known) {
    rows.emplace_back(label, source.get(key));
    shown.insert(key);
  }
  rows.emplace_back("CPUs (Google Benchmark)", context("num_cpus"));
  rows.emplace_back("MHz per CPU", context("mhz_per_cpu"));
  rows.emplace_back("benchmark library build", context("library_build_type"));
  rows.emplace_back("executable", context("executable"));
  for (const auto& [key, value] : source.crossmem) {
    if (!shown.contains(key)) rows.emplace_back(std::string(schema::kPrefix) + key, value);
  }
  return rows;
}

std::string median_cell(const Summary* summary, const char* counter, double scale) {
  if (summary == nullptr) return "";
  results::Spread s = summary->spread(counter);
  if (s.n == 0) return "-";
  if (s.n == 1) return sig3(s.median / scale);
  return sig3(s.median / scale) + " (" + sig3(s.low / scale) + "-" + sig3(s.high / scale) + ")";
}

std::string regimes_text(const SourceView& view) {
  if (!view.has_regimes) return "one unknown regime (no regime fields in this file)";
  std::string out;
  for (const RegimeRow& r : view.regimes) {
    if (!out.empty()) out += ", ";
    out += results::format_regime(r.regime_ns) + " (" + sig3(r.share * 100) + "%, " +
           std::to_string(r.repetitions) + " repetitions)";
  }
  if (out.empty()) out = "no stable regime";
  if (view.unstable > 0) {
    out += "; " + std::to_string(view.unstable) + " repetitions unstable (probes disagree)";
  }
  return out;
}

std::string retries_text(const results::Source& source) {
  std::vector<std::string> parts;
  if (auto v = source.get(schema::key::regime_policy); !v.empty()) parts.push_back("policy " + v);
  if (auto v = source.get(schema::key::rounds); !v.empty()) parts.push_back("rounds kept " + v);
  if (auto v = source.get(schema::key::retries); !v.empty()) {
    std::string t = source.get(schema::key::retry_seconds);
    parts.push_back("repetitions measured again " + v + (t.empty() ? "" : " (" + t + " s)"));
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::string crossover_interval(const results::Crossover& x) {
  if (x.direction == results::Direction::none) return "-";
  return results::format_size(x.lower_bytes) + " .. " + results::format_size(x.upper_bytes);
}

std::string crossover_estimate(const results::Crossover& x) {
  if (x.direction == results::Direction::none) return "-";
  return results::format_size(x.estimate_bytes);
}

std::string verdict_strip(const results::Crossover& x) {
  std::string out;
  for (const auto& c : x.sizes) {
    switch (c.verdict) {
      case results::Verdict::baseline_faster:
        out += 'S';
        break;
      case results::Verdict::candidate_faster:
        out += 'C';
        break;
      case results::Verdict::undecided:
        out += '.';
        break;
    }
  }
  return out;
}

}  // namespace crossmem::report
