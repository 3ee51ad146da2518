// The per-repetition fields of a measured case: Google Benchmark counters, plain numbers with their
// unit in the name. Every measured case carries kRequired; workloads add their own.
#pragma once

namespace crossmem::schema::field {

inline constexpr const char* size_bytes = "size_bytes";              // message size
inline constexpr const char* latency_ns = "latency_ns";              // one-way time per message
inline constexpr const char* bytes_per_second = "bytes_per_second";  // size / one-way time
// Cache-line handoff probes between the same two cores, before and after the repetition, and the
// larger of the two; doorbell_ns is the same probe through the doorbell (before).
inline constexpr const char* handoff_before_ns = "handoff_before_ns";
inline constexpr const char* handoff_after_ns = "handoff_after_ns";
inline constexpr const char* handoff_ns = "handoff_ns";
inline constexpr const char* doorbell_ns = "doorbell_ns";
inline constexpr const char* layout = "layout";  // which buffer allocation the repetition ran on
inline constexpr const char* involuntary =
    "involuntary";  // involuntary context switches, all ranks
inline constexpr const char* preempt_excess = "preempt_excess";  // involuntary above the quiet rate
inline constexpr const char* validated = "validated";            // 1: every iteration was checked
inline constexpr const char* buffer_slots = "buffer_slots";      // message slots per buffer
inline constexpr const char* buffer_node = "buffer_node";  // NUMA node of the buffers, if bound

// Paired rounds (docs/design.md, "Execution order"): the round a repetition belongs to and whether
// its probes changed regime; after the run, the regime it was classified into (median handoff of
// its regime; 0 with unstable 1 when its two probes fell into different regimes). regime_ns and
// unstable are written for every repetition with both probes.
inline constexpr const char* round = "round";
inline constexpr const char* mixed_round = "mixed_round";
inline constexpr const char* regime_ns = "regime_ns";
inline constexpr const char* unstable = "unstable";

// Contention workloads (docs/workloads.md).
inline constexpr const char* aggregate_bytes_per_second = "aggregate_bytes_per_second";
inline constexpr const char* sender_min_bytes_per_second = "sender_min_bytes_per_second";
inline constexpr const char* sender_max_bytes_per_second = "sender_max_bytes_per_second";
inline constexpr const char* round_ns = "round_ns";
inline constexpr const char* procs = "procs";
inline constexpr const char* oversubscribed = "oversubscribed";
inline constexpr const char* futex_wait = "futex_wait";

// Counters every measurement carries (schema version 2), in this order: the fields of every
// version, then those of paired rounds (names sorted).
inline constexpr const char* kRequired[] = {
    size_bytes,        latency_ns,  bytes_per_second, handoff_ns,
    doorbell_ns,       validated,   buffer_slots,     handoff_after_ns,
    handoff_before_ns, involuntary, layout,           mixed_round,
    preempt_excess,    round,
};

// Files of schema version 1, and files without crossmem.schema, carry these instead: `preempted`
// (involuntary context switches of the measurement) was replaced by involuntary and
// preempt_excess, and files written between the two carry preempt_excess in its place.
inline constexpr const char* preempted_v1 = "preempted";
inline constexpr const char* kRequiredV1[] = {
    size_bytes, latency_ns, bytes_per_second, handoff_ns, doorbell_ns, preempted_v1, validated,
};

}  // namespace crossmem::schema::field
