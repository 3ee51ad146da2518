#include "crossmem/doctor/render.hpp"

#include <fmt/format.h>

#include <sstream>

namespace crossmem::doctor {
namespace {

using nlohmann::json;

constexpr std::size_t kWidth = 100;

// Appends `text` word-wrapped to kWidth, the first line after `first`, the others after `indent`.
void wrap(std::string& out, const std::string& first, const std::string& indent,
          const std::string& text) {
  std::istringstream words(text);
  std::string word, line = first;
  bool empty = true;
  while (words >> word) {
    if (!empty && line.size() + 1 + word.size() > kWidth) {
      out += line + "\n";
      line = indent;
      empty = true;
    }
    line += (empty ? "" : " ") + word;
    empty = false;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out += line + "\n";
}

std::array<int, 4> counts(const Diagnosis& d) {
  std::array<int, 4> c{};
  for (const Check& k : d.checks) ++c[static_cast<std::size_t>(k.status)];
  return c;
}

}  // namespace

std::string render_text(const Diagnosis& d) {
  std::string out = fmt::format("crossmem-doctor: host {}, Linux {} ({}), uid {}\n\nChecks\n",
                                d.host, d.kernel, d.machine, d.uid);
  const std::string pad(12, ' ');
  for (const Check& c : d.checks) {
    out += "\n";
    out += fmt::format("  {:<9} {} [{}]\n", std::string("[") + status_name(c.status) + "]", c.title,
                       c.id);
    wrap(out, pad, pad, c.finding);
    if (!c.cause.empty()) wrap(out, pad + "why: ", pad + "     ", c.cause);
    if (!c.remedy.empty()) wrap(out, pad + "fix: ", pad + "     ", c.remedy);
  }

  out += "\nStrategies\n";
  std::size_t name_width = 8;
  for (const StrategyVerdict& v : d.strategies)
    name_width = std::max(name_width, v.strategy.size());
  std::string vpad(2 + name_width + 1 + 12, ' ');
  int available = 0;
  for (const StrategyVerdict& v : d.strategies) {
    available += v.available ? 1 : 0;
    std::string head = fmt::format("  {:<{}} {:<11} ", v.strategy, name_width,
                                   v.available ? "available" : "UNAVAILABLE");
    wrap(out, head, vpad, v.available ? v.note : v.reason);
    if (!v.available && !v.remedy.empty()) wrap(out, vpad + "fix: ", vpad + "     ", v.remedy);
  }

  out += "\nMPI stacks on this host (large intra-node messages)\n";
  const std::string mpad(6, ' ');
  for (const MpiPrediction& p : d.mpi) {
    out += "\n";
    wrap(out, "  ", mpad, p.stack + ": " + p.single_copy + "  [" + p.certainty + "]");
    wrap(out, mpad, mpad, p.detail);
    if (!p.knobs.empty()) wrap(out, mpad + "knobs: ", mpad + "       ", p.knobs);
  }

  auto c = counts(d);
  out += fmt::format(
      "\nSummary: {} ok, {} warn, {} blocked, {} info; {} of {} strategies available.\n", c[0],
      c[1], c[2], c[3], available, d.strategies.size());
  wrap(out, "", "  ",
       "Certainty of the MPI rows: notes = documented default or source at that release; source = "
       "read in the project's current source; unconfirmed = inferred.");
  return out;
}

json to_json(const Diagnosis& d) {
  json checks = json::array();
  for (const Check& c : d.checks) {
    checks.push_back({{"id", c.id},
                      {"title", c.title},
                      {"status", status_name(c.status)},
                      {"finding", c.finding},
                      {"cause", c.cause},
                      {"remedy", c.remedy},
                      {"facts", c.facts}});
  }
  json strategies = json::array();
  for (const StrategyVerdict& v : d.strategies) {
    strategies.push_back(
        {{"name", v.strategy},
         {"available", v.available},
         {"reason", v.reason},
         {"remedy", v.remedy},
         {"note", v.note},
         {"cause_id", v.cause_id},
         {"probe", {{"ok", v.probe.ok}, {"reason", v.probe.reason}, {"remedy", v.probe.remedy}}}});
  }
  json mpi = json::array();
  for (const MpiPrediction& p : d.mpi) {
    mpi.push_back({{"stack", p.stack},
                   {"single_copy", p.single_copy},
                   {"detail", p.detail},
                   {"knobs", p.knobs},
                   {"certainty", p.certainty}});
  }
  auto c = counts(d);
  return {{"schema", "crossmem-doctor/1"},
          {"host", d.host},
          {"kernel", d.kernel},
          {"machine", d.machine},
          {"uid", d.uid},
          {"checks", checks},
          {"strategies", strategies},
          {"mpi", mpi},
          {"counts", {{"ok", c[0]}, {"warn", c[1]}, {"blocked", c[2]}, {"info", c[3]}}}};
}

}  // namespace crossmem::doctor
