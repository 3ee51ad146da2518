// crossmem-tune: MPI settings from crossmem-bench results, and their verification on Open MPI.
// Exit status: 0 done, 2 invalid input or usage (one line on stderr, nothing written),
// 1 failure (unsupported here, a run that failed, disk errors).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "crossmem/error.hpp"
#include "crossmem/progress.hpp"
#include "crossmem/results/extras.hpp"
#include "crossmem/results/name.hpp"
#include "crossmem/results/results.hpp"
#include "outputs.hpp"
#include "tune.hpp"
#include "verify.hpp"

namespace {

namespace fs = std::filesystem;
using namespace crossmem;

std::string source_note(const results::Results& r) {
  std::string note;
  for (const auto& s : r.sources) note += (note.empty() ? "" : "; ") + s.label;
  return note;
}

void print_settings(const results::Tuned& tuned) {
  std::string stack;
  for (const auto& s : tuned.settings) {
    if (s.stack != stack) {
      std::printf("%s%s\n", stack.empty() ? "" : "\n", s.stack.c_str());
      stack = s.stack;
    }
    std::printf("  %s = %s\n      %s\n", s.name.c_str(), s.value.c_str(), s.reason.c_str());
  }
  auto flags = tune::mca_flags(tuned, tune::kOpenMpi41, true);
  std::string line = "\nOpen MPI 4.1: mpirun";
  for (const auto& f : flags) line += " " + f;
  if (flags.empty()) line += " (Open MPI's defaults kept)";
  std::printf("%s\n", line.c_str());
}

std::string regime_name(double regime_ns) {
  return regime_ns > 0 ? results::format_regime(regime_ns) : "unknown";
}

void print_verify(const results::Verify& v) {
  bool regimes = !v.regimes.empty();
  std::printf("\n%-8s %-8s %12s %12s%s\n", "size", "config", "GB/s", "latency us",
              regimes ? "   regime" : "");
  std::uint64_t size = 0;
  for (const auto& row : v.rows) {
    if (row.size != size && size != 0) std::printf("\n");
    size = row.size;
    std::printf("%-8s %-8s %12.3f %12.2f%s\n", results::format_size(row.size).c_str(),
                row.config.c_str(), row.bandwidth_Bps / 1e9, row.latency_us,
                regimes ? ("   " + regime_name(row.regime_ns)).c_str() : "");
  }
  if (regimes) {
    std::string seen;
    for (const auto& r : v.regimes) {
      seen += (seen.empty() ? "" : ", ") + regime_name(r.regime_ns) + " (" +
              std::to_string(r.runs) + " runs)";
    }
    std::printf("\nhost regimes seen: %s; %llu runs unstable (probes disagree), left out\n",
                seen.c_str(), static_cast<unsigned long long>(v.unstable_runs));
  }
  std::printf("\nefficiency (tuned / best of default, none, cma%s):\n",
              regimes ? ", within each regime" : "");
  // Per size: the lowest efficiency over its regimes decides whether the size reaches the goal.
  std::map<std::uint64_t, double> worst;
  for (const auto& e : v.efficiency) {
    std::string best;
    double best_bw = 0;
    for (const auto& row : v.rows) {
      if (row.size == e.size && row.regime_ns == e.regime_ns && row.config != "tuned" &&
          row.bandwidth_Bps > best_bw) {
        best_bw = row.bandwidth_Bps;
        best = row.config;
      }
    }
    auto [it, added] = worst.try_emplace(e.size, e.efficiency);
    if (!added) it->second = std::min(it->second, e.efficiency);
    std::string where = regimes ? " in the " + regime_name(e.regime_ns) + " regime" : "";
    std::printf(
        "  %-8s %.3f%s%s\n", results::format_size(e.size).c_str(), e.efficiency,
        regimes ? ("   " + regime_name(e.regime_ns)).c_str() : "",
        e.efficiency >= 0.95 ? "" : ("   below 0.95" + where + "; fastest there: " + best).c_str());
  }
  std::size_t reached = 0;
  for (const auto& [s, e] : worst) reached += e >= 0.95;
  std::printf("tuned reaches 0.95 x the best at %zu of %zu sizes%s\n", reached, worst.size(),
              regimes ? " (in every regime measured there)" : "");
}

void print_reduce_anchor(const results::ReduceAnchor& a) {
  std::printf("\nMPI_Reduce, sum of doubles to rank 0 (%s)\n", a.mpi.c_str());
  std::printf("%-8s %-6s %6s %14s %12s\n", "size", "config", "procs", "us per reduce", "GB/s");
  for (const auto& row : a.rows) {
    std::printf("%-8s %-6s %6d %14.2f %12.3f\n", results::format_size(row.size).c_str(),
                row.config.c_str(), row.procs, row.reduce_ns / 1000.0, row.bytes_per_second / 1e9);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Turns crossmem-bench ping-pong results into MPI settings, each with the measurement\n"
      "behind it: Open MPI 4.1 and 5, MPICH, UCX, MVAPICH2. Writes tuned.json, tuned.conf\n"
      "(mca-params.conf lines) and tuned.env (environment lines) into DIR.\n"
      "With --verify, runs an MPI ping-pong under Debian's Open MPI with the defaults,\n"
      "single copy none, cma and the tuned settings of DIR/tuned.json, and writes verify.json.\n"
      "Settings are chosen within one host regime; where regimes call for different settings,\n"
      "the one with the best worst-case efficiency over the regimes seen is chosen and the\n"
      "trade-off printed. --verify brackets every mpirun with the handoff probe\n"
      "(crossmem-probe) and compares configurations only within a regime.\n"
      "With --reduce-anchor, runs Open MPI's own MPI_Reduce (sum of doubles to rank 0, vader\n"
      "single copy none and cma: the anchor of crossmem-bench --workloads reduce) and writes\n"
      "reduce_anchor.json.\n"
      "Exit status: 0 done, 2 invalid input or usage, 1 failure.",
      "crossmem-tune"};
  std::string output, sizes, mpirun = "mpirun.openmpi";
  std::vector<std::string> inputs;
  bool verify = false, verbose = false, reduce_anchor = false;
  unsigned repetitions = 3, rounds = 2;
  int procs = 2;
  app.add_option("-o,--output", output,
                 "output directory (default: report/ next to the first input)")
      ->type_name("DIR");
  app.add_flag("--verify", verify,
               "run the Open MPI verification with DIR/tuned.json (after tuning, when input "
               "files are given) and write DIR/verify.json");
  app.add_flag("--reduce-anchor", reduce_anchor,
               "run Open MPI's MPI_Reduce (sum of doubles, vader none and cma) and write "
               "DIR/reduce_anchor.json");
  app.add_option("--procs", procs, "--reduce-anchor: MPI processes")
      ->check(CLI::Range(2, 64))
      ->capture_default_str();
  app.add_option("--sizes", sizes,
                 "verification sizes: list (K/M/G binary suffixes) or ranges A-B, powers of two "
                 "from A (default 1K-64M; --reduce-anchor: 4K-64M, multiples of 8)")
      ->type_name("LIST");
  app.add_option("--repetitions", repetitions,
                 "timed repetitions per run, after a discarded warm-up")
      ->check(CLI::Range(1u, 1000u))
      ->capture_default_str();
  app.add_option("--rounds", rounds,
                 "runs per size and configuration, interleaved (default, none, cma, tuned, ...)")
      ->check(CLI::Range(1u, 100u))
      ->capture_default_str();
  app.add_flag("--verbose", verbose,
               "--verify: print every run on stderr instead of the progress (a live line on a "
               "terminal, one line per finished size otherwise)");
  app.add_option("--mpirun", mpirun, "Open MPI's launcher")->capture_default_str();
  app.add_option("FILE.json", inputs, "crossmem-bench JSON files")->type_name("");

  try {
    app.parse(argc, argv);
    if (reduce_anchor && (verify || !inputs.empty())) {
      throw CLI::ValidationError("--reduce-anchor runs alone: no --verify, no FILE.json");
    }
    if (reduce_anchor && output.empty()) {
      throw CLI::ValidationError("--reduce-anchor needs -o DIR");
    }
    if (!reduce_anchor && app.count("--procs")) {
      throw CLI::ValidationError("--procs needs --reduce-anchor");
    }
    if (inputs.empty() && !verify && !reduce_anchor) {
      throw CLI::ValidationError("FILE.json is required");
    }
    if (inputs.empty() && output.empty()) {
      throw CLI::ValidationError("--verify without input files needs -o DIR");
    }
    if (!verify && !reduce_anchor &&
        (app.count("--sizes") || app.count("--repetitions") || app.count("--rounds"))) {
      throw CLI::ValidationError(
          "--sizes, --repetitions and --rounds need --verify or --reduce-anchor");
    }
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "crossmem-tune: %s (see --help)\n", e.what());
    return 2;
  }

  try {
    fs::path dir = output.empty() ? tune::default_output_dir(inputs.front()) : fs::path(output);
    tune::VerifyOptions verify_options;
    if ((verify || reduce_anchor) && app.count("--sizes")) {
      verify_options.sizes = tune::parse_size_list(sizes);
    }
    verify_options.repetitions = repetitions;
    verify_options.rounds = rounds;
    verify_options.mpirun = mpirun;

    if (reduce_anchor) {
      std::fflush(stdout);
      verify_options.progress = [](const std::string& line) {
        std::fprintf(stderr, "%s\n", line.c_str());
      };
      results::ReduceAnchor a = tune::run_reduce_anchor(verify_options, procs);
      tune::write_files(dir, {{"reduce_anchor.json", results::to_json_text(a)}});
      print_reduce_anchor(a);
      std::printf("\nwrote %s\n", (dir / "reduce_anchor.json").c_str());
      return 0;
    }

    results::Tuned tuned;
    if (!inputs.empty()) {
      std::vector<fs::path> files(inputs.begin(), inputs.end());
      results::Results loaded = results::load_results(files);
      tune::TuneResult result = tune::tune_regimes(loaded);
      tuned = result.tuned;
      std::string note = source_note(loaded);
      tune::write_files(dir, {{"tuned.json", results::to_json_text(tuned)},
                              {"tuned.conf", tune::render_conf(tuned, note)},
                              {"tuned.env", tune::render_env(tuned, note)}});
      print_settings(tuned);
      if (!result.tradeoff.empty()) {
        std::printf("\nhost regimes:\n");
        for (const auto& line : result.tradeoff) std::printf("  %s\n", line.c_str());
      }
      std::printf("\nwrote %s, tuned.conf, tuned.env\n", (dir / "tuned.json").c_str());
    } else {
      fs::path file = dir / "tuned.json";
      std::error_code ec;
      if (!fs::exists(file, ec)) {
        throw InvalidInput("no tuned.json in " + dir.string() +
                           ": run crossmem-tune FILE.json... first");
      }
      tuned = results::load_tuned(file);
    }

    if (verify) {
      std::fflush(stdout);
      std::unique_ptr<Progress> display;
      std::size_t done = 0;
      if (verbose) {
        verify_options.progress = [](const std::string& line) {
          std::fprintf(stderr, "%s\n", line.c_str());
        };
      } else {
        // Runs go size by size (every round of every configuration): a size is a group.
        verify_options.step = [&](const tune::VerifyStep& step) {
          if (!display) display = std::make_unique<Progress>("verification", step.total);
          done = step.done;
          std::string size = results::format_size(step.size);
          std::size_t per_size = step.total / std::max<std::size_t>(1, verify_options.sizes.size());
          if (per_size > 0 && step.done % per_size == 0) display->group(done, size + " done");
          display->step(done, size + " " + step.config + ", round " +
                                  std::to_string(step.round + 1) + "/" +
                                  std::to_string(verify_options.rounds));
        };
      }
      if (verify_options.sizes.empty()) verify_options.sizes = tune::default_verify_sizes();
      results::Verify v = tune::run_verify(tuned, verify_options);
      if (display) {
        display->finish("verification: " + std::to_string(done) + " runs in " +
                        Progress::clock(display->elapsed_seconds()));
      }
      tune::write_files(dir, {{"verify.json", results::to_json_text(v)}});
      print_verify(v);
      std::printf("\nwrote %s\n", (dir / "verify.json").c_str());
    }
    return 0;
  } catch (const InvalidInput& e) {
    std::fprintf(stderr, "crossmem-tune: %s\n", e.what());
    return 2;
  } catch (const Unsupported& e) {
    std::fprintf(stderr, "crossmem-tune: unsupported here: %s%s\n", e.reason().c_str(),
                 e.remedy().empty() ? "" : (" (remedy: " + e.remedy() + ")").c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crossmem-tune: %s\n", e.what());
    return 1;
  }
}
