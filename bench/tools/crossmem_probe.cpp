// crossmem-probe: the cache-line handoff probe alone, for programs that need to know the host
// regime around runs of their own (crossmem-tune --verify brackets every mpirun with it).
//
//   crossmem-probe [--cores A,B] [--rounds N] [--count K]
//
// Pins two processes as crossmem-bench does by default (the closest pair of distinct cores) or to
// --cores, takes K probes of N round trips each (Team::probe, a memcpy team: no message moves) and
// prints one JSON object on stdout:
//   {"handoff_ns": [...], "doorbell_ns": [...], "pus": [A, B], "rounds": N}
// Exit status: 0 done, 2 invalid input, 1 failure (with one line on stderr).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "../workloads/pingpong.hpp"
#include "crossmem/bench/pinning.hpp"
#include "crossmem/bench/team.hpp"
#include "crossmem/error.hpp"
#include "crossmem/strategy.hpp"

int main(int argc, char** argv) {
  using namespace crossmem;
  using namespace crossmem::bench;
  CLI::App app{
      "crossmem-probe: one-way cache-line handoff between two pinned processes, as JSON.\n"
      "Exit status: 0 done, 2 invalid input, 1 failure.",
      "crossmem-probe"};
  std::string cores;
  int rounds = 2000, count = 1;
  app.add_option("--cores", cores,
                 "OS indexes of the two PUs, e.g. 0,1 (default: as crossmem-bench)");
  app.add_option("--rounds", rounds, "Round trips per probe")
      ->check(CLI::Range(10, 1'000'000))
      ->capture_default_str();
  app.add_option("--count", count, "Probes taken")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "crossmem-probe: %s (see --help)\n", e.what());
    return 2;
  }
  try {
    TeamSpec spec;
    spec.strategy = find_strategy("memcpy");
    spec.procs = 2;
    if (cores.empty()) {
      spec.pus = default_pus(2, true);
    } else {
      spec.pus = parse_pus(cores);
      if (spec.pus.size() != 2 || spec.pus[0] == spec.pus[1]) {
        throw InvalidInput("--cores takes two different PUs, e.g. 0,1");
      }
    }
    PingPong workload;
    Team team(spec, workload);
    std::string handoff, doorbell;
    for (int i = 0; i < count; ++i) {
      ProbeResult p = team.probe(rounds);
      handoff += (i ? ", " : "") + std::to_string(p.handoff_ns);
      doorbell += (i ? ", " : "") + std::to_string(p.doorbell_ns);
    }
    std::printf(
        "{\"handoff_ns\": [%s], \"doorbell_ns\": [%s], \"pus\": [%u, %u], \"rounds\": %d}\n",
        handoff.c_str(), doorbell.c_str(), spec.pus[0], spec.pus[1], rounds);
    return 0;
  } catch (const InvalidInput& e) {
    std::fprintf(stderr, "crossmem-probe: %s\n", e.what());
    return 2;
  } catch (const Unsupported& e) {
    std::fprintf(stderr, "crossmem-probe: unsupported here: %s\n", e.reason().c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crossmem-probe: %s\n", e.what());
    return 1;
  }
}
