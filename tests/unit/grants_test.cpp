// ptrace_grants(): who names whom with PR_SET_PTRACER, from roles and the Yama scope alone.
#include "crossmem/bench/grants.hpp"

#include <gtest/gtest.h>

#include "crossmem/error.hpp"

namespace crossmem::bench {
namespace {

Traits access(RemoteAccess a) {
  Traits t;
  t.access = a;
  return t;
}

const std::vector<LinkSpec> kPingPong = {{0, 1}, {1, 0}};
// Rank 1 and rank 2 send to each other, and both to rank 0.
const std::vector<LinkSpec> kTriangle = {{1, 2}, {2, 1}, {1, 0}, {2, 0}};

TEST(PtraceGrants, NoneOutsideYamaScopeOne) {
  const std::vector<int> none = {-1, -1, -1};
  for (std::optional<int> scope : {std::optional<int>{}, std::optional<int>{0},
                                   std::optional<int>{2}, std::optional<int>{3}}) {
    EXPECT_EQ(ptrace_grants(access(RemoteAccess::receiver_reads_sender), kTriangle, 3, scope),
              none);
  }
}

TEST(PtraceGrants, ReaderIsNamedByTheProcessItReads) {
  // Link 0 (1 -> 2): rank 1's memory is read by rank 2; link 1 (2 -> 1): the reverse. Rank 0 reads
  // both but is their ancestor.
  std::vector<int> got =
      ptrace_grants(access(RemoteAccess::receiver_reads_sender), {{1, 2}, {2, 1}, {1, 0}}, 3, 1);
  EXPECT_EQ(got, (std::vector<int>{-1, 2, 1}));
}

TEST(PtraceGrants, WriterIsNamedByTheProcessItWrites) {
  std::vector<int> got =
      ptrace_grants(access(RemoteAccess::sender_writes_receiver), {{0, 1}, {1, 2}}, 3, 1);
  // Rank 1 is written by rank 0 (its ancestor: no grant), rank 2 by rank 1.
  EXPECT_EQ(got, (std::vector<int>{-1, -1, 1}));
}

TEST(PtraceGrants, RankZeroNamesTheChildThatReachesIt) {
  EXPECT_EQ(ptrace_grants(access(RemoteAccess::receiver_reads_sender), kPingPong, 2, 1),
            (std::vector<int>{1, -1}));
  EXPECT_EQ(ptrace_grants(access(RemoteAccess::sender_writes_receiver), kPingPong, 2, 1),
            (std::vector<int>{1, -1}));
}

TEST(PtraceGrants, NoRemoteAccessNeedsNothing) {
  EXPECT_EQ(ptrace_grants(access(RemoteAccess::none), kTriangle, 3, 1),
            (std::vector<int>{-1, -1, -1}));
  Traits in_process = access(RemoteAccess::receiver_reads_sender);
  in_process.in_process = true;
  EXPECT_EQ(ptrace_grants(in_process, kTriangle, 3, 1), (std::vector<int>{-1, -1, -1}));
}

TEST(PtraceGrants, TwoTracersForOneRankIsUnsupported) {
  // Rank 0 is read by ranks 1 and 2.
  const std::vector<LinkSpec> one_to_many = {{0, 1}, {0, 2}};
  try {
    ptrace_grants(access(RemoteAccess::receiver_reads_sender), one_to_many, 3, 1);
    FAIL() << "expected Unsupported";
  } catch (const Unsupported& e) {
    EXPECT_NE(e.reason().find("rank 0 would have to name two tracers"), std::string::npos)
        << e.reason();
    EXPECT_NE(e.remedy().find("ptrace_scope"), std::string::npos);
  }
  // The same tracer twice is one grant.
  EXPECT_EQ(ptrace_grants(access(RemoteAccess::receiver_reads_sender), {{1, 2}, {1, 2}}, 3, 1),
            (std::vector<int>{-1, 2, -1}));
}

}  // namespace
}  // namespace crossmem::bench
