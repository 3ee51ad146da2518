// crossmem-bench: measures ways of moving a message between two pinned processes.
// Options of its own are parsed here; --benchmark_* options go to Google Benchmark unchanged.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "crossmem/bench/contention_suite.hpp"
#include "crossmem/bench/context.hpp"
#include "crossmem/bench/display.hpp"
#include "crossmem/bench/pinning.hpp"
#include "crossmem/bench/preemption.hpp"
#include "crossmem/bench/rounds.hpp"
#include "crossmem/bench/sizes.hpp"
#include "crossmem/bench/suite.hpp"
#include "crossmem/bench/summary.hpp"
#include "crossmem/bench/sweep.hpp"
#include "crossmem/bench/workloads.hpp"
#include "crossmem/error.hpp"

namespace {

using namespace crossmem;
using namespace crossmem::bench;

constexpr const char* kDefaultSizes = "1-64MiB";
constexpr const char* kQuickSizes = "1,64,4KiB,64KiB,1MiB,16MiB";

// The --benchmark_ options crossmem-bench handles itself (it runs the rounds and writes the
// output file); the others go to Google Benchmark.
struct GbOwnOptions {
  std::string out, out_format = "json", filter;
  int repetitions = 1;
  bool list_tests = false;
};

bool take(const std::string& arg, const char* name, std::string& value) {
  const std::string prefix = std::string("--benchmark_") + name + "=";
  if (arg.rfind(prefix, 0) != 0) return false;
  value = arg.substr(prefix.size());
  return true;
}

GbOwnOptions take_own_gb_options(std::vector<char*>& gb_args) {
  GbOwnOptions o;
  std::vector<char*> rest;
  for (char* arg : gb_args) {
    const std::string a(arg);
    std::string v;
    if (take(a, "out", o.out)) {
      if (o.out.empty()) throw InvalidInput("--benchmark_out needs a file name");
    } else if (take(a, "out_format", o.out_format)) {
      if (o.out_format != "json" && o.out_format != "console" && o.out_format != "csv") {
        throw InvalidInput("--benchmark_out_format takes json, console or csv, not '" +
                           o.out_format + "'");
      }
    } else if (take(a, "filter", o.filter)) {
      rest.push_back(arg);  // also Google Benchmark's, for --progress's count of cases
    } else if (take(a, "repetitions", v)) {
      try {
        std::size_t used = 0;
        o.repetitions = std::stoi(v, &used);
        if (used != v.size()) throw std::invalid_argument(v);
      } catch (const std::exception&) {
        throw InvalidInput("--benchmark_repetitions takes a number, not '" + v + "'");
      }
      if (o.repetitions < 1 || o.repetitions > 1000) {
        throw InvalidInput("--benchmark_repetitions must be 1 to 1000");
      }
    } else if (a == "--benchmark_list_tests" || take(a, "list_tests", v)) {
      o.list_tests = v.empty() || v == "true" || v == "1";
    } else {
      rest.push_back(arg);
    }
  }
  gb_args = rest;
  return o;
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

std::unique_ptr<benchmark::BenchmarkReporter> file_reporter(const std::string& format) {
  if (format == "console") {
    return std::make_unique<benchmark::ConsoleReporter>(benchmark::ConsoleReporter::OO_None);
  }
  if (format == "csv") {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    return std::make_unique<benchmark::CSVReporter>();
#pragma GCC diagnostic pop
  }
  return std::make_unique<benchmark::JSONReporter>();
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

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> gb_args{argv[0]}, own_args{argv[0]};
  for (int i = 1; i < argc; ++i) {
    (std::strncmp(argv[i], "--benchmark_", 12) == 0 ? gb_args : own_args).push_back(argv[i]);
  }

  CLI::App app{
      "crossmem-bench: ping-pong between two pinned processes for every way of moving a message.\n"
      "Options starting with --benchmark_ are Google Benchmark's (e.g. --benchmark_out=FILE\n"
      "--benchmark_out_format=json --benchmark_min_time=SECONDS --benchmark_filter=REGEX);\n"
      "--benchmark_repetitions=N is the number of paired rounds: the strategies and tunable\n"
      "values of each comparison group (same workload, size, procs, placement, cache, pages,\n"
      "fresh) run one repetition each, back to back, per round, in a rotating order; every\n"
      "repetition runs on freshly allocated buffers between two cache-line handoff probes,\n"
      "and the repetitions are classified into host regimes by those probes.",
      "crossmem-bench"};
  bool list = false, list_placements = false, list_workloads = false, quick = false,
       validate = false, config_loops = false;
  std::string strategies, sizes, pages = "4k", caches = "hot", fresh = "0", wait = "spin", cores,
                                 placement_text;
  std::vector<std::string> settings;
  int timeout_ms = 10'000, probe_rounds = 2000, max_procs = 0;
  bool oversubscribe = false, progress = false;
  std::string workloads_text = "pingpong", buffer_node, regime_text = "retry", reduce_type = "f64";
  double regime_seconds = 60;
  app.add_flag("--list", list, "Print the strategy table with availability here, and exit");
  app.add_option("--strategies", strategies,
                 "Comma-separated strategies to run (default: all available)");
  app.add_option(
      "--sizes", sizes,
      "Message sizes: list of sizes (K/M/G binary suffixes) or ranges A-B (powers of two "
      "from A); default " +
          std::string(kDefaultSizes) + ", at most 1 GiB and 64 sizes");
  app.add_flag("--quick", quick,
               std::string("Few sizes (") + kQuickSizes + ") unless --sizes is given");
  app.add_option(
         "--workloads", workloads_text,
         "Comma-separated workloads: " + selectable_workload_names() + " (see --list-workloads)")
      ->default_str("pingpong");
  app.add_flag("--list-workloads", list_workloads,
               "Print the workload table (processes, how bytes are counted), and exit");
  app.add_option("--max-procs", max_procs,
                 "Workloads over N processes (contention, reduce): most processes, rank 0 "
                 "included (default: cores here)")
      ->check(CLI::Range(0, kMaxProcs));
  app.add_option("--reduce-type", reduce_type,
                 "Element type of the reduce workload's sum: f64 (default) or i64")
      ->default_str("f64");
  app.add_flag("--oversubscribe", oversubscribe,
               "Contention workloads: allow more processes than cores (futex waits, flagged "
               "oversubscribed:1)");
  app.add_flag(
      "--loops", config_loops,
      "Also run each case as a sync-free loop (loop/...): the same send/recv code back to back "
      "with no notifications, the baseline for the harness's own cost");
  app.add_flag("--progress", progress,
               "Show the sweep's progress on stderr (a live line on a terminal, one line per "
               "finished group otherwise); Google Benchmark's context lines then stay on stdout");
  app.add_flag("--validate", validate,
               "Stamp and check the payload of every message (timing then includes it)");
  app.add_option(
         "--fresh", fresh,
         "Source freshness: 0 = send the same buffer, 1 = sender rewrites it before each send "
         "and receiver reads it after; '0,1' runs both")
      ->default_str("0");
  app.add_option(
         "--pages", pages,
         "Page backing of buffers: 4k, thp (transparent huge pages), hugetlb (reserved 2 MiB "
         "pages, vm.nr_hugepages), or a list such as '4k,thp'")
      ->default_str("4k");
  app.add_option("--cache", caches,
                 "Cache state of buffers: hot (every message reuses the same bytes), cold (each "
                 "buffer rotates through slots spanning twice the last-level cache), or 'hot,cold'")
      ->default_str("hot");
  app.add_option("--wait", wait, "Doorbell wait mode: spin or futex")->default_str("spin");
  app.add_option("--placement", placement_text,
                 "Where the two processes run: default (closest pair of distinct cores), a class "
                 "(smt, l2, l3, package, numa, cross-package; see --list-placements) or one hwloc "
                 "location per process, e.g. package:0.core:0,package:1.core:0");
  app.add_option("--cores", cores,
                 "OS indexes of the two PUs to pin to, e.g. 0,1 (instead of --placement)");
  app.add_option(
      "--buffer-node", buffer_node,
      "Bind message buffers to a NUMA node and verify: sender (the node of each message's "
      "sender), receiver, or a node's logical index");
  app.add_flag("--list-placements", list_placements,
               "Print the placement classes present here, and exit");
  app.add_option(
      "--set", settings,
      "Strategy tunable, STRATEGY.TUNABLE=VALUE[,VALUE...] (several values sweep); repeatable");
  app.add_option("--timeout", timeout_ms, "Longest wait for a peer, milliseconds")
      ->default_val(10'000)
      ->check(CLI::Range(100, 3'600'000));
  app.add_option("--probe-rounds", probe_rounds, "Round trips in each cache-line handoff probe")
      ->default_val(2000)
      ->check(CLI::Range(10, 1'000'000));
  app.add_option("--regime", regime_text,
                 "What to do with a round whose handoff probes saw more than one host regime "
                 "(probe clusters 2x apart): retry = measure it again, at most as many times "
                 "per comparison group as there are rounds and until repeated rounds have taken "
                 "--regime-budget seconds in the run, then keep it tagged mixed_round; any = keep "
                 "every round, tagged; each = as retry, and go on in each group until every "
                 "regime seen has as many rounds as asked (at most 3x the rounds beyond them, "
                 "within the same seconds)")
      ->default_str("retry");
  app.add_option("--regime-budget", regime_seconds,
                 "Seconds the run may spend on repeated or extra rounds (--regime retry, each)")
      ->default_val(60)
      ->check(CLI::Range(0.0, 86400.0));
  try {
    app.parse(static_cast<int>(own_args.size()), own_args.data());
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    char help[] = "--help";
    char* gb_help[] = {argv[0], help};
    int n = 2;
    std::cout << "\nGoogle Benchmark options:\n";
    std::cout.flush();
    benchmark::Initialize(&n, gb_help);
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "crossmem-bench: " << e.what() << "\n";
    return 2;
  }

  if (list) {
    std::cout << strategy_table();
    return 0;
  }
  if (list_placements) {
    std::cout << placement_listing();
    return 0;
  }
  if (list_workloads) {
    std::cout << workload_table();
    return 0;
  }

  SuiteConfig config;
  ContentionOptions contention;
  GbOwnOptions gb_own;
  RegimePolicy policy = RegimePolicy::retry;
  bool combines = false;  // a selected workload reduces
  try {
    // An option given with an empty list is a mistake, not a request for the default.
    for (const char* name : {"--strategies", "--sizes", "--workloads"}) {
      const CLI::Option* given = app.get_option(name);
      if (given->count() > 0 &&
          given->as<std::string>().find_first_not_of(", ") == std::string::npos)
        throw InvalidInput(std::string(name) + " is empty: give at least one name (see --help)");
    }
    gb_own = take_own_gb_options(gb_args);
    policy = parse_regime_policy(regime_text);
    for (const std::string& name : split_list(workloads_text)) {
      const WorkloadRow* w = find_workload(name);
      if (!w || w->on_request) {
        throw InvalidInput("unknown workload '" + name + "' (" + selectable_workload_names() + ")");
      }
      if (w->counts == ProcessCounts::pair) {
        config.pair_workloads.push_back(w);
      } else {
        contention.workloads.emplace_back(w->name);
      }
      combines = combines || w->combines;
    }
    auto type = kernel::parse_reduce_type(reduce_type);
    if (!type || (*type != kernel::ReduceType::f64 && *type != kernel::ReduceType::i64)) {
      throw InvalidInput("--reduce-type takes f64 or i64, not '" + reduce_type + "'");
    }
    config.workload_options.reduce_type = *type;
    check_output_path(gb_own.out);
    if (max_procs == 1) throw InvalidInput("--max-procs: a run needs at least 2 processes");
    contention.max_procs = max_procs;
    contention.allow_oversubscribe = oversubscribe;
    config.sizes = parse_sizes(!sizes.empty() ? sizes : quick ? kQuickSizes : kDefaultSizes);
    if (strategies.empty()) {
      // Strategies that only combine belong to the default list only when a workload reduces.
      for (const Strategy* s : all_strategies()) {
        if (combines || !s->traits.reduce_only) config.strategies.push_back(s);
      }
    } else {
      config.strategies_named = true;
      for (const std::string& name : split_list(strategies)) {
        const Strategy* s = find_strategy(name);
        if (!s) throw InvalidInput("unknown strategy '" + name + "' (see --list)");
        config.strategies.push_back(s);
      }
    }
    config.pages.clear();
    for (const std::string& p : split_list(pages)) config.pages.push_back(parse_pages(p));
    config.fresh.clear();
    for (const std::string& f : split_list(fresh)) {
      if (f != "0" && f != "1") throw InvalidInput("--fresh takes 0, 1 or '0,1', not '" + f + "'");
      config.fresh.push_back(f == "1");
    }
    config.caches.clear();
    for (const std::string& c : split_list(caches)) config.caches.push_back(parse_cache(c));
    if (config.pages.empty() || config.fresh.empty() || config.caches.empty()) {
      throw InvalidInput("--pages, --cache and --fresh need a value");
    }
    config.llc_bytes = last_level_cache_bytes();
    config.wait_mode = parse_wait_mode(wait);
    for (const std::string& s : settings) add_setting(config, s);
    config.validate = validate;
    config.loops = config_loops;
    config.timeout = std::chrono::milliseconds(timeout_ms);
    config.probe_rounds = probe_rounds;
    if (!cores.empty() && !placement_text.empty()) {
      throw InvalidInput("--cores and --placement are alternatives: give one");
    }
    if (!cores.empty()) {
      config.pus = parse_pus(cores);
      if (config.pus.size() != 2) throw InvalidInput("--cores takes exactly two PUs, e.g. 0,1");
      if (config.pus[0] == config.pus[1]) throw InvalidInput("--cores: the two PUs must differ");
      config.placement =
          "pus-" + std::to_string(config.pus[0]) + "-" + std::to_string(config.pus[1]);
      config.cores_given = true;
    } else {
      config.placement_request = placement_text;
      try {
        PuPlan plan = plan_pus(placement_text, 2, false);
        config.pus = plan.pus;
        config.placement = plan.placement;
      } catch (const Unsupported& e) {
        // A class this machine lacks is a result: every case is recorded as skipped with the
        // reason.
        config.placement = placement_text;
        config.placement_unsupported = e.reason();
        config.pus = default_pus(2, true);
      }
    }
    if (!buffer_node.empty()) check_buffer_node(buffer_node, config.pus);
    config.buffer_node = buffer_node;
  } catch (const InvalidInput& e) {
    std::cerr << "crossmem-bench: " << e.what() << "\n";
    return 2;
  } catch (const Unsupported& e) {
    std::cerr << "crossmem-bench: " << e.reason()
              << (e.remedy().empty() ? "" : " (" + e.remedy() + ")") << "\n";
    return 2;
  }

  int gb_argc = static_cast<int>(gb_args.size());
  benchmark::Initialize(&gb_argc, gb_args.data());
  if (benchmark::ReportUnrecognizedArguments(gb_argc, gb_args.data())) return 2;

  SweepPlan plan;
  plan.pingpong = !config.pair_workloads.empty();
  plan.contention = contention;
  plan.filter = gb_own.filter;
  if (gb_own.list_tests) {
    plan.config = config;
    try {
      for (const std::string& name : sweep_case_names(plan)) std::cout << name << "\n";
    } catch (const InvalidInput& e) {
      std::cerr << "crossmem-bench: " << e.what() << "\n";
      return 2;
    }
    return 0;
  }
  PreemptBaseline baseline;
  try {
    baseline = measure_preempt_baseline(config.pus);
  } catch (const SystemError& e) {
    baseline.method = std::string("not measured (") + e.what() + "): preempt_excess = involuntary";
  }
  config.preempt_baseline_hz = baseline.hz;
  plan.config = config;
  for (const auto& [key, value] : run_context(config)) benchmark::AddCustomContext(key, value);
  benchmark::AddCustomContext("crossmem.preempt_baseline", baseline.method);
  if (combines) {
    benchmark::AddCustomContext(
        "crossmem.reduce",
        "sum of " + std::string(kernel::to_string(config.workload_options.reduce_type)) +
            " to rank 0, the root's vector the accumulator (MPI_IN_PLACE); latency_ns per "
            "reduce, bytes_per_second = (procs - 1) x size / latency");
  }
  install_interrupt_handler();
  const RoundBudget budget =
      make_budget(policy, static_cast<std::size_t>(gb_own.repetitions), regime_seconds);
  DisplayReporter reporter(progress);
  SweepResult result;
  try {
    result = run_sweep(plan, budget, reporter);
  } catch (const InvalidInput& e) {
    std::cerr << "crossmem-bench: " << e.what() << "\n";
    return 2;
  }
  if (result.cases == 0) {
    std::cerr << "Failed to match any benchmarks against regex: " << gb_own.filter << "\n";
  }
  reporter.summarize(result.runs);
  reporter.Finalize();
  for (const auto& [key, value] : result.context) benchmark::AddCustomContext(key, value);
  if (!gb_own.out.empty() && result.cases > 0) {
    std::ofstream file(gb_own.out);
    if (!file) {
      std::cerr << "crossmem-bench: cannot write --benchmark_out '" << gb_own.out << "'\n";
      return 1;
    }
    auto writer = file_reporter(gb_own.out_format);
    writer->SetOutputStream(&file);
    writer->SetErrorStream(&file);
    benchmark::BenchmarkReporter::Context context;
    writer->ReportContext(context);
    writer->ReportRuns(result.runs);
    writer->Finalize();
  }
  end_suite();
  end_contention_suite();
  benchmark::Shutdown();
  if (interrupted()) {
    std::cerr << "crossmem-bench: interrupted; the cases not run are recorded as \"interrupted\"\n";
    return 130;
  }
  return reporter.failures() > 0 ? 1 : 0;
}
