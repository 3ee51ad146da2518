// Message buffers: slot arithmetic of the cold-cache ring, rotation, page backings and their
// errors.
#include "crossmem/bench/buffers.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <set>
#include <string>

#include "crossmem/error.hpp"
#include "crossmem/kernel/probe.hpp"

namespace crossmem::bench {
namespace {

TEST(Buffers, ParsesAxes) {
  EXPECT_EQ(parse_pages("4k"), Pages::small);
  EXPECT_EQ(parse_pages("thp"), Pages::thp);
  EXPECT_EQ(parse_pages("hugetlb"), Pages::hugetlb);
  EXPECT_THROW(parse_pages("2M"), InvalidInput);
  EXPECT_EQ(to_string(Pages::hugetlb), "hugetlb");
  EXPECT_EQ(parse_cache("hot"), Cache::hot);
  EXPECT_EQ(parse_cache("cold"), Cache::cold);
  EXPECT_THROW(parse_cache("warm"), InvalidInput);
  EXPECT_EQ(to_string(Cache::cold), "cold");
}

TEST(Buffers, ColdSlotsSpanTwiceTheLastLevelCache) {
  constexpr std::uint64_t kLlc = 1u << 20;
  EXPECT_EQ(slots_for(Cache::hot, 4096, kLlc), 1u);
  EXPECT_EQ(slot_stride(1), 4096u);
  EXPECT_EQ(slot_stride(4096), 4096u);
  EXPECT_EQ(slot_stride(4097), 8192u);
  EXPECT_EQ(slots_for(Cache::cold, 4096, kLlc), 512u);
  EXPECT_EQ(slots_for(Cache::cold, 1, kLlc), 512u);       // one page per message
  EXPECT_EQ(slots_for(Cache::cold, 5000, kLlc), 256u);    // 8 KiB apart
  EXPECT_EQ(slots_for(Cache::cold, 3u << 20, kLlc), 2u);  // never fewer than 2
  for (std::size_t size : {1ul, 4095ul, 65537ul, 1ul << 20}) {
    EXPECT_GE(slots_for(Cache::cold, size, kLlc) * slot_stride(size), 2 * kLlc) << size;
  }
  EXPECT_GE(last_level_cache_bytes(), 64u << 10);
}

TEST(Buffers, HotBufferReusesOneSlot) {
  Buffer b(5000, Pages::small, false);
  EXPECT_EQ(b.slots(), 1u);
  EXPECT_EQ(b.region().size, 5000u);
  auto first = b.next();
  auto second = b.next();
  EXPECT_EQ(first.data(), second.data());
  EXPECT_EQ(first.size(), 5000u);
}

TEST(Buffers, ColdBufferRotatesThroughPageAlignedSlots) {
  for (bool shared : {false, true}) {
    Buffer b(5000, Pages::small, shared, 3);
    EXPECT_EQ(b.region().size, 2 * 8192u + 5000u);
    EXPECT_EQ(b.region().fd >= 0, shared);
    std::set<const std::byte*> starts;
    for (int i = 0; i < 3; ++i) {
      auto slot = b.next();
      EXPECT_EQ(slot.size(), 5000u);
      EXPECT_EQ(reinterpret_cast<std::uintptr_t>(slot.data()) % 4096, 0u);
      EXPECT_GE(slot.data(), b.region().base);
      EXPECT_LE(slot.data() + slot.size(), b.region().base + b.region().size);
      starts.insert(slot.data());
    }
    EXPECT_EQ(starts.size(), 3u);
    EXPECT_EQ(b.next().data(), b.region().base);  // round again
  }
}

TEST(Buffers, HugetlbWithoutPagesIsUnsupportedWithRemedy) {
  if (kernel::meminfo_value("HugePages_Free").value_or(0) >= 64)
    GTEST_SKIP() << "the hugetlb pool has free pages here";
  for (bool shared : {false, true}) {
    try {
      Buffer b(64u << 20, Pages::hugetlb, shared);
      ADD_FAILURE() << "a 64 MiB hugetlb buffer from a pool with fewer than 64 free pages";
    } catch (const Unsupported& e) {
      EXPECT_NE(e.reason().find("huge page"), std::string::npos) << e.reason();
      EXPECT_NE(e.remedy().find("vm.nr_hugepages="), std::string::npos) << e.remedy();
    }
  }
}

}  // namespace
}  // namespace crossmem::bench
