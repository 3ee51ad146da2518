// The handoff probe: round trips between rank 0 (the pinger) and rank 1 on two shared flags, first
// on plain atomics (what one cache line costs to move between the two cores), then through the
// doorbell in the team's wait mode (what "your data is there" costs every strategy).
#pragma once

#include <cstdint>

#include "crossmem/doorbell.hpp"

namespace crossmem::bench {

// Runs one untimed round trip (in which the peer wakes up to take the command), then `rounds`
// timed ones: for k = 0..rounds the pinger stores base+k+1 in `ping` and waits for it in `pong`;
// the other side does the reverse. Uses rounds + 1 sequence values. `use_doorbell`: signal and wait
// through `bell`; otherwise plain stores and a pause loop that checks the peer through `bell` every
// 2^14 spins. Returns the elapsed nanoseconds on this side's steady_clock. Throws PeerLost,
// WaitTimeout.
double probe_round_trips(Flag& ping, Flag& pong, const Doorbell& bell, bool pinger,
                         bool use_doorbell, std::uint32_t base, int rounds);

}  // namespace crossmem::bench
