// The per-repetition fields of a measured case: Google Benchmark counters, plain numbers with their
// unit in the name. Every measured case carries kRequired; workloads add their own.
#pragma once

namespace crossmem::schema::field {

inline constexpr const char* size_bytes = "size_bytes";              // message size
inline constexpr const char* latency_ns = "latency_ns";              // one-way time per message
inline constexpr const char* bytes_per_second = "bytes_per_second";  // size / one-way time
inline constexpr const char* handoff_ns = "handoff_ns";      // cache-line probe before the case
inline constexpr const char* doorbell_ns = "doorbell_ns";    // the same through the doorbell
inline constexpr const char* preempted = "preempted";        // involuntary context switches
inline constexpr const char* validated = "validated";        // 1: every iteration was checked
inline constexpr const char* buffer_slots = "buffer_slots";  // message slots per buffer
inline constexpr const char* buffer_node = "buffer_node";    // NUMA node of the buffers, if bound

// Contention workloads (docs/workloads.md).
inline constexpr const char* aggregate_bytes_per_second = "aggregate_bytes_per_second";
inline constexpr const char* sender_min_bytes_per_second = "sender_min_bytes_per_second";
inline constexpr const char* sender_max_bytes_per_second = "sender_max_bytes_per_second";
inline constexpr const char* round_ns = "round_ns";
inline constexpr const char* procs = "procs";
inline constexpr const char* oversubscribed = "oversubscribed";
inline constexpr const char* futex_wait = "futex_wait";

// Counters every measurement carries, in this order.
inline constexpr const char* kRequired[] = {
    size_bytes, latency_ns, bytes_per_second, handoff_ns, doorbell_ns, preempted, validated,
};

}  // namespace crossmem::schema::field
