#include "crossmem/bench/payload.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace crossmem::bench {
namespace {

TEST(Payload, StampRoundTrips) {
  for (std::size_t n : {1u, 7u, 8u, 4097u}) {
    std::vector<std::byte> buf(n);
    stamp(buf, 42, 3);
    EXPECT_EQ(check_stamp(buf, 42, 3), "") << n;
  }
}

TEST(Payload, DetectsEveryKindOfWrongCopy) {
  std::vector<std::byte> buf(4097);
  stamp(buf, 42, 3);
  EXPECT_NE(check_stamp(buf, 42, 4), "");  // stale message (previous id)
  EXPECT_NE(check_stamp(buf, 43, 3), "");  // another run
  auto flipped = buf;
  flipped[4096] ^= std::byte{1};
  EXPECT_EQ(
      check_stamp(flipped, 42, 3),
      "byte 4096 of 4097: got 0x" +
          [&] {
            char h[8];
            std::snprintf(h, sizeof h, "%02x", static_cast<unsigned>(flipped[4096]));
            return std::string(h);
          }() +
          ", expected 0x" +
          [&] {
            char h[8];
            std::snprintf(h, sizeof h, "%02x", static_cast<unsigned>(buf[4096]));
            return std::string(h);
          }());
  std::vector<std::byte> shifted(4097);
  std::copy(buf.begin() + 1, buf.end(), shifted.begin());
  EXPECT_NE(check_stamp(shifted, 42, 3), "");
}

TEST(Payload, FreshModeRewritesEverything) {
  std::vector<std::byte> buf(100, std::byte{7});
  rewrite(buf, 0x1ff);
  for (std::byte b : buf) ASSERT_EQ(b, std::byte{0xff});
  rewrite(buf, 0);
  EXPECT_EQ(read_all(buf), 0u);
  buf[99] = std::byte{3};  // the tail beyond the last whole word is read too
  EXPECT_EQ(read_all(buf), 3u);
  buf[0] = std::byte{1};
  EXPECT_EQ(read_all(buf), 4u);
}

}  // namespace
}  // namespace crossmem::bench
