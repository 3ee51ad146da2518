// The tuner's outputs the report renders: tuned settings and the Open MPI verification.
//
// tuned.json:  {"settings": [{"stack": "...", "name": "...", "value": "...", "reason": "..."}]}
// verify.json: {"rows": [{"size": 4096, "config": "...", "bandwidth_Bps": 1.2e9,
//                         "latency_us": 3.4, "regime_ns": 58}],
//               "efficiency": [{"size": 4096, "efficiency": 0.93, "regime_ns": 58}],
//               "regimes": [{"regime_ns": 58, "runs": 40}], "unstable_runs": 2}
// "value" may be a string or a number (kept as text); "size" is bytes; "bandwidth_Bps" is bytes per
// second (decimal); "latency_us" is one-way latency in microseconds; "efficiency" is a ratio
// (1 = as fast as the reference). "efficiency" may be absent. "regime_ns" (the host regime the
// mpirun was bracketed in: median handoff of its probes' regime, 0 or absent when unknown),
// "regimes" (every regime seen, with the runs kept in it) and "unstable_runs" (runs whose probes
// before and after fell into different regimes, left out) are optional. Other keys are ignored.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace crossmem::results {

struct TunedSetting {
  std::string stack;  // what the setting belongs to, e.g. "openmpi" or "crossmem"
  std::string name;
  std::string value;
  std::string reason;
};

struct Tuned {
  std::vector<TunedSetting> settings;
};

struct VerifyRow {
  std::uint64_t size = 0;
  std::string config;
  double bandwidth_Bps = 0;
  double latency_us = 0;
  double regime_ns = 0;  // 0: unknown
};

struct VerifyEfficiency {
  std::uint64_t size = 0;
  double efficiency = 0;
  double regime_ns = 0;  // 0: unknown
};

struct VerifyRegime {
  double regime_ns = 0;
  std::uint64_t runs = 0;
};

struct Verify {
  std::vector<VerifyRow> rows;
  std::vector<VerifyEfficiency> efficiency;
  std::vector<VerifyRegime> regimes;
  std::uint64_t unstable_runs = 0;
};

// reduce_anchor.json (crossmem-tune --reduce-anchor): Open MPI's own MPI_Reduce (sum of doubles,
// MPI_IN_PLACE at root 0) per size and vader single-copy mechanism, beside crossmem's reduce.
struct ReduceAnchorRow {
  std::uint64_t size = 0;
  int procs = 2;
  std::string config;           // "none", "cma": btl_vader_single_copy_mechanism
  double reduce_ns = 0;         // median time per MPI_Reduce, rank 0's clock
  double bytes_per_second = 0;  // (procs - 1) x size / reduce_ns, as crossmem counts the reduce
};

struct ReduceAnchor {
  std::string mpi;  // the launcher and stack, e.g. "mpirun.openmpi (Open MPI 4.1.4)"
  std::vector<ReduceAnchorRow> rows;
};

// Parse from text / read from a file. Throw InvalidInput naming the file (or `what`) and the
// problem: unreadable, not JSON, missing or mistyped field.
Tuned parse_tuned(const std::string& text, const std::string& what);
Verify parse_verify(const std::string& text, const std::string& what);
ReduceAnchor parse_reduce_anchor(const std::string& text, const std::string& what);
Tuned load_tuned(const std::filesystem::path& file);
Verify load_verify(const std::filesystem::path& file);
ReduceAnchor load_reduce_anchor(const std::filesystem::path& file);

// Serialize in the shapes above (for the tuner), pretty-printed, ending with a newline.
std::string to_json_text(const Tuned& tuned);
std::string to_json_text(const Verify& verify);
std::string to_json_text(const ReduceAnchor& anchor);

// Reads a whole file. Throws InvalidInput "cannot read FILE: <reason>".
std::string read_text_file(const std::filesystem::path& file);

}  // namespace crossmem::results
