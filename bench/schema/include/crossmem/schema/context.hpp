// The run context crossmem-bench adds to Google Benchmark's JSON "context" object: string values
// under keys prefixed "crossmem.". Every file carries key::schema = kVersion; readers check it.
// Version 1: the keys below, case names as in case_name.hpp, skips as in skip.hpp, the strategy
// listing as in strategies.hpp and the counters of fields.hpp (kRequiredV1).
// Version 2: repetitions measured in paired rounds, with the regime keys below and the
// per-repetition fields of field::kRequired (involuntary and preempt_excess replace preempted).
#pragma once

#include <string_view>

namespace crossmem::schema {

inline constexpr int kVersion = 2;
inline constexpr std::string_view kPrefix = "crossmem.";

namespace key {
inline constexpr const char* schema = "crossmem.schema";  // kVersion, as text
inline constexpr const char* version = "crossmem.version";
inline constexpr const char* build_type = "crossmem.build_type";
inline constexpr const char* kernel = "crossmem.kernel";
inline constexpr const char* cpu_model = "crossmem.cpu_model";
inline constexpr const char* topology = "crossmem.topology";
inline constexpr const char* cores = "crossmem.cores";
inline constexpr const char* placement = "crossmem.placement";  // JSON text
inline constexpr const char* wait_mode = "crossmem.wait_mode";
inline constexpr const char* validate = "crossmem.validate";
inline constexpr const char* fresh = "crossmem.fresh";
inline constexpr const char* pages = "crossmem.pages";
inline constexpr const char* cache = "crossmem.cache";
inline constexpr const char* llc_bytes = "crossmem.llc_bytes";
inline constexpr const char* cold_cache = "crossmem.cold_cache";
inline constexpr const char* hugetlb_pool = "crossmem.hugetlb_pool";
inline constexpr const char* thp = "crossmem.thp";
inline constexpr const char* thp_shmem = "crossmem.thp_shmem";
inline constexpr const char* pipe_max_size = "crossmem.pipe_max_size";
inline constexpr const char* yama_ptrace_scope = "crossmem.yama_ptrace_scope";
inline constexpr const char* buffer_node = "crossmem.buffer_node";
inline constexpr const char* timeout_ms = "crossmem.timeout_ms";
inline constexpr const char* probe = "crossmem.probe";
inline constexpr const char* latency = "crossmem.latency";
inline constexpr const char* strategies = "crossmem.strategies";  // JSON text, strategies.hpp
inline constexpr const char* doctor = "crossmem.doctor";          // JSON text
inline constexpr const char* host = "crossmem.host";
inline constexpr const char* page_size = "crossmem.page_size";
inline constexpr const char* hugepage_sizes = "crossmem.hugepage_sizes";
// The paired rounds (docs/design.md, "Execution order").
inline constexpr const char* preempt_baseline = "crossmem.preempt_baseline";
inline constexpr const char* regime_policy = "crossmem.regime_policy";
inline constexpr const char* regime_budget = "crossmem.regime_budget";
inline constexpr const char* regimes = "crossmem.regimes";  // JSON text, stats::regime
// Repetitions measured again to complete a round in one regime (with `each`, also those of
// rounds beyond the N asked), and the seconds they took.
inline constexpr const char* retries = "crossmem.retries";
inline constexpr const char* retry_seconds = "crossmem.retry_seconds";
inline constexpr const char* rounds = "crossmem.rounds";
inline constexpr const char* round_order = "crossmem.round_order";
inline constexpr const char* layouts = "crossmem.layouts";
// The reduce workload (docs/workloads.md): what its numbers mean.
inline constexpr const char* reduce = "crossmem.reduce";
}  // namespace key

// `full` without the "crossmem." prefix ("crossmem.kernel" -> "kernel"); other keys unchanged.
constexpr std::string_view short_key(std::string_view full) {
  return full.starts_with(kPrefix) ? full.substr(kPrefix.size()) : full;
}

}  // namespace crossmem::schema
