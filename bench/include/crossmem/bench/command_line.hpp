// crossmem-bench's command line: every option of its own, turned into the sweep to run. Options
// starting with --benchmark_ are Google Benchmark's; the few crossmem-bench handles itself (it runs
// the rounds and writes the output file: out, out_format, repetitions, list_tests,
// display_aggregates_only, report_aggregates_only) are taken here, and the others are left for
// benchmark::Initialize (--benchmark_filter is read here and left too).
// --benchmark_report_aggregates_only=true is refused as bad input: the file must keep every
// repetition (its round and regime) for the reports.
//
// The workload names of --help and --workloads come from the workload table (workloads.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crossmem/bench/rounds.hpp"
#include "crossmem/bench/sweep.hpp"

namespace crossmem::bench {

struct CommandLine {
  enum class Action {
    run,              // measure plan
    help,             // --help: print `help`, then Google Benchmark's options
    list_strategies,  // --list
    list_placements,  // --list-placements
    list_workloads,   // --list-workloads
    list_tests,       // --benchmark_list_tests: the case names of plan, after its filter
  };
  Action action = Action::run;
  std::string help;      // Action::help: crossmem-bench's own options, as --help prints them
  SweepPlan plan;        // the configuration, the workloads and the filter
  bool reduces = false;  // a selected workload combines (the run records crossmem.reduce)
  bool progress = false;
  RegimePolicy regime = RegimePolicy::retry;
  double regime_seconds = 60;
  int rounds = 1;                   // --benchmark_repetitions: paired rounds
  std::string out;                  // --benchmark_out ("": none)
  std::string out_format = "json";  // --benchmark_out_format: json, console or csv
  // --benchmark_display_aggregates_only: the console shows each case's aggregates (and errors)
  // only; the file keeps every repetition.
  bool display_aggregates_only = false;
  // --benchmark_color: true or false as given, or auto (colour when stdout is a terminal).
  std::optional<bool> color;
  // The --benchmark_ options for Google Benchmark, in the order given (no program name).
  std::vector<std::string> benchmark_args;
};

// Parses crossmem-bench's arguments (`args` without the program name). --help and the listing
// options are answered before anything else is checked, as the actions say; for run and list_tests
// every option is checked and the plan filled (sizes, strategies, workloads, placement planned on
// this machine, the last-level cache size read here). Throws InvalidInput with the one line
// crossmem-bench prints for any bad input: an unknown option, a malformed or empty value, a value
// out of range, options that exclude each other, an output path that cannot be written, a
// placement or buffer node this machine cannot give.
CommandLine parse_command_line(const std::vector<std::string>& args);

}  // namespace crossmem::bench
