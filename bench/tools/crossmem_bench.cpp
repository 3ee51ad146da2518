// crossmem-bench: measures ways of moving a message between two pinned processes.
// Options of its own are parsed here; --benchmark_* options go to Google Benchmark unchanged.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <sstream>

#include "crossmem/bench/contention_suite.hpp"
#include "crossmem/bench/context.hpp"
#include "crossmem/bench/display.hpp"
#include "crossmem/bench/pinning.hpp"
#include "crossmem/bench/suite.hpp"
#include "crossmem/bench/summary.hpp"
#include "crossmem/error.hpp"
#include "crossmem/sizes.hpp"

namespace {

using namespace crossmem;
using namespace crossmem::bench;

constexpr const char* kDefaultSizes = "1-64MiB";
constexpr const char* kQuickSizes = "1,64,4KiB,64KiB,1MiB,16MiB";

// Google Benchmark only finds out at the end that --benchmark_out cannot be written; check first.
void check_output_path(const std::vector<char*>& gb_args) {
  for (const char* arg : gb_args) {
    std::string a(arg);
    if (a.rfind("--benchmark_out=", 0) != 0) continue;
    std::string path = a.substr(16);
    if (path.empty()) throw InvalidInput("--benchmark_out needs a file name");
    std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
    if (dir.empty()) dir = "/";
    if (::access(dir.c_str(), W_OK) != 0) {
      throw InvalidInput("cannot write --benchmark_out '" + path + "': " + std::strerror(errno));
    }
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

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> gb_args{argv[0]}, own_args{argv[0]};
  for (int i = 1; i < argc; ++i) {
    (std::strncmp(argv[i], "--benchmark_", 12) == 0 ? gb_args : own_args).push_back(argv[i]);
  }

  CLI::App app{
      "crossmem-bench: ping-pong between two pinned processes for every way of moving a message.\n"
      "Options starting with --benchmark_ go to Google Benchmark (e.g. --benchmark_out=FILE\n"
      "--benchmark_out_format=json --benchmark_repetitions=N --benchmark_min_time=SECONDS).",
      "crossmem-bench"};
  bool list = false, list_placements = false, quick = false, validate = false, config_loops = false;
  std::string strategies, sizes, pages = "4k", caches = "hot", fresh = "0", wait = "spin", cores,
                                 placement_text;
  std::vector<std::string> settings;
  int timeout_ms = 10'000, probe_rounds = 2000, max_procs = 0;
  bool oversubscribe = false, progress = false;
  std::string workloads_text = "pingpong", buffer_node;
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
  app.add_option("--workloads", workloads_text,
                 "Comma-separated workloads: pingpong, many-to-one, one-to-many, all-to-all")
      ->default_str("pingpong");
  app.add_option("--max-procs", max_procs,
                 "Contention workloads: most processes, receiver/sender rank 0 included (default: "
                 "cores here)")
      ->check(CLI::Range(0, 64));
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

  SuiteConfig config;
  bool pingpong = false;
  ContentionOptions contention;
  try {
    // An option given with an empty list is a mistake, not a request for the default.
    for (const char* name : {"--strategies", "--sizes", "--workloads"}) {
      const CLI::Option* given = app.get_option(name);
      if (given->count() > 0 &&
          given->as<std::string>().find_first_not_of(", ") == std::string::npos)
        throw InvalidInput(std::string(name) + " is empty: give at least one name (see --help)");
    }
    for (const std::string& w : split_list(workloads_text)) {
      if (w == "pingpong") {
        pingpong = true;
      } else {
        auto names = contention_workload_names();
        if (std::find(names.begin(), names.end(), w) == names.end()) {
          throw InvalidInput("unknown workload '" + w +
                             "' (pingpong, many-to-one, one-to-many, all-to-all)");
        }
        contention.workloads.push_back(w);
      }
    }
    check_output_path(gb_args);
    if (max_procs == 1) throw InvalidInput("--max-procs: a run needs at least 2 processes");
    contention.max_procs = max_procs;
    contention.allow_oversubscribe = oversubscribe;
    config.sizes = parse_sizes(!sizes.empty() ? sizes : quick ? kQuickSizes : kDefaultSizes);
    if (strategies.empty()) {
      for (const Strategy* s : all_strategies()) config.strategies.push_back(s);
    } else {
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

  for (const auto& [key, value] : run_context(config)) benchmark::AddCustomContext(key, value);
  install_interrupt_handler();
  try {
    if (pingpong) register_cases(config);
    if (!contention.workloads.empty()) register_contention_cases(config, contention);
  } catch (const InvalidInput& e) {
    std::cerr << "crossmem-bench: " << e.what() << "\n";
    return 2;
  }
  DisplayReporter reporter(progress);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  end_suite();
  end_contention_suite();
  benchmark::Shutdown();
  if (interrupted()) {
    std::cerr << "crossmem-bench: interrupted; the cases not run are recorded as \"interrupted\"\n";
    return 130;
  }
  return reporter.failures() > 0 ? 1 : 0;
}
