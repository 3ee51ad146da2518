// Shared (not process-private) futex operations on a 32-bit word in a MAP_SHARED mapping.
#pragma once

#include <atomic>
#include <cstdint>

namespace crossmem::kernel {

// Sleeps while `*word == expected`, at most `timeout_ns`. Returns false on timeout, true otherwise
// (woken, value changed, or interrupted: callers re-check the word).
bool futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected, long timeout_ns);

// Wakes every sleeper on `word`.
void futex_wake_all(std::atomic<std::uint32_t>& word);

}  // namespace crossmem::kernel
