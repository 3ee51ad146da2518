// Endpoint constructors leave no descriptor behind when their setup fails: a receiver whose setup
// message cannot be sent (no socket, or a peer that is gone) and a sender whose peer is gone
// before it sends one. Counted on /proc/self/fd.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>

#include "crossmem/error.hpp"
#include "crossmem/kernel/fd.hpp"
#include "crossmem/link.hpp"
#include "crossmem/strategy.hpp"

namespace crossmem {
namespace {

using namespace std::chrono_literals;

// One end of a link whose other end is already closed (or none at all, with `with_socket` false).
struct DeadPeerLink {
  explicit DeadPeerLink(Side side, bool with_socket) {
    if (with_socket) {
      kernel::SocketPair sp = kernel::make_socket_pair(SOCK_SEQPACKET);
      sock = std::move(sp.first);
    }
    link = std::make_unique<Link>(side, lines, sock.get(), ::getpid(), bell);
  }
  kernel::UniqueFd sock;
  LinkLines lines;
  Doorbell bell{WaitMode::spin, -1, 2000ms};
  std::unique_ptr<Link> link;
};

class EveryCrossProcessStrategy : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryCrossProcessStrategy, FailedReceiverSetupLeaksNoDescriptor) {
  const Strategy* s = find_strategy(GetParam());
  ASSERT_NE(s, nullptr);
  for (bool with_socket : {false, true}) {
    const int before = kernel::open_fd_count();
    {
      DeadPeerLink end(Side::receiver, with_socket);
      try {
        s->make_receiver(*end.link, Params{});
      } catch (const std::exception&) {
        // Strategies that send a setup message fail here; the others are built and destroyed.
      }
    }
    EXPECT_EQ(kernel::open_fd_count(), before) << (with_socket ? "peer gone" : "no socket");
  }
}

TEST_P(EveryCrossProcessStrategy, FailedSenderSetupLeaksNoDescriptor) {
  const Strategy* s = find_strategy(GetParam());
  ASSERT_NE(s, nullptr);
  const int before = kernel::open_fd_count();
  {
    DeadPeerLink end(Side::sender, true);
    try {
      s->make_sender(*end.link, Params{});
    } catch (const std::exception&) {
    }
  }
  EXPECT_EQ(kernel::open_fd_count(), before);
}

std::vector<std::string> cross_process_strategies() {
  std::vector<std::string> out;
  for (const Strategy* s : all_strategies()) {
    if (!s->traits.in_process) out.emplace_back(s->name);
  }
  return out;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& param) {
  std::string n = param.param;
  for (char& c : n) {
    if (c == '-') c = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Strategies, EveryCrossProcessStrategy,
                         ::testing::ValuesIn(cross_process_strategies()), test_name);

// The pipe receiver's constructor creates the pipe, grows it, then hands the write end over: when
// the hand-over fails, the read end must go too (it used to stay open).
TEST(PipeStreamReceiver, ClosesBothEndsWhenTheHandOverFails) {
  for (const char* name : {"pipe", "vmsplice"}) {
    const Strategy* s = find_strategy(name);
    ASSERT_NE(s, nullptr);
    const int before = kernel::open_fd_count();
    {
      DeadPeerLink end(Side::receiver, true);
      EXPECT_THROW(s->make_receiver(*end.link, Params{}), PeerLost) << name;
    }
    EXPECT_EQ(kernel::open_fd_count(), before) << name;
  }
}

// And when it succeeds, the receiver holds exactly the read end; the write end travels.
TEST(PipeStreamReceiver, HoldsOnlyTheReadEnd) {
  const Strategy* s = find_strategy("pipe");
  ASSERT_NE(s, nullptr);
  kernel::SocketPair sp = kernel::make_socket_pair(SOCK_SEQPACKET);
  LinkLines lines;
  Doorbell bell{WaitMode::spin, -1, 2000ms};
  Link receiver_end(Side::receiver, lines, sp.first.get(), ::getpid(), bell);
  Link sender_end(Side::sender, lines, sp.second.get(), ::getpid(), bell);
  const int before = kernel::open_fd_count();
  {
    std::unique_ptr<Receiver> r = s->make_receiver(receiver_end, Params{});
    EXPECT_EQ(kernel::open_fd_count(), before + 1);
    kernel::UniqueFd write_end;
    sender_end.take_value<std::size_t>(&write_end);
    EXPECT_TRUE(write_end);
    EXPECT_EQ(kernel::open_fd_count(), before + 2);
  }
  EXPECT_EQ(kernel::open_fd_count(), before);
}

}  // namespace
}  // namespace crossmem
