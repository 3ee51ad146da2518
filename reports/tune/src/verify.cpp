#include "verify.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <stdexcept>

#include "crossmem/error.hpp"
#include "crossmem/kernel/process.hpp"
#include "crossmem/results/name.hpp"
#include "crossmem/sizes.hpp"
#include "crossmem/stats/summary.hpp"
#include "tune.hpp"

extern char** environ;

namespace crossmem::tune {

namespace fs = std::filesystem;

std::vector<std::uint64_t> default_verify_sizes() {
  std::vector<std::uint64_t> out;
  for (std::uint64_t s = 1024; s <= (std::uint64_t{64} << 20); s <<= 1) out.push_back(s);
  return out;
}

namespace {

// The environment for mpirun: ours without vader/sm/smsc settings, so that "default" means
// Open MPI's defaults (mca-params.conf files still apply).
std::vector<std::string> child_environment() {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    if (entry.rfind("OMPI_MCA_btl_vader_", 0) == 0 || entry.rfind("OMPI_MCA_btl_sm_", 0) == 0 ||
        entry.rfind("OMPI_MCA_smsc", 0) == 0) {
      continue;
    }
    env.push_back(entry);
  }
  return env;
}

std::string first_lines(const std::string& text, std::size_t lines) {
  std::string out;
  std::istringstream in(text);
  std::string line;
  while (lines > 0 && std::getline(in, line)) {
    if (line.find_first_not_of(" -\t") == std::string::npos) continue;
    out += (out.empty() ? "" : " | ") + line;
    --lines;
  }
  return out;
}

}  // namespace

bool on_path(const std::string& program) {
  if (program.find('/') != std::string::npos) return access(program.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && access((fs::path(dir) / program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

std::vector<std::uint64_t> parse_size_list(const std::string& text) {
  std::vector<std::uint64_t> out = parse_sizes(text);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<VerifyConfig> verify_configs(const results::Tuned& tuned) {
  std::vector<VerifyConfig> out;
  out.push_back({"default", {}});
  out.push_back({"none", {"--mca", "btl_vader_single_copy_mechanism", "none"}});
  out.push_back({"cma", {"--mca", "btl_vader_single_copy_mechanism", "cma"}});
  VerifyConfig t{"tuned", {}};
  for (const auto& s : tuned.settings) {
    if (s.stack == kOpenMpi41) t.mca.insert(t.mca.end(), {"--mca", s.name, s.value});
  }
  out.push_back(std::move(t));
  return out;
}

std::uint64_t iterations_for(std::uint64_t size) {
  std::uint64_t target = std::uint64_t{32} << 20;
  return std::clamp<std::uint64_t>(target / std::max<std::uint64_t>(size, 1), 4, 2000);
}

std::vector<std::string> mpirun_command(const VerifyOptions& options, const VerifyConfig& config,
                                        std::uint64_t size, bool as_root) {
  std::vector<std::string> cmd = {options.mpirun};
  if (as_root) cmd.push_back("--allow-run-as-root");
  cmd.insert(cmd.end(), {"-np", "2", "--bind-to", "core", "--mca", "pml", "ob1", "--mca", "btl",
                         "self,vader"});
  cmd.insert(cmd.end(), config.mca.begin(), config.mca.end());
  cmd.insert(cmd.end(),
             {options.helper.string(), std::to_string(size), std::to_string(iterations_for(size)),
              std::to_string(options.repetitions)});
  return cmd;
}

std::vector<double> parse_oneway_ns(const std::string& output) {
  std::vector<double> out;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("oneway_ns ", 0) != 0) continue;
    const char* start = line.c_str() + 10;
    char* end = nullptr;
    double v = std::strtod(start, &end);
    if (end == start || !(v > 0)) throw std::runtime_error("malformed ping-pong line: " + line);
    out.push_back(v);
  }
  if (out.empty()) throw std::runtime_error("the ping-pong printed no oneway_ns line");
  return out;
}

results::Verify summarize_verify(const std::vector<VerifySample>& samples) {
  results::Verify v;
  std::map<std::uint64_t, std::map<std::string, std::vector<double>>> by_size;
  std::vector<std::string> order;
  for (const auto& s : samples) {
    auto& slot = by_size[s.size][s.config];
    slot.insert(slot.end(), s.oneway_ns.begin(), s.oneway_ns.end());
    if (std::find(order.begin(), order.end(), s.config) == order.end()) order.push_back(s.config);
  }
  for (const auto& [size, configs] : by_size) {
    double best_other = 0, tuned = 0;
    bool have_tuned = false;
    for (const auto& name : order) {
      auto it = configs.find(name);
      if (it == configs.end() || it->second.empty()) continue;
      double ns = stats::median(it->second);
      double bw = static_cast<double>(size) / (ns * 1e-9);
      v.rows.push_back({size, name, bw, ns / 1000.0});
      if (name == "tuned") {
        tuned = bw;
        have_tuned = true;
      } else {
        best_other = std::max(best_other, bw);
      }
    }
    if (have_tuned && best_other > 0) v.efficiency.push_back({size, tuned / best_other});
  }
  return v;
}

fs::path find_helper() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path next = self.parent_path() / "crossmem-mpi-pingpong";
    if (access(next.c_str(), X_OK) == 0) return next;
  }
#ifdef CROSSMEM_MPI_PINGPONG
  if (access(CROSSMEM_MPI_PINGPONG, X_OK) == 0) return CROSSMEM_MPI_PINGPONG;
#endif
  throw Unsupported("crossmem-mpi-pingpong is missing: crossmem was built without MPI",
                    "install libopenmpi-dev (Debian) and rebuild");
}

results::Verify run_verify(const results::Tuned& tuned, const VerifyOptions& given) {
  VerifyOptions options = given;
  if (options.sizes.empty()) options.sizes = default_verify_sizes();
  if (options.helper.empty()) options.helper = find_helper();
  if (!on_path(options.mpirun)) {
    throw Unsupported(options.mpirun + " not found", "apt-get install openmpi-bin");
  }
  const bool as_root = geteuid() == 0;
  const auto configs = verify_configs(tuned);
  const auto env = child_environment();

  std::vector<VerifySample> samples;
  const std::size_t total = options.sizes.size() * options.rounds * configs.size();
  for (auto size : options.sizes) {
    for (unsigned round = 0; round < options.rounds; ++round) {
      for (const auto& config : configs) {
        auto cmd = mpirun_command(options, config, size, as_root);
        kernel::Command command;
        command.argv = cmd;
        command.env = env;
        command.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::duration<double>(options.timeout_seconds));
        kernel::Finished r = kernel::run(command);
        if (!r.started) {
          throw Unsupported("cannot execute " + options.mpirun, "apt-get install openmpi-bin");
        }
        if (r.timed_out || r.exit_code != 0) {
          std::string what =
              r.timed_out ? "timed out" : "failed (exit " + std::to_string(r.exit_code) + ")";
          throw std::runtime_error("mpirun for " + config.name + " at " +
                                   results::format_size(size) + " " + what + ": " +
                                   first_lines(r.err + r.out, 4));
        }
        std::vector<double> ns;
        try {
          ns = parse_oneway_ns(r.out);
        } catch (const std::runtime_error& e) {
          throw std::runtime_error("mpirun for " + config.name + " at " +
                                   results::format_size(size) + ": " + e.what() + ": " +
                                   first_lines(r.err + r.out, 4));
        }
        if (options.progress) {
          double med = stats::median(ns);
          char buf[160];
          std::snprintf(buf, sizeof buf, "%-8s %-8s %8.2f GB/s %10.2f us",
                        results::format_size(size).c_str(), config.name.c_str(),
                        static_cast<double>(size) / med, med / 1000.0);
          options.progress(buf);
        }
        samples.push_back({size, config.name, std::move(ns)});
        if (options.step) options.step({samples.size(), total, size, config.name, round});
      }
    }
  }
  return summarize_verify(samples);
}

}  // namespace crossmem::tune
