// crossmem-bench's command line, parsed in this process: what each option puts into the plan, which
// actions come before the checks, and every bad input with a word of its one-line message.
// (tests/e2e keeps the forked binary's exit status and stderr for the same bad inputs.)
#include "crossmem/bench/command_line.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crossmem/bench/workloads.hpp"
#include "crossmem/error.hpp"

namespace crossmem {
namespace {

using bench::CommandLine;
using Action = CommandLine::Action;

std::string joined(const std::vector<std::string>& args) {
  std::string out;
  for (const std::string& a : args) out += (out.empty() ? "" : " ") + a;
  return "'" + out + "'";
}

std::vector<std::string> names(const std::vector<const Strategy*>& strategies) {
  std::vector<std::string> out;
  for (const Strategy* s : strategies) out.emplace_back(s->name);
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

struct Good {
  std::vector<std::string> args;
  std::function<void(const CommandLine&)> check;
};

TEST(CommandLine, EachOptionFillsThePlan) {
  const std::vector<Good> table = {
      {{},
       [](const CommandLine& c) {
         EXPECT_EQ(c.action, Action::run);
         EXPECT_EQ(c.plan.config.sizes.size(), 27u);  // 1 B to 64 MiB, powers of two
         EXPECT_EQ(c.plan.config.sizes.front(), 1u);
         EXPECT_EQ(c.plan.config.sizes.back(), std::uint64_t{64} << 20);
         EXPECT_TRUE(c.plan.pingpong);
         ASSERT_EQ(c.plan.config.pair_workloads.size(), 1u);
         EXPECT_EQ(c.plan.config.pair_workloads[0]->name, "pingpong");
         EXPECT_TRUE(c.plan.contention.workloads.empty());
         EXPECT_FALSE(c.reduces);
         EXPECT_FALSE(c.plan.config.strategies_named);
         // Every strategy but those that only combine.
         for (const Strategy* s : all_strategies()) {
           EXPECT_EQ(has(names(c.plan.config.strategies), std::string(s->name)),
                     !s->traits.reduce_only)
               << s->name;
         }
         EXPECT_EQ(c.rounds, 1);
         EXPECT_EQ(c.regime, bench::RegimePolicy::retry);
         EXPECT_EQ(c.regime_seconds, 60);
         EXPECT_EQ(c.out, "");
         EXPECT_EQ(c.out_format, "json");
         EXPECT_FALSE(c.display_aggregates_only);
         EXPECT_FALSE(c.color.has_value());
         EXPECT_TRUE(c.benchmark_args.empty());
         EXPECT_EQ(c.plan.config.timeout, std::chrono::milliseconds(10'000));
         EXPECT_EQ(c.plan.config.probe_rounds, 2000);
         EXPECT_EQ(c.plan.config.pus.size(), 2u);
         EXPECT_FALSE(c.plan.config.cores_given);
         EXPECT_EQ(c.plan.config.wait_mode, WaitMode::spin);
         EXPECT_EQ(c.plan.config.pages, std::vector<bench::Pages>{bench::Pages::small});
         EXPECT_EQ(c.plan.config.caches, std::vector<bench::Cache>{bench::Cache::hot});
         EXPECT_EQ(c.plan.config.fresh, std::vector<bool>{false});
         EXPECT_GT(c.plan.config.llc_bytes, 0u);
       }},
      {{"--quick"},
       [](const CommandLine& c) {
         EXPECT_EQ(c.plan.config.sizes,
                   (std::vector<std::uint64_t>{1, 64, 4096, 65536, 1 << 20, 16 << 20}));
       }},
      {{"--quick", "--sizes", "8,1KiB"},
       [](const CommandLine& c) {
         EXPECT_EQ(c.plan.config.sizes, (std::vector<std::uint64_t>{8, 1024}));
       }},
      {{"--workloads", "reduce", "--reduce-type", "i64", "--max-procs", "3", "--oversubscribe"},
       [](const CommandLine& c) {
         EXPECT_TRUE(c.reduces);
         EXPECT_FALSE(c.plan.pingpong);
         EXPECT_TRUE(c.plan.config.pair_workloads.empty());
         EXPECT_EQ(c.plan.contention.workloads, std::vector<std::string>{"reduce"});
         EXPECT_EQ(c.plan.contention.max_procs, 3);
         EXPECT_TRUE(c.plan.contention.allow_oversubscribe);
         EXPECT_EQ(c.plan.config.workload_options.reduce_type, kernel::ReduceType::i64);
         // A workload that combines brings the strategies that only combine into the default list.
         EXPECT_EQ(c.plan.config.strategies.size(), all_strategies().size());
       }},
      {{"--workloads", "pingpong,many-to-one,all-to-all"},
       [](const CommandLine& c) {
         EXPECT_TRUE(c.plan.pingpong);
         EXPECT_FALSE(c.reduces);
         EXPECT_EQ(c.plan.contention.workloads,
                   (std::vector<std::string>{"many-to-one", "all-to-all"}));
       }},
      {{"--strategies", "shm-copy,cma-read", "--loops", "--validate"},
       [](const CommandLine& c) {
         EXPECT_EQ(names(c.plan.config.strategies),
                   (std::vector<std::string>{"shm-copy", "cma-read"}));
         EXPECT_TRUE(c.plan.config.strategies_named);
         EXPECT_TRUE(c.plan.config.loops);
         EXPECT_TRUE(c.plan.config.validate);
       }},
      {{"--pages", "4k,thp", "--cache", "hot,cold", "--fresh", "0,1", "--wait", "futex"},
       [](const CommandLine& c) {
         EXPECT_EQ(c.plan.config.pages,
                   (std::vector<bench::Pages>{bench::Pages::small, bench::Pages::thp}));
         EXPECT_EQ(c.plan.config.caches,
                   (std::vector<bench::Cache>{bench::Cache::hot, bench::Cache::cold}));
         EXPECT_EQ(c.plan.config.fresh, (std::vector<bool>{false, true}));
         EXPECT_EQ(c.plan.config.wait_mode, WaitMode::futex);
       }},
      {{"--set", "shm-copy.fragment=4096,16384", "--set", "shm-copy.depth=4"},
       [](const CommandLine& c) {
         const auto& sweep = c.plan.config.sweeps.at("shm-copy");
         ASSERT_EQ(sweep.size(), 2u);
         EXPECT_EQ(sweep[0].at("fragment"), 4096u);
         EXPECT_EQ(sweep[1].at("fragment"), 16384u);
         EXPECT_EQ(sweep[0].at("depth"), 4u);
         EXPECT_EQ(sweep[1].at("depth"), 4u);
       }},
      {{"--timeout", "250", "--probe-rounds", "10", "--regime", "each", "--regime-budget", "5",
        "--progress"},
       [](const CommandLine& c) {
         EXPECT_EQ(c.plan.config.timeout, std::chrono::milliseconds(250));
         EXPECT_EQ(c.plan.config.probe_rounds, 10);
         EXPECT_EQ(c.regime, bench::RegimePolicy::each);
         EXPECT_EQ(c.regime_seconds, 5);
         EXPECT_TRUE(c.progress);
       }},
      // The --benchmark_ options crossmem-bench runs itself are taken, the others left in order;
      // the filter is both.
      {{"--benchmark_repetitions=3", "--benchmark_min_time=0.01", "--sizes", "64",
        "--benchmark_out=x.json", "--benchmark_out_format=csv", "--benchmark_filter=shm"},
       [](const CommandLine& c) {
         EXPECT_EQ(c.action, Action::run);
         EXPECT_EQ(c.rounds, 3);
         EXPECT_EQ(c.out, "x.json");
         EXPECT_EQ(c.out_format, "csv");
         EXPECT_EQ(c.plan.filter, "shm");
         EXPECT_EQ(c.benchmark_args, (std::vector<std::string>{"--benchmark_min_time=0.01",
                                                               "--benchmark_filter=shm"}));
       }},
      // The console shows aggregates only when asked; the file always keeps every repetition, so
      // report_aggregates_only is taken only as false. Neither goes on to Google Benchmark.
      {{"--benchmark_display_aggregates_only=true", "--benchmark_min_time=0.01"},
       [](const CommandLine& c) {
         EXPECT_TRUE(c.display_aggregates_only);
         EXPECT_EQ(c.benchmark_args, std::vector<std::string>{"--benchmark_min_time=0.01"});
       }},
      {{"--benchmark_display_aggregates_only"},
       [](const CommandLine& c) { EXPECT_TRUE(c.display_aggregates_only); }},
      {{"--benchmark_display_aggregates_only=1"},
       [](const CommandLine& c) { EXPECT_TRUE(c.display_aggregates_only); }},
      {{"--benchmark_display_aggregates_only=true", "--benchmark_display_aggregates_only=False"},
       [](const CommandLine& c) { EXPECT_FALSE(c.display_aggregates_only); }},
      {{"--benchmark_report_aggregates_only=false", "--benchmark_display_aggregates_only=0"},
       [](const CommandLine& c) {
         EXPECT_EQ(c.action, Action::run);
         EXPECT_FALSE(c.display_aggregates_only);
         EXPECT_TRUE(c.benchmark_args.empty());
       }},
      // --benchmark_color: auto (the default) leaves it to the terminal; it never goes on.
      {{"--benchmark_color=false"},
       [](const CommandLine& c) {
         EXPECT_EQ(c.color, std::optional<bool>(false));
         EXPECT_TRUE(c.benchmark_args.empty());
       }},
      {{"--benchmark_color"},
       [](const CommandLine& c) { EXPECT_EQ(c.color, std::optional<bool>(true)); }},
      {{"--benchmark_color=yes", "--benchmark_color=Auto"},
       [](const CommandLine& c) { EXPECT_FALSE(c.color.has_value()); }},
      {{"--benchmark_list_tests", "--sizes", "64"},
       [](const CommandLine& c) {
         EXPECT_EQ(c.action, Action::list_tests);
         EXPECT_TRUE(c.benchmark_args.empty());
         EXPECT_EQ(c.plan.config.sizes, std::vector<std::uint64_t>{64});
       }},
      {{"--benchmark_list_tests=false"},
       [](const CommandLine& c) { EXPECT_EQ(c.action, Action::run); }},
      // A placement class this machine may lack is a result (skipped cases), not bad input.
      {{"--placement", "cross-package"},
       [](const CommandLine& c) {
         EXPECT_EQ(c.plan.config.placement_request, "cross-package");
         EXPECT_EQ(c.plan.config.pus.size(), 2u);
         if (!c.plan.config.placement_unsupported.empty()) {
           EXPECT_EQ(c.plan.config.placement, "cross-package");
         }
       }},
      // The listings and --help answer before anything else is checked.
      {{"--list", "--sizes", "0"},
       [](const CommandLine& c) { EXPECT_EQ(c.action, Action::list_strategies); }},
      {{"--list-placements", "--strategies", "teleport"},
       [](const CommandLine& c) { EXPECT_EQ(c.action, Action::list_placements); }},
      {{"--list-workloads", "--workloads", "scatter"},
       [](const CommandLine& c) { EXPECT_EQ(c.action, Action::list_workloads); }},
      {{"--help", "--cores", "0,0"},
       [](const CommandLine& c) {
         EXPECT_EQ(c.action, Action::help);
         // The workload names of --help come from the table.
         EXPECT_NE(c.help.find(bench::selectable_workload_names()), std::string::npos) << c.help;
         for (const char* option :
              {"--strategies", "--list-workloads", "--reduce-type", "--regime",
               "--benchmark_repetitions=N", "--benchmark_display_aggregates_only=true",
               "--benchmark_report_aggregates_only=true", "--benchmark_color=auto"}) {
           EXPECT_NE(c.help.find(option), std::string::npos) << option;
         }
       }},
  };
  for (const Good& g : table) {
    SCOPED_TRACE(joined(g.args));
    try {
      g.check(bench::parse_command_line(g.args));
    } catch (const std::exception& e) {
      ADD_FAILURE() << "threw: " << e.what();
    }
  }
}

TEST(CommandLine, HelpListsEverySelectableWorkload) {
  const std::string help = bench::parse_command_line({"--help"}).help;
  for (const bench::WorkloadRow* w : bench::all_workloads()) {
    EXPECT_EQ(help.find(std::string(w->name) + ",") != std::string::npos ||
                  help.find(std::string(w->name) + " (see") != std::string::npos,
              !w->on_request)
        << w->name;
  }
}

struct Bad {
  std::vector<std::string> args;
  std::string expect;  // a word the message must contain
};

TEST(CommandLine, BadInputIsInvalidInputWithOneLine) {
  const std::vector<Bad> table = {
      {{"--sizes", "0"}, "zero"},
      {{"--sizes", "-1"}, "negative"},
      {{"--sizes", "1Q"}, "unknown unit"},
      {{"--sizes", "2TiB"}, "unknown unit"},
      {{"--sizes", "2G"}, "1 GiB"},
      {{"--sizes", "1-1G,3-1G,5-1G"}, "more than 64"},
      {{"--strategies", "teleport"}, "unknown strategy"},
      {{"--pages", "1g"}, "page backing"},
      {{"--cache", "warm"}, "cache state"},
      {{"--cache", ""}, "need a value"},
      {{"--wait", "nap"}, "wait mode"},
      {{"--fresh", "2"}, "--fresh"},
      {{"--cores", "0,99"}, "does not exist"},
      {{"--cores", "0,0"}, "must differ"},
      {{"--cores", "0"}, "exactly two"},
      {{"--set", "shm-copy.fragment=1"}, "outside"},
      {{"--set", "shm-copy.colour=1"}, "no tunable"},
      {{"--set", "nosuch.x=1"}, "unknown strategy"},
      {{"--set", "shm-copy"}, "STRATEGY.TUNABLE=VALUE"},
      {{"--set", "shm-copy.fragment="}, "has no value"},
      {{"--timeout", "5"}, "timeout"},
      {{"--probe-rounds", "9"}, "probe-rounds"},
      {{"--regime-budget", "-1"}, "regime-budget"},
      {{"--frobnicate"}, "frobnicate"},
      {{"extra"}, "extra"},
      {{"--benchmark_out=/nonexistent/dir/x.json"}, "cannot write"},
      {{"--benchmark_out="}, "needs a file name"},
      {{"--benchmark_out_format=xml"}, "out_format"},
      {{"--benchmark_repetitions=0"}, "repetitions"},
      {{"--benchmark_repetitions=3x"}, "takes a number"},
      {{"--benchmark_report_aggregates_only=true"}, "--benchmark_display_aggregates_only=true"},
      {{"--benchmark_report_aggregates_only"}, "--benchmark_report_aggregates_only is refused"},
      {{"--benchmark_report_aggregates_only=yes", "--benchmark_display_aggregates_only"},
       "every repetition"},
      {{"--benchmark_report_aggregates_only=maybe"}, "takes true or false"},
      {{"--benchmark_display_aggregates_only="}, "takes true or false"},
      {{"--benchmark_color=sometimes"}, "--benchmark_color takes auto, true or false"},
      {{"--workloads", "scatter"}, "unknown workload"},
      {{"--workloads", "loop"}, "unknown workload"},
      {{"--strategies", ""}, "--strategies is empty"},
      {{"--strategies", ","}, "--strategies is empty"},
      {{"--sizes", ""}, "--sizes is empty"},
      {{"--workloads", ""}, "--workloads is empty"},
      {{"--quick", "--sizes", ""}, "--sizes is empty"},
      {{"--reduce-type", "f32"}, "--reduce-type"},
      {{"--reduce-type", "double"}, "--reduce-type"},
      {{"--workloads", "reduce", "--reduce-type", ""}, "--reduce-type"},
      {{"--max-procs", "65"}, "max-procs"},
      {{"--max-procs", "1"}, "at least 2"},
      {{"--buffer-node", "7"}, "NUMA node"},
      {{"--placement", "core:0,core:99"}, "core:99"},
      {{"--placement", "l3", "--cores", "0,1"}, "alternatives"},
      {{"--regime", "sometimes"}, "--regime"},
  };
  for (const Bad& b : table) {
    SCOPED_TRACE(joined(b.args));
    try {
      bench::parse_command_line(b.args);
      ADD_FAILURE() << "accepted";
    } catch (const InvalidInput& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(b.expect), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not InvalidInput: " << e.what();
    }
  }
}

}  // namespace
}  // namespace crossmem
