#include "crossmem/sizes.hpp"

#include <gtest/gtest.h>

#include "crossmem/error.hpp"

namespace crossmem {
namespace {

TEST(Sizes, ParsesUnits) {
  EXPECT_EQ(parse_size("1"), 1u);
  EXPECT_EQ(parse_size("4097B"), 4097u);
  EXPECT_EQ(parse_size("4k"), 4096u);
  EXPECT_EQ(parse_size("64KiB"), 65536u);
  EXPECT_EQ(parse_size("3M"), 3u << 20);
  EXPECT_EQ(parse_size("1GiB"), 1u << 30);
}

TEST(Sizes, RejectsNonsense) {
  for (const char* bad :
       {"0", "-1", "1Q", "2TiB", "2G", "", "K", "1.5M", "1 M", "99999999999999999999"}) {
    EXPECT_THROW(parse_size(bad), InvalidInput) << bad;
  }
}

TEST(Sizes, ExpandsRanges) {
  auto v = parse_sizes("1-64MiB");
  EXPECT_EQ(v.size(), 27u);
  EXPECT_EQ(v.front(), 1u);
  EXPECT_EQ(v.back(), 64u << 20);
  EXPECT_EQ(parse_sizes("3-16"), (std::vector<std::uint64_t>{3, 6, 12}));
  EXPECT_EQ(parse_sizes("4k,1,4096"), (std::vector<std::uint64_t>{4096, 1}));
}

TEST(Sizes, RejectsBadLists) {
  for (const char* bad : {"", ",", "1,,2", "64-1", "1-1GiB,3-1GiB,5-1GiB", "-5", "1-2TiB"}) {
    EXPECT_THROW(parse_sizes(bad), InvalidInput) << bad;
  }
  std::string many;
  for (int i = 1; i <= 65; ++i) many += std::to_string(i) + ",";
  many.pop_back();
  EXPECT_THROW(parse_sizes(many), InvalidInput);
}

TEST(Sizes, FormatsCompact) {
  EXPECT_EQ(format_size(1, SizeStyle::compact), "1B");
  EXPECT_EQ(format_size(4097, SizeStyle::compact), "4097B");
  EXPECT_EQ(format_size(65536, SizeStyle::compact), "64KiB");
  EXPECT_EQ(format_size(3u << 20, SizeStyle::compact), "3MiB");
  for (std::uint64_t size : {1ull, 4097ull, 65536ull, 3ull << 20, 1ull << 30, 1536ull}) {
    EXPECT_EQ(parse_size(format_size(size, SizeStyle::compact)), size) << size;
  }
}

TEST(Sizes, FormatsForPeople) {
  EXPECT_EQ(format_size(4096), "4 KiB");
  EXPECT_EQ(format_size(64ull << 20), "64 MiB");
  EXPECT_EQ(format_size(1000), "1000 B");
  EXPECT_EQ(format_size(1536), "1.5 KiB");
  EXPECT_EQ(format_size(0), "0 B");
  EXPECT_EQ(format_size(2048ull * 1024), "2 MiB");
}

TEST(Sizes, ListsKeepOrderAndTolerateATrailingComma) {
  EXPECT_EQ(parse_sizes("64,1,"), (std::vector<std::uint64_t>{64, 1}));
}

}  // namespace
}  // namespace crossmem
