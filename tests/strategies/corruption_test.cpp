// Validation catches a wrong copy: a strategy that delivers the message with one byte flipped must
// fail the validated exchange, whichever side receives the bad message, and the error names the
// mismatch.
#include <gtest/gtest.h>

#include "../support_team.hpp"

namespace crossmem {
namespace {

using bench::Pages;
using bench::PingPong;
using bench::Team;

// Messages from this rank arrive corrupted (rank 1 receives pings from 0, rank 0 pongs from 1),
// starting with the message numbered g_first_bad (0: the very first) on that link.
int g_corrupt_from_rank = 0;
int g_first_bad = 0;

class CorruptingReceiver final : public Receiver {
 public:
  CorruptingReceiver(std::unique_ptr<Receiver> inner, bool corrupt)
      : inner_(std::move(inner)), corrupt_(corrupt) {}
  void prepare(const Region& r) override { inner_->prepare(r); }
  void recv(std::span<std::byte> dst) override {
    inner_->recv(dst);
    if (corrupt_ && count_++ >= g_first_bad) dst[dst.size() / 2] ^= std::byte{0x40};
  }

 private:
  std::unique_ptr<Receiver> inner_;
  bool corrupt_;
  int count_ = 0;
};

std::unique_ptr<Receiver> corrupting_receiver(Link& link, const Params& params) {
  const Strategy* base = find_strategy("cma-read");
  // In the child (rank 1) the peer is rank 0, its parent.
  bool from_rank0 = link.peer() == ::getppid();
  bool corrupt = g_corrupt_from_rank == 0 ? from_rank0 : !from_rank0;
  return std::make_unique<CorruptingReceiver>(base->make_receiver(link, params), corrupt);
}

Availability available() {
  return find_strategy("cma-read")->probe();
}
std::unique_ptr<Sender> plain_sender(Link& link, const Params& params) {
  return find_strategy("cma-read")->make_sender(link, params);
}

const Strategy kCorrupting{"corrupting",
                           "cma-read with one byte flipped on arrival",
                           {.in_process = false,
                            .shared_source = false,
                            .access = RemoteAccess::receiver_reads_sender,
                            .copies = 1,
                            .copier = "receiver (kernel)"},
                           {},
                           available,
                           plain_sender,
                           corrupting_receiver};

TEST(Validation, CatchesCorruptionInTheChild) {
  if (!available().ok) GTEST_SKIP();
  g_corrupt_from_rank = 0;  // rank 1 corrupts the pings it receives
  g_first_bad = 0;
  PingPong pingpong;
  Team team(test::spec_for(&kCorrupting), pingpong);
  try {
    team.prepare(4097, Pages::small, 5);
    FAIL() << "corruption went unnoticed";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("payload mismatch"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("byte 2048 of 4097"), std::string::npos) << e.what();
  }
}

TEST(Validation, CatchesCorruptionInRankZero) {
  if (!available().ok) GTEST_SKIP();
  g_corrupt_from_rank = 1;  // rank 0 corrupts the pongs it receives
  g_first_bad = 0;
  PingPong pingpong;
  Team team(test::spec_for(&kCorrupting), pingpong);
  EXPECT_THROW(team.prepare(65536, Pages::small, 5), bench::ValidationError);
}

TEST(Validation, CatchesCorruptionInValidatedRun) {
  if (!available().ok) GTEST_SKIP();
  g_corrupt_from_rank = 1;
  g_first_bad = 3;  // the validated exchange of prepare() passes; the fourth pong is bad
  PingPong pingpong;
  Team team(test::spec_for(&kCorrupting), pingpong);
  ASSERT_NO_THROW(team.prepare(100, Pages::small, 5));
  EXPECT_THROW(team.run(10, false, true, 6), bench::ValidationError);
}

}  // namespace
}  // namespace crossmem
