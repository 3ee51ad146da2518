// crossmem-doctor: which ways of moving messages between processes work on this host, why not,
// and what MPI libraries will do here.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "crossmem/doctor/diagnosis.hpp"
#include "crossmem/doctor/render.hpp"
#include "crossmem/strategy.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "crossmem-doctor: checks what decides whether processes on this host can reach\n"
      "each other's memory (Yama ptrace_scope, CAP_SYS_PTRACE, seccomp, namespaces,\n"
      "/proc hidepid, non-dumpable targets, CONFIG_CROSS_MEMORY_ATTACH), with a real\n"
      "cross-process test; pipe limits, huge pages, /dev/knem, /dev/xpmem and hwloc\n"
      "binding support. Then gives a verdict for every crossmem strategy and predicts\n"
      "what Open MPI, MPICH and UCX will do here.\n"
      "Exit status: 0 when the diagnosis ran (whatever it found), 2 for invalid options,\n"
      "1 when the diagnosis itself failed.",
      "crossmem-doctor"};
  bool json = false;
  app.add_flag("--json", json,
               "Print the diagnosis as JSON (schema crossmem-doctor/1) instead of text")
      ->multi_option_policy(CLI::MultiOptionPolicy::Throw);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "crossmem-doctor: " << e.what() << " (see --help)\n";
    return 2;
  }
  try {
    crossmem::doctor::Diagnosis d = crossmem::doctor::diagnose(crossmem::doctor_inputs());
    if (json) {
      std::cout << crossmem::doctor::to_json(d).dump(2) << "\n";
    } else {
      std::cout << crossmem::doctor::render_text(d);
    }
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "crossmem-doctor: cannot write the diagnosis to standard output\n";
      return 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "crossmem-doctor: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
