#include "verify.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "crossmem/error.hpp"
#include "crossmem/kernel/process.hpp"
#include "crossmem/results/name.hpp"
#include "crossmem/sizes.hpp"
#include "crossmem/stats/regime.hpp"
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

// `argv` run with environment `env`, killed after `timeout_seconds`.
kernel::Finished run_with_env(std::vector<std::string> argv, const std::vector<std::string>& env,
                              double timeout_seconds) {
  kernel::Command command;
  command.argv = std::move(argv);
  command.env = env;
  command.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::duration<double>(timeout_seconds));
  return kernel::run(command);
}

// One mpirun that succeeded. Throws Unsupported when mpirun cannot be executed,
// std::runtime_error when it fails or times out (with the first lines of its output).
kernel::Finished run_mpirun(const std::vector<std::string>& cmd,
                            const std::vector<std::string>& env, const VerifyOptions& options,
                            const std::string& what) {
  kernel::Finished r = run_with_env(cmd, env, options.timeout_seconds);
  if (!r.started) {
    throw Unsupported("cannot execute " + options.mpirun, "apt-get install openmpi-bin");
  }
  if (r.timed_out || r.exit_code != 0) {
    std::string how =
        r.timed_out ? "timed out" : "failed (exit " + std::to_string(r.exit_code) + ")";
    throw std::runtime_error("mpirun for " + what + " " + how + ": " +
                             first_lines(r.err + r.out, 4));
  }
  return r;
}

// Values of the lines "<key> <value>" in a helper's output. Throws std::runtime_error when there
// is none or one is malformed.
std::vector<double> parse_values(const std::string& output, const std::string& key) {
  std::vector<double> out;
  std::istringstream in(output);
  std::string line;
  const std::string prefix = key + " ";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) != 0) continue;
    const char* start = line.c_str() + prefix.size();
    char* end = nullptr;
    double v = std::strtod(start, &end);
    if (end == start || !(v > 0)) throw std::runtime_error("malformed line: " + line);
    out.push_back(v);
  }
  if (out.empty()) throw std::runtime_error("the helper printed no " + key + " line");
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
  return parse_values(output, "oneway_ns");
}

std::vector<double> parse_reduce_ns(const std::string& output) {
  return parse_values(output, "reduce_ns");
}

results::Verify summarize_verify(const std::vector<VerifySample>& samples) {
  results::Verify v;
  // Regimes from every probe value of the verification.
  std::vector<double> probes;
  for (const auto& s : samples) {
    if (s.probe_before_ns > 0 && s.probe_after_ns > 0) {
      probes.push_back(s.probe_before_ns);
      probes.push_back(s.probe_after_ns);
    }
  }
  std::vector<stats::Regime> regimes = stats::classify(probes);
  std::map<double, std::uint64_t> runs;

  // (size, regime) -> config -> one-way times
  std::map<std::pair<std::uint64_t, double>, std::map<std::string, std::vector<double>>> by_size;
  std::vector<std::string> order;
  for (const auto& s : samples) {
    double regime = 0;
    if (!regimes.empty() && s.probe_before_ns > 0 && s.probe_after_ns > 0) {
      std::size_t before = stats::regime_of(regimes, s.probe_before_ns);
      std::size_t after = stats::regime_of(regimes, s.probe_after_ns);
      if (before != after) {
        ++v.unstable_runs;
        continue;
      }
      regime = regimes[before].handoff_ns;
    }
    ++runs[regime];
    auto& slot = by_size[{s.size, regime}][s.config];
    slot.insert(slot.end(), s.oneway_ns.begin(), s.oneway_ns.end());
    if (std::find(order.begin(), order.end(), s.config) == order.end()) order.push_back(s.config);
  }
  for (const auto& [regime, n] : runs) {
    if (regime > 0) v.regimes.push_back({regime, n});
  }
  for (const auto& [key, configs] : by_size) {
    const auto& [size, regime] = key;
    double best_other = 0, tuned = 0;
    bool have_tuned = false;
    for (const auto& name : order) {
      auto it = configs.find(name);
      if (it == configs.end() || it->second.empty()) continue;
      double ns = stats::median(it->second);
      double bw = static_cast<double>(size) / (ns * 1e-9);
      v.rows.push_back({size, name, bw, ns / 1000.0, regime});
      if (name == "tuned") {
        tuned = bw;
        have_tuned = true;
      } else {
        best_other = std::max(best_other, bw);
      }
    }
    if (have_tuned && best_other > 0) v.efficiency.push_back({size, tuned / best_other, regime});
  }
  return v;
}

double parse_probe_output(const std::string& output) {
  try {
    auto doc = nlohmann::json::parse(output);
    std::vector<double> values;
    for (const auto& v : doc.at("handoff_ns")) values.push_back(v.get<double>());
    double m = stats::median(values);
    if (!(m > 0)) throw std::runtime_error("no positive handoff_ns");
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("unexpected crossmem-probe output: ") + e.what());
  }
}

namespace {

// `name` next to this executable (build tree or installed layout), else at `built_in` (the build
// tree's path, when known), else empty.
fs::path next_to_self(const char* name, const char* built_in) {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path next = self.parent_path() / name;
    if (access(next.c_str(), X_OK) == 0) return next;
  }
  if (built_in != nullptr && access(built_in, X_OK) == 0) return built_in;
  return {};
}

}  // namespace

fs::path find_probe() {
#ifdef CROSSMEM_PROBE
  return next_to_self("crossmem-probe", CROSSMEM_PROBE);
#else
  return next_to_self("crossmem-probe", nullptr);
#endif
}

fs::path find_helper() {
#ifdef CROSSMEM_MPI_PINGPONG
  fs::path found = next_to_self("crossmem-mpi-pingpong", CROSSMEM_MPI_PINGPONG);
#else
  fs::path found = next_to_self("crossmem-mpi-pingpong", nullptr);
#endif
  if (!found.empty()) return found;
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
  if (options.use_probe && options.probe.empty()) options.probe = find_probe();
  if (options.use_probe && options.probe.empty() && options.progress) {
    options.progress("crossmem-probe not found: every run is in one unknown host regime");
  }
  // One handoff value, or 0 when the probe is off or fails (the run is then in no regime).
  auto probe = [&]() -> double {
    if (!options.use_probe || options.probe.empty()) return 0;
    kernel::Finished p = run_with_env({options.probe.string()}, env, 30);
    if (p.timed_out || p.exit_code != 0) {
      if (options.progress) options.progress("crossmem-probe failed: " + first_lines(p.err, 1));
      return 0;
    }
    return parse_probe_output(p.out);
  };

  std::vector<VerifySample> samples;
  const std::size_t total = options.sizes.size() * options.rounds * configs.size();
  for (auto size : options.sizes) {
    for (unsigned round = 0; round < options.rounds; ++round) {
      for (const auto& config : configs) {
        auto cmd = mpirun_command(options, config, size, as_root);
        const std::string what = config.name + " at " + results::format_size(size);
        double before = probe();
        kernel::Finished r = run_mpirun(cmd, env, options, what);
        double after = probe();
        std::vector<double> ns;
        try {
          ns = parse_oneway_ns(r.out);
        } catch (const std::runtime_error& e) {
          throw std::runtime_error("mpirun for " + what + ": " + e.what() + ": " +
                                   first_lines(r.err + r.out, 4));
        }
        if (options.progress) {
          double med = stats::median(ns);
          char buf[160];
          std::snprintf(buf, sizeof buf, "%-8s %-8s %8.2f GB/s %10.2f us  handoff %.0f/%.0f ns",
                        results::format_size(size).c_str(), config.name.c_str(),
                        static_cast<double>(size) / med, med / 1000.0, before, after);
          options.progress(buf);
        }
        samples.push_back({size, config.name, std::move(ns), before, after});
        if (options.step) options.step({samples.size(), total, size, config.name, round});
      }
    }
  }
  return summarize_verify(samples);
}

std::vector<std::uint64_t> default_reduce_anchor_sizes() {
  std::vector<std::uint64_t> out;
  for (std::uint64_t s = 4096; s <= (std::uint64_t{64} << 20); s <<= 1) out.push_back(s);
  return out;
}

std::vector<VerifyConfig> reduce_anchor_configs() {
  return {{"none", {"--mca", "btl_vader_single_copy_mechanism", "none"}},
          {"cma", {"--mca", "btl_vader_single_copy_mechanism", "cma"}}};
}

std::vector<std::string> reduce_anchor_command(const VerifyOptions& options,
                                               const VerifyConfig& config, std::uint64_t size,
                                               int procs, bool as_root) {
  std::vector<std::string> cmd = mpirun_command(options, config, size, as_root);
  // The ping-pong's command with the process count and the reduce mode.
  auto np = std::find(cmd.begin(), cmd.end(), "-np");
  *(np + 1) = std::to_string(procs);
  auto helper = std::find(cmd.begin(), cmd.end(), options.helper.string());
  cmd.insert(helper + 1, "reduce");
  return cmd;
}

results::ReduceAnchor run_reduce_anchor(const VerifyOptions& given, int procs) {
  VerifyOptions options = given;
  if (options.sizes.empty()) options.sizes = default_reduce_anchor_sizes();
  for (std::uint64_t size : options.sizes) {
    if (size % 8 != 0) {
      throw InvalidInput("--sizes: the MPI_Reduce anchor sums doubles; " + std::to_string(size) +
                         " is not a multiple of 8 bytes");
    }
  }
  if (options.helper.empty()) options.helper = find_helper();
  if (!on_path(options.mpirun)) {
    throw Unsupported(options.mpirun + " not found", "apt-get install openmpi-bin");
  }
  const bool as_root = geteuid() == 0;
  const auto configs = reduce_anchor_configs();
  const auto env = child_environment();

  std::map<std::uint64_t, std::map<std::string, std::vector<double>>> samples;
  for (auto size : options.sizes) {
    for (unsigned round = 0; round < options.rounds; ++round) {
      for (const auto& config : configs) {
        auto cmd = reduce_anchor_command(options, config, size, procs, as_root);
        const std::string what = "MPI_Reduce " + config.name + " at " + results::format_size(size);
        kernel::Finished r = run_mpirun(cmd, env, options, what);
        std::vector<double> ns;
        try {
          ns = parse_reduce_ns(r.out);
        } catch (const std::runtime_error& e) {
          throw std::runtime_error("mpirun for " + what + ": " + e.what() + ": " +
                                   first_lines(r.err + r.out, 4));
        }
        if (options.progress) {
          char buf[160];
          std::snprintf(buf, sizeof buf, "MPI_Reduce %-8s %-5s %10.2f us",
                        results::format_size(size).c_str(), config.name.c_str(),
                        stats::median(ns) / 1000.0);
          options.progress(buf);
        }
        auto& slot = samples[size][config.name];
        slot.insert(slot.end(), ns.begin(), ns.end());
      }
    }
  }
  results::ReduceAnchor anchor;
  anchor.mpi = options.mpirun + " -np " + std::to_string(procs) +
               " --bind-to core --mca pml ob1 --mca btl self,vader";
  for (const auto& [size, by_config] : samples) {
    for (const auto& config : configs) {
      double ns = stats::median(by_config.at(config.name));
      anchor.rows.push_back(
          {size, procs, config.name, ns, static_cast<double>(size) * (procs - 1) / (ns * 1e-9)});
    }
  }
  return anchor;
}

}  // namespace crossmem::tune
