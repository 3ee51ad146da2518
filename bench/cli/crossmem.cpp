// crossmem: one command for every crossmem tool, in the manner of git and perf.
// `crossmem SUB ARGS...` runs crossmem-SUB with ARGS, found next to this binary (installed
// layout: all in one bin directory, the VM harness under libexec) or at its place in the build
// tree. Nothing is looked up on PATH, so `crossmem` always runs the tools it was built with.
// Exit status: the subcommand's own; 2 for an unknown subcommand or usage error; 127 when the
// subcommand's binary is missing.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Subcommand {
  const char* name;
  const char* summary;
  std::vector<const char*> places;  // relative to this binary's directory, first found wins
};

// CROSSMEM_*_PLACE are relative paths from this binary's directory, set by
// bench/cli/CMakeLists.txt.
const std::vector<Subcommand>& subcommands() {
  static const std::vector<Subcommand> table = {
      {"bench",
       "measure every way of moving a message between two pinned processes",
       {"crossmem-bench", CROSSMEM_BENCH_PLACE}},
      {"doctor",
       "say why each mechanism can or cannot run here, and what MPI stacks will do",
       {"crossmem-doctor", CROSSMEM_DOCTOR_PLACE}},
      {"report",
       "turn results into plots, tables and index.html",
       {"crossmem-report", CROSSMEM_REPORT_PLACE}},
      {"tune",
       "turn results into MPI settings; --verify checks them on Open MPI",
       {"crossmem-tune", CROSSMEM_TUNE_PLACE}},
      {"vm",
       "run a command inside Debian's kernel in a qemu guest (NUMA, Yama, modules)",
       {CROSSMEM_VM_INSTALLED_PLACE, CROSSMEM_VM_BUILD_PLACE}},
  };
  return table;
}

const Subcommand* find_subcommand(std::string_view name) {
  for (const Subcommand& s : subcommands())
    if (name == s.name) return &s;
  return nullptr;
}

void print_help(std::FILE* out) {
  std::fprintf(out,
               "crossmem: measures every way of moving a message between two processes on one "
               "Linux node.\n\n"
               "Usage: crossmem SUBCOMMAND [ARGS...]\n"
               "       crossmem help [SUBCOMMAND]\n"
               "       crossmem --version\n\n"
               "Subcommands:\n");
  for (const Subcommand& s : subcommands()) std::fprintf(out, "  %-8s %s\n", s.name, s.summary);
  std::fprintf(out,
               "\n`crossmem help SUBCOMMAND` (or `crossmem SUBCOMMAND --help`) lists its options.\n"
               "Each subcommand is also a program of its own, crossmem-SUBCOMMAND.\n"
               "Exit status: the subcommand's; 2 for an unknown subcommand; 127 when its program "
               "is missing.\n");
}

fs::path self_dir() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : self.parent_path();
}

// The first executable place of the subcommand, or an empty path.
fs::path locate(const Subcommand& s) {
  fs::path dir = self_dir();
  if (dir.empty()) return {};
  for (const char* place : s.places) {
    fs::path candidate = dir / place;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.lexically_normal();
  }
  return {};
}

[[noreturn]] void run(const Subcommand& s, int argc, char** argv, int first) {
  fs::path program = locate(s);
  if (program.empty()) {
    std::fprintf(stderr, "crossmem: the program for '%s' is missing next to %s\n", s.name,
                 self_dir().c_str());
    std::exit(127);
  }
  std::string argv0 = program.string();
  std::vector<char*> args{argv0.data()};
  for (int i = first; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  ::execv(argv0.c_str(), args.data());
  std::fprintf(stderr, "crossmem: cannot run %s: %s\n", argv0.c_str(), std::strerror(errno));
  std::exit(127);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_help(stdout);
    return 0;
  }
  std::string_view first = argv[1];
  if (first == "--version" || first == "-V") {
    std::printf("crossmem %s\n", CROSSMEM_VERSION);
    return 0;
  }
  if (first == "help" || first == "--help" || first == "-h") {
    if (argc == 2) {
      print_help(stdout);
      return 0;
    }
    const Subcommand* s = find_subcommand(argv[2]);
    if (!s || argc > 3) {
      std::fprintf(stderr, "crossmem: no help for '%s' (subcommands: see crossmem help)\n",
                   argv[2]);
      return 2;
    }
    char help[] = "--help";
    char* help_argv[] = {argv[0], help};
    run(*s, 2, help_argv, 1);
  }
  const Subcommand* s = find_subcommand(first);
  if (!s) {
    std::fprintf(stderr, "crossmem: '%s' is not a crossmem subcommand (see crossmem help)\n",
                 argv[1]);
    return 2;
  }
  run(*s, argc, argv, 2);
}
