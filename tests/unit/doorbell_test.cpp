#include "crossmem/doorbell.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "crossmem/error.hpp"
#include "crossmem/kernel/fd.hpp"

namespace crossmem {
namespace {

using namespace std::chrono_literals;

TEST(Doorbell, WrapAroundComparison) {
  EXPECT_TRUE(reached(5, 5));
  EXPECT_TRUE(reached(6, 5));
  EXPECT_FALSE(reached(4, 5));
  EXPECT_TRUE(reached(2, 0xfffffffeu));
  EXPECT_FALSE(reached(0xfffffffeu, 2));
}

class Modes : public ::testing::TestWithParam<WaitMode> {};

TEST_P(Modes, WaitSeesSignalFromAnotherThread) {
  Flag flag;
  Doorbell bell(GetParam(), -1, 2000ms);
  std::thread t([&] {
    std::this_thread::sleep_for(30ms);
    bell.signal(flag, 3);
  });
  EXPECT_EQ(bell.wait(flag, 3), 3u);
  t.join();
}

TEST_P(Modes, TimesOut) {
  Flag flag;
  Doorbell bell(GetParam(), -1, 100ms);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_THROW(bell.wait(flag, 1), WaitTimeout);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 100ms);
}

TEST_P(Modes, NoticesPeerHangUp) {
  kernel::SocketPair sp = kernel::make_socket_pair(SOCK_SEQPACKET);
  Flag flag;
  // PeerLost rather than WaitTimeout is the behaviour: the hang-up is seen before the deadline.
  Doorbell bell(GetParam(), sp.first.get(), 10'000ms);
  std::thread t([&] {
    std::this_thread::sleep_for(30ms);
    sp.second.reset();
  });
  EXPECT_THROW(bell.wait(flag, 1), PeerLost);
  t.join();
}

INSTANTIATE_TEST_SUITE_P(All, Modes, ::testing::Values(WaitMode::spin, WaitMode::futex),
                         [](const auto& i) { return std::string(to_string(i.param)); });

TEST(Doorbell, ParsesModes) {
  EXPECT_EQ(parse_wait_mode("spin"), WaitMode::spin);
  EXPECT_EQ(parse_wait_mode("futex"), WaitMode::futex);
  EXPECT_THROW(parse_wait_mode("sleep"), InvalidInput);
}

}  // namespace
}  // namespace crossmem
