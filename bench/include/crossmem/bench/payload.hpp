// Payload stamping and validation. A stamp is a pseudo-random pattern derived from (seed, stamp id)
// and each byte's offset, so a stale, shifted, truncated or partly copied message cannot pass.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace crossmem::bench {

void stamp(std::span<std::byte> buf, std::uint64_t seed, std::uint64_t id);

// Returns an empty string when `buf` holds stamp (seed, id), otherwise a one-line description of
// the first mismatch ("byte 4096 of 65537: got 0x12, expected 0x9a").
std::string check_stamp(std::span<const std::byte> buf, std::uint64_t seed, std::uint64_t id);

// Source freshness: the sender rewrites its whole payload before a send (cheap fill), the receiver
// reads the whole message after (returns a checksum so the reads are not optimised away).
void rewrite(std::span<std::byte> buf, std::uint64_t iteration);
std::uint64_t read_all(std::span<const std::byte> buf);

}  // namespace crossmem::bench
