// crossmem-bench: measures ways of moving a message between two pinned processes.
// The command line is parsed by parse_command_line (command_line.hpp); this file wires the result
// to the listings, Google Benchmark and the paired-round sweep.
#include <benchmark/benchmark.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "crossmem/bench/command_line.hpp"
#include "crossmem/bench/contention_suite.hpp"
#include "crossmem/bench/context.hpp"
#include "crossmem/bench/display.hpp"
#include "crossmem/bench/pinning.hpp"
#include "crossmem/bench/preemption.hpp"
#include "crossmem/bench/rounds.hpp"
#include "crossmem/bench/suite.hpp"
#include "crossmem/bench/sweep.hpp"
#include "crossmem/bench/workloads.hpp"
#include "crossmem/error.hpp"
#include "crossmem/schema/context.hpp"
#include "crossmem/sizes.hpp"

namespace {

using namespace crossmem;
using namespace crossmem::bench;

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

int invalid(const InvalidInput& e) {
  std::cerr << "crossmem-bench: " << e.what() << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CommandLine cl;
  try {
    cl = parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const InvalidInput& e) {
    return invalid(e);
  }
  switch (cl.action) {
    case CommandLine::Action::help: {
      std::cout << cl.help;
      char help[] = "--help";
      char* gb_help[] = {argv[0], help};
      int n = 2;
      std::cout << "\nGoogle Benchmark options:\n";
      std::cout.flush();
      benchmark::Initialize(&n, gb_help);
      return 0;
    }
    case CommandLine::Action::list_strategies:
      std::cout << strategy_table();
      return 0;
    case CommandLine::Action::list_placements:
      std::cout << placement_listing();
      return 0;
    case CommandLine::Action::list_workloads:
      std::cout << workload_table();
      return 0;
    case CommandLine::Action::run:
    case CommandLine::Action::list_tests:
      break;
  }

  std::vector<char*> gb_args{argv[0]};
  for (std::string& arg : cl.benchmark_args) gb_args.push_back(arg.data());
  int gb_argc = static_cast<int>(gb_args.size());
  benchmark::Initialize(&gb_argc, gb_args.data());
  if (benchmark::ReportUnrecognizedArguments(gb_argc, gb_args.data())) return 2;

  SweepPlan& plan = cl.plan;
  if (cl.action == CommandLine::Action::list_tests) {
    try {
      for (const std::string& name : sweep_case_names(plan)) std::cout << name << "\n";
    } catch (const InvalidInput& e) {
      return invalid(e);
    }
    return 0;
  }
  SuiteConfig& config = plan.config;
  PreemptBaseline baseline;
  try {
    baseline = measure_preempt_baseline(config.pus);
  } catch (const SystemError& e) {
    baseline.method = std::string("not measured (") + e.what() + "): preempt_excess = involuntary";
  }
  config.preempt_baseline_hz = baseline.hz;
  for (const auto& [key, value] : run_context(config)) benchmark::AddCustomContext(key, value);
  benchmark::AddCustomContext(schema::key::preempt_baseline, baseline.method);
  if (cl.reduces) {
    benchmark::AddCustomContext(
        schema::key::reduce,
        "sum of " + std::string(kernel::to_string(config.workload_options.reduce_type)) +
            " to rank 0, the root's vector the accumulator (MPI_IN_PLACE); latency_ns per "
            "reduce, bytes_per_second = (procs - 1) x size / latency");
  }
  install_interrupt_handler();
  const RoundBudget budget =
      make_budget(cl.regime, static_cast<std::size_t>(cl.rounds), cl.regime_seconds);
  DisplayReporter reporter(cl.progress, cl.display_aggregates_only,
                           cl.color.value_or(DisplayReporter::color_terminal()));
  SweepResult result;
  try {
    result = run_sweep(plan, budget, reporter);
  } catch (const InvalidInput& e) {
    return invalid(e);
  }
  if (result.cases == 0) {
    std::cerr << "Failed to match any benchmarks against regex: " << plan.filter << "\n";
  }
  reporter.summarize(result.runs);
  reporter.Finalize();
  for (const auto& [key, value] : result.context) benchmark::AddCustomContext(key, value);
  if (!cl.out.empty() && result.cases > 0) {
    std::ofstream file(cl.out);
    if (!file) {
      std::cerr << "crossmem-bench: cannot write --benchmark_out '" << cl.out << "'\n";
      return 1;
    }
    auto writer = file_reporter(cl.out_format);
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
