#include "crossmem/bench/command_line.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <optional>
#include <sstream>

#include "crossmem/bench/buffers.hpp"
#include "crossmem/bench/pinning.hpp"
#include "crossmem/bench/team.hpp"
#include "crossmem/bench/workloads.hpp"
#include "crossmem/doorbell.hpp"
#include "crossmem/error.hpp"
#include "crossmem/kernel/reduce.hpp"
#include "crossmem/sizes.hpp"
#include "crossmem/strategy.hpp"

namespace crossmem::bench {
namespace {

constexpr const char* kDefaultSizes = "1-64MiB";
constexpr const char* kQuickSizes = "1,64,4KiB,64KiB,1MiB,16MiB";

// What the options of crossmem-bench's own parser hold once parsed.
struct Values {
  bool list = false, list_placements = false, list_workloads = false, quick = false,
       validate = false, loops = false, oversubscribe = false, progress = false;
  std::string strategies, sizes, pages = "4k", caches = "hot", fresh = "0", wait = "spin", cores,
                                 placement;
  std::vector<std::string> settings;
  int timeout_ms = 10'000, probe_rounds = 2000, max_procs = 0;
  std::string workloads = "pingpong", buffer_node, regime = "retry", reduce_type = "f64";
  double regime_seconds = 60;
};

void add_options(CLI::App& app, Values& v) {
  app.add_flag("--list", v.list, "Print the strategy table with availability here, and exit");
  app.add_option("--strategies", v.strategies,
                 "Comma-separated strategies to run (default: all available)");
  app.add_option(
      "--sizes", v.sizes,
      "Message sizes: list of sizes (K/M/G binary suffixes) or ranges A-B (powers of two "
      "from A); default " +
          std::string(kDefaultSizes) + ", at most 1 GiB and 64 sizes");
  app.add_flag("--quick", v.quick,
               std::string("Few sizes (") + kQuickSizes + ") unless --sizes is given");
  app.add_option(
         "--workloads", v.workloads,
         "Comma-separated workloads: " + selectable_workload_names() + " (see --list-workloads)")
      ->default_str("pingpong");
  app.add_flag("--list-workloads", v.list_workloads,
               "Print the workload table (processes, how bytes are counted), and exit");
  app.add_option("--max-procs", v.max_procs,
                 "Workloads over N processes (contention, reduce): most processes, rank 0 "
                 "included (default: cores here)")
      ->check(CLI::Range(0, kMaxProcs));
  app.add_option("--reduce-type", v.reduce_type,
                 "Element type of the reduce workload's sum: f64 (default) or i64")
      ->default_str("f64");
  app.add_flag("--oversubscribe", v.oversubscribe,
               "Contention workloads: allow more processes than cores (futex waits, flagged "
               "oversubscribed:1)");
  app.add_flag(
      "--loops", v.loops,
      "Also run each case as a sync-free loop (loop/...): the same send/recv code back to back "
      "with no notifications, the baseline for the harness's own cost");
  app.add_flag("--progress", v.progress,
               "Show the sweep's progress on stderr (a live line on a terminal, one line per "
               "finished group otherwise); Google Benchmark's context lines then stay on stdout");
  app.add_flag("--validate", v.validate,
               "Stamp and check the payload of every message (timing then includes it)");
  app.add_option(
         "--fresh", v.fresh,
         "Source freshness: 0 = send the same buffer, 1 = sender rewrites it before each send "
         "and receiver reads it after; '0,1' runs both")
      ->default_str("0");
  app.add_option(
         "--pages", v.pages,
         "Page backing of buffers: 4k, thp (transparent huge pages), hugetlb (reserved 2 MiB "
         "pages, vm.nr_hugepages), or a list such as '4k,thp'")
      ->default_str("4k");
  app.add_option("--cache", v.caches,
                 "Cache state of buffers: hot (every message reuses the same bytes), cold (each "
                 "buffer rotates through slots spanning twice the last-level cache), or 'hot,cold'")
      ->default_str("hot");
  app.add_option("--wait", v.wait, "Doorbell wait mode: spin or futex")->default_str("spin");
  app.add_option("--placement", v.placement,
                 "Where the two processes run: default (closest pair of distinct cores), a class "
                 "(smt, l2, l3, package, numa, cross-package; see --list-placements) or one hwloc "
                 "location per process, e.g. package:0.core:0,package:1.core:0");
  app.add_option("--cores", v.cores,
                 "OS indexes of the two PUs to pin to, e.g. 0,1 (instead of --placement)");
  app.add_option(
      "--buffer-node", v.buffer_node,
      "Bind message buffers to a NUMA node and verify: sender (the node of each message's "
      "sender), receiver, or a node's logical index");
  app.add_flag("--list-placements", v.list_placements,
               "Print the placement classes present here, and exit");
  app.add_option(
      "--set", v.settings,
      "Strategy tunable, STRATEGY.TUNABLE=VALUE[,VALUE...] (several values sweep); repeatable");
  app.add_option("--timeout", v.timeout_ms, "Longest wait for a peer, milliseconds")
      ->default_val(10'000)
      ->check(CLI::Range(100, 3'600'000));
  app.add_option("--probe-rounds", v.probe_rounds, "Round trips in each cache-line handoff probe")
      ->default_val(2000)
      ->check(CLI::Range(10, 1'000'000));
  app.add_option("--regime", v.regime,
                 "What to do with a round whose handoff probes saw more than one host regime "
                 "(probe clusters 2x apart): retry = complete it in one regime by measuring "
                 "again, one repetition at a time, the strategies it lacks in the host's current "
                 "regime, at most as many rounds' worth of repetitions per comparison group as "
                 "there are rounds and until they have taken --regime-budget seconds in the run "
                 "(checked before each), then keep it tagged mixed_round; any = keep every "
                 "round, tagged; each = as retry, and go on in each group until every regime "
                 "seen has as many rounds as asked (at most 3x the rounds beyond them, within "
                 "the same seconds)")
      ->default_str("retry");
  app.add_option("--regime-budget", v.regime_seconds,
                 "Seconds the run may spend on repetitions measured again or extra rounds "
                 "(--regime retry, each)")
      ->default_val(60)
      ->check(CLI::Range(0.0, 86400.0));
}

bool take(const std::string& arg, const char* name, std::string& value) {
  const std::string prefix = std::string("--benchmark_") + name + "=";
  if (arg.rfind(prefix, 0) != 0) return false;
  value = arg.substr(prefix.size());
  return true;
}

std::string lowercase(const std::string& text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// The words Google Benchmark takes for a boolean (true/false, yes/no, on/off, 1/0, t/f, y/n, any
// case); nullopt for another.
std::optional<bool> bool_word(const std::string& text) {
  const std::string lower = lowercase(text);
  for (const char* yes : {"true", "yes", "on", "1", "t", "y"}) {
    if (lower == yes) return true;
  }
  for (const char* no : {"false", "no", "off", "0", "f", "n"}) {
    if (lower == no) return false;
  }
  return std::nullopt;
}

// A boolean Google Benchmark option given as `--benchmark_NAME` (true) or `--benchmark_NAME=V`:
// whether `arg` is that option, its value in `value`; throws InvalidInput for a value that is not
// a boolean word.
bool take_bool(const std::string& arg, const char* name, bool& value) {
  const std::string flag = std::string("--benchmark_") + name;
  if (arg == flag) {
    value = true;
    return true;
  }
  std::string text;
  if (!take(arg, name, text)) return false;
  const auto word = bool_word(text);
  if (!word) throw InvalidInput(flag + " takes true or false, not '" + text + "'");
  value = *word;
  return true;
}

// Takes the --benchmark_ options crossmem-bench handles itself out of out.benchmark_args.
void take_own_gb_options(CommandLine& out) {
  std::vector<std::string> rest;
  bool list_tests = false;
  for (const std::string& a : out.benchmark_args) {
    std::string v;
    bool report_aggregates_only = false;
    if (a == "--benchmark_color") {
      out.color = true;
    } else if (take(a, "color", v)) {
      // Google Benchmark's: auto (its default: colour on a terminal only), or a boolean.
      if (lowercase(v) == "auto") {
        out.color.reset();
      } else if (const auto word = bool_word(v)) {
        out.color = *word;
      } else {
        throw InvalidInput("--benchmark_color takes auto, true or false, not '" + v + "'");
      }
    } else if (take_bool(a, "display_aggregates_only", out.display_aggregates_only)) {
      // Shown by DisplayReporter; the file keeps every repetition either way.
    } else if (take_bool(a, "report_aggregates_only", report_aggregates_only)) {
      // The aggregates are over every kept repetition of a case, whatever its regime: a file of
      // aggregates alone would lose the rounds, regimes and intervals the reports are made of.
      if (report_aggregates_only) {
        throw InvalidInput(
            "--benchmark_report_aggregates_only is refused: aggregates alone mix host regimes "
            "and lose the repetitions crossmem report and tune need; use "
            "--benchmark_display_aggregates_only=true to show only the aggregates (the file "
            "keeps every repetition)");
      }
    } else if (take(a, "out", out.out)) {
      if (out.out.empty()) throw InvalidInput("--benchmark_out needs a file name");
    } else if (take(a, "out_format", out.out_format)) {
      if (out.out_format != "json" && out.out_format != "console" && out.out_format != "csv") {
        throw InvalidInput("--benchmark_out_format takes json, console or csv, not '" +
                           out.out_format + "'");
      }
    } else if (take(a, "filter", out.plan.filter)) {
      rest.push_back(a);  // also Google Benchmark's, for --progress's count of cases
    } else if (take(a, "repetitions", v)) {
      try {
        std::size_t used = 0;
        out.rounds = std::stoi(v, &used);
        if (used != v.size()) throw std::invalid_argument(v);
      } catch (const std::exception&) {
        throw InvalidInput("--benchmark_repetitions takes a number, not '" + v + "'");
      }
      if (out.rounds < 1 || out.rounds > 1000) {
        throw InvalidInput("--benchmark_repetitions must be 1 to 1000");
      }
    } else if (a == "--benchmark_list_tests" || take(a, "list_tests", v)) {
      list_tests = v.empty() || v == "true" || v == "1";
    } else {
      rest.push_back(a);
    }
  }
  out.benchmark_args = rest;
  if (list_tests) out.action = CommandLine::Action::list_tests;
}

// Checked before anything runs: Google Benchmark would only find out at the end.
void check_output_path(const std::string& path) {
  if (path.empty()) return;
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  if (dir.empty()) dir = "/";
  if (::access(dir.c_str(), W_OK) != 0) {
    throw InvalidInput("cannot write --benchmark_out '" + path + "': " + std::strerror(errno));
  }
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(item);
  return out;
}

// "shm-copy.fragment=4096,16384" -> strategy shm-copy, tunable fragment, values {4096, 16384}.
void add_setting(SuiteConfig& config, const std::string& setting) {
  auto dot = setting.find('.');
  auto eq = setting.find('=');
  if (dot == std::string::npos || eq == std::string::npos || eq < dot) {
    throw InvalidInput("--set '" + setting + "' must look like STRATEGY.TUNABLE=VALUE[,VALUE...]");
  }
  std::string name = setting.substr(0, dot);
  const Strategy* s = find_strategy(name);
  if (!s) throw InvalidInput("--set: unknown strategy '" + name + "'");
  std::string tunable = setting.substr(dot + 1, eq - dot - 1);
  auto& sweep = config.sweeps[name];
  if (sweep.empty()) sweep.emplace_back();
  std::vector<std::map<std::string, std::uint64_t>> next;
  for (const std::string& value : split_list(setting.substr(eq + 1))) {
    Params p = parse_params(*s, {tunable + "=" + value});
    for (auto base : sweep) {
      base[tunable] = p.values().at(tunable);
      next.push_back(base);
    }
  }
  if (next.empty()) throw InvalidInput("--set '" + setting + "' has no value");
  sweep = std::move(next);
}

// The checks and the plan of a run, once the options are parsed.
void fill_plan(const CLI::App& app, const Values& v, CommandLine& out) {
  SuiteConfig& config = out.plan.config;
  ContentionOptions& contention = out.plan.contention;
  // An option given with an empty list is a mistake, not a request for the default.
  for (const char* name : {"--strategies", "--sizes", "--workloads"}) {
    const CLI::Option* given = app.get_option(name);
    if (given->count() > 0 && given->as<std::string>().find_first_not_of(", ") == std::string::npos)
      throw InvalidInput(std::string(name) + " is empty: give at least one name (see --help)");
  }
  take_own_gb_options(out);
  out.regime = parse_regime_policy(v.regime);
  out.regime_seconds = v.regime_seconds;
  out.progress = v.progress;
  for (const std::string& name : split_list(v.workloads)) {
    const WorkloadRow* w = find_workload(name);
    if (!w || w->on_request) {
      throw InvalidInput("unknown workload '" + name + "' (" + selectable_workload_names() + ")");
    }
    if (w->counts == ProcessCounts::pair) {
      config.pair_workloads.push_back(w);
    } else {
      contention.workloads.emplace_back(w->name);
    }
    out.reduces = out.reduces || w->combines;
  }
  out.plan.pingpong = !config.pair_workloads.empty();
  auto type = kernel::parse_reduce_type(v.reduce_type);
  if (!type || (*type != kernel::ReduceType::f64 && *type != kernel::ReduceType::i64)) {
    throw InvalidInput("--reduce-type takes f64 or i64, not '" + v.reduce_type + "'");
  }
  config.workload_options.reduce_type = *type;
  check_output_path(out.out);
  if (v.max_procs == 1) throw InvalidInput("--max-procs: a run needs at least 2 processes");
  contention.max_procs = v.max_procs;
  contention.allow_oversubscribe = v.oversubscribe;
  config.sizes = parse_sizes(!v.sizes.empty() ? v.sizes : v.quick ? kQuickSizes : kDefaultSizes);
  if (v.strategies.empty()) {
    // Strategies that only combine belong to the default list only when a workload reduces.
    for (const Strategy* s : all_strategies()) {
      if (out.reduces || !s->traits.reduce_only) config.strategies.push_back(s);
    }
  } else {
    config.strategies_named = true;
    for (const std::string& name : split_list(v.strategies)) {
      const Strategy* s = find_strategy(name);
      if (!s) throw InvalidInput("unknown strategy '" + name + "' (see --list)");
      config.strategies.push_back(s);
    }
  }
  config.pages.clear();
  for (const std::string& p : split_list(v.pages)) config.pages.push_back(parse_pages(p));
  config.fresh.clear();
  for (const std::string& f : split_list(v.fresh)) {
    if (f != "0" && f != "1") throw InvalidInput("--fresh takes 0, 1 or '0,1', not '" + f + "'");
    config.fresh.push_back(f == "1");
  }
  config.caches.clear();
  for (const std::string& c : split_list(v.caches)) config.caches.push_back(parse_cache(c));
  if (config.pages.empty() || config.fresh.empty() || config.caches.empty()) {
    throw InvalidInput("--pages, --cache and --fresh need a value");
  }
  config.llc_bytes = last_level_cache_bytes();
  config.wait_mode = parse_wait_mode(v.wait);
  for (const std::string& s : v.settings) add_setting(config, s);
  config.validate = v.validate;
  config.loops = v.loops;
  config.timeout = std::chrono::milliseconds(v.timeout_ms);
  config.probe_rounds = v.probe_rounds;
  if (!v.cores.empty() && !v.placement.empty()) {
    throw InvalidInput("--cores and --placement are alternatives: give one");
  }
  if (!v.cores.empty()) {
    config.pus = parse_pus(v.cores);
    if (config.pus.size() != 2) throw InvalidInput("--cores takes exactly two PUs, e.g. 0,1");
    if (config.pus[0] == config.pus[1]) throw InvalidInput("--cores: the two PUs must differ");
    config.placement = "pus-" + std::to_string(config.pus[0]) + "-" + std::to_string(config.pus[1]);
    config.cores_given = true;
  } else {
    config.placement_request = v.placement;
    try {
      PuPlan plan = plan_pus(v.placement, 2, false);
      config.pus = plan.pus;
      config.placement = plan.placement;
    } catch (const Unsupported& e) {
      // A class this machine lacks is a result: every case is recorded as skipped with the
      // reason.
      config.placement = v.placement;
      config.placement_unsupported = e.reason();
      config.pus = default_pus(2, true);
    }
  }
  if (!v.buffer_node.empty()) check_buffer_node(v.buffer_node, config.pus);
  config.buffer_node = v.buffer_node;
}

}  // namespace

CommandLine parse_command_line(const std::vector<std::string>& args) {
  CommandLine out;
  std::vector<const char*> own{"crossmem-bench"};
  for (const std::string& a : args) {
    if (a.rfind("--benchmark_", 0) == 0) {
      out.benchmark_args.push_back(a);
    } else {
      own.push_back(a.c_str());
    }
  }

  CLI::App app{
      "crossmem-bench: ping-pong between two pinned processes for every way of moving a message.\n"
      "Options starting with --benchmark_ are Google Benchmark's (e.g. --benchmark_out=FILE\n"
      "--benchmark_out_format=json --benchmark_min_time=SECONDS --benchmark_filter=REGEX);\n"
      "--benchmark_repetitions=N is the number of paired rounds: the strategies and tunable\n"
      "values of each comparison group (same workload, size, procs, placement, cache, pages,\n"
      "fresh) run one repetition each, back to back, per round, in a rotating order; every\n"
      "repetition runs on freshly allocated buffers between two cache-line handoff probes,\n"
      "and the repetitions are classified into host regimes by those probes.\n"
      "--benchmark_display_aggregates_only=true shows only each case's aggregates (and any\n"
      "error) on the console; the file keeps every repetition. The reports need every\n"
      "repetition, so --benchmark_report_aggregates_only=true is refused.\n"
      "--benchmark_color=auto (default: colour only when stdout is a terminal), true or false.",
      "crossmem-bench"};
  Values v;
  add_options(app, v);
  try {
    app.parse(static_cast<int>(own.size()), own.data());
  } catch (const CLI::CallForHelp&) {
    out.action = CommandLine::Action::help;
    out.help = app.help();
    return out;
  } catch (const CLI::ParseError& e) {
    throw InvalidInput(e.what());
  }
  if (v.list) {
    out.action = CommandLine::Action::list_strategies;
    return out;
  }
  if (v.list_placements) {
    out.action = CommandLine::Action::list_placements;
    return out;
  }
  if (v.list_workloads) {
    out.action = CommandLine::Action::list_workloads;
    return out;
  }
  try {
    fill_plan(app, v, out);
  } catch (const Unsupported& e) {
    // What this machine cannot give is bad input for this run.
    throw InvalidInput(e.reason() + (e.remedy().empty() ? "" : " (" + e.remedy() + ")"));
  }
  return out;
}

}  // namespace crossmem::bench
