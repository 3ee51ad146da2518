// The handoff probe: round trips between rank 0 (the pinger) and rank 1 on two shared flags, first
// on plain atomics (what one cache line costs to move between the two cores), then through the
// doorbell in the team's wait mode (what "your data is there" costs every strategy).
#pragma once

#include <cstdint>

#include "crossmem/doorbell.hpp"

namespace crossmem::bench {

// Runs `rounds` round trips: the pinger stores base+k in `ping` and waits for base+k in `pong`;
// the other side does the reverse. `use_doorbell`: signal and wait through `bell`; otherwise plain
// stores and a pause loop that checks the peer through `bell` every 2^14 spins. Returns the
// elapsed nanoseconds on this side's steady_clock. Throws PeerLost, WaitTimeout.
double probe_round_trips(Flag& ping, Flag& pong, const Doorbell& bell, bool pinger,
                         bool use_doorbell, std::uint32_t base, int rounds);

}  // namespace crossmem::bench
