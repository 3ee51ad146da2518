// The all-to-all schedule: every step pairs ranks symmetrically, and a round meets every pair once.
#include <gtest/gtest.h>

#include <set>

#include "../../bench/workloads/all_to_all.hpp"

namespace crossmem {
namespace {

using bench::all_to_all_link;
using bench::exchange_partner;
using bench::exchange_steps;

TEST(ExchangeSchedule, EveryPairMeetsOnceInPerfectMatchings) {
  for (int procs = 2; procs <= 17; ++procs) {
    SCOPED_TRACE("procs " + std::to_string(procs));
    std::set<std::pair<int, int>> met;
    for (int step = 0; step < exchange_steps(procs); ++step) {
      int idle = 0;
      for (int r = 0; r < procs; ++r) {
        int p = exchange_partner(r, step, procs);
        if (p < 0) {
          ++idle;
          continue;
        }
        ASSERT_NE(p, r);
        ASSERT_LT(p, procs);
        ASSERT_EQ(exchange_partner(p, step, procs), r);
        if (r < p) {
          EXPECT_TRUE(met.insert({r, p}).second) << r << "-" << p << " met twice";
        }
      }
      EXPECT_EQ(idle, procs % 2);
    }
    EXPECT_EQ(met.size(), static_cast<std::size_t>(procs * (procs - 1) / 2));
  }
}

TEST(ExchangeSchedule, LinkIndexesMatchTheLinkTable) {
  bench::AllToAll workload;
  for (int procs = 2; procs <= 6; ++procs) {
    auto links = workload.links(procs);
    ASSERT_EQ(links.size(), static_cast<std::size_t>(procs * (procs - 1)));
    for (std::size_t l = 0; l < links.size(); ++l) {
      EXPECT_EQ(all_to_all_link(links[l].sender, links[l].receiver, procs), l);
    }
  }
}

}  // namespace
}  // namespace crossmem
