// Host regimes from cache-line handoff probes.
//
// The two processes of a run may sit on cores that share an L3 or on different dies, and a virtual
// machine's host moves them between the two without a sign inside the guest. The handoff probe
// (one cache line bounced between the two processes) takes values that cluster per placement, the
// clusters several times apart. A regime is one such cluster, named by its median handoff.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace crossmem::stats {

struct Regime {
  double handoff_ns;  // median of its members
  std::size_t count;  // how many probe values fell into it
};

// Clusters of the probe values whose medians are at least `gap` times apart, sorted by handoff_ns.
// Values that are not finite and positive are ignored. The sorted values are split at the largest
// ratio between neighbours whenever the medians of the two sides are at least `gap` apart, and
// each side again (so every neighbour ratio >= gap is a split, and a few values between two
// regimes, taken while the host moved the processes, do not bridge them into one); then adjacent
// clusters whose medians are closer than `gap` are merged. Empty input: no regimes.
// Throws std::invalid_argument when `gap` is not above 1.
std::vector<Regime> classify(std::span<const double> probes_ns, double gap = 2.0);

// Index into `regimes` of the regime nearest to `probe_ns` in log scale (the lower one on a tie).
// Throws std::invalid_argument for empty `regimes` or a `probe_ns` that is not finite and positive.
std::size_t regime_of(std::span<const Regime> regimes, double probe_ns);

// Whether two regime medians (from different runs) denote the same regime: max/min < 1.5. False
// when either is not finite and positive.
bool same_regime(double a_ns, double b_ns);

}  // namespace crossmem::stats
