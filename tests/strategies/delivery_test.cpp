// Every strategy delivers exactly the bytes sent, in both directions, at the sizes where copies go
// wrong: 1 byte, odd sizes, page boundaries, fragment and pipe boundaries, and messages larger than
// the pipe. Each message is stamped with a pattern derived from its offset and id and checked on
// arrival (Team::prepare validates one exchange; run(validate=true) checks every message).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "../support_team.hpp"
#include "crossmem/kernel/pipes.hpp"
#include "crossmem/kernel/probe.hpp"

namespace crossmem {
namespace {

using bench::Pages;
using bench::PingPong;
using bench::Team;

std::vector<std::uint64_t> edge_sizes() {
  std::uint64_t beyond_pipe = kernel::pipe_max_size() * 3 + 5;
  return {1, 7, 4095, 4096, 4097, 65537, 1048579, beyond_pipe};
}

class Delivery : public ::testing::TestWithParam<const Strategy*> {};

TEST_P(Delivery, ExactBytesAtEdgeSizes) {
  const Strategy* s = GetParam();
  Availability a = s->probe();
  if (!a.ok) GTEST_SKIP() << s->name << " unavailable here: " << a.reason;
  PingPong pingpong;
  Team team(test::spec_for(s), pingpong);
  std::uint64_t seed = 1;
  for (std::uint64_t size : edge_sizes()) {
    SCOPED_TRACE(std::string(s->name) + " size " + std::to_string(size));
    ASSERT_NO_THROW(team.prepare(size, Pages::small, seed++));
    ASSERT_NO_THROW(team.run(3, false, true, seed++));
  }
}

TEST_P(Delivery, FreshSourceAndHugePages) {
  const Strategy* s = GetParam();
  if (!s->probe().ok) GTEST_SKIP();
  PingPong pingpong;
  Team team(test::spec_for(s), pingpong);
  ASSERT_NO_THROW(team.prepare(2u << 20, Pages::thp, 7));
  ASSERT_NO_THROW(team.run(2, true, true, 8));
  auto r = team.run(2, true, false, 9);
  EXPECT_GT(r.seconds, 0.0);
}

// Cold buffers: every message of a batch goes through the next slot of each buffer's ring.
TEST_P(Delivery, ColdBuffersRotateThroughSlots) {
  const Strategy* s = GetParam();
  if (!s->probe().ok) GTEST_SKIP();
  PingPong pingpong;
  Team team(test::spec_for(s), pingpong);
  ASSERT_NO_THROW(team.prepare({4097, Pages::small, 3}, 5));
  ASSERT_NO_THROW(team.run(7, false, true, 6));
  ASSERT_NO_THROW(team.prepare({1048579, Pages::small, 2}, 7));
  ASSERT_NO_THROW(team.run(3, true, true, 8));
}

// hugetlb pages come from a pool. As root the test reserves what it needs and gives it back;
// otherwise it needs a pool that is already there.
class HugetlbPool {
 public:
  explicit HugetlbPool(unsigned pages) {
    total_ = read_count("/proc/sys/vm/nr_hugepages");
    if (free_pages() >= pages || ::geteuid() != 0) return;
    raised_ = write_count("/proc/sys/vm/nr_hugepages", total_ + pages);
  }
  ~HugetlbPool() {
    if (raised_) write_count("/proc/sys/vm/nr_hugepages", total_);
  }
  static std::uint64_t free_pages() { return kernel::meminfo_value("HugePages_Free").value_or(0); }

 private:
  static unsigned read_count(const char* path) {
    unsigned v = 0;
    std::ifstream(path) >> v;
    return v;
  }
  static bool write_count(const char* path, unsigned v) {
    std::ofstream out(path);
    out << v << "\n";
    out.close();
    return static_cast<bool>(out);
  }
  unsigned total_ = 0;
  bool raised_ = false;
};

TEST_P(Delivery, HugetlbPages) {
  const Strategy* s = GetParam();
  if (!s->probe().ok) GTEST_SKIP();
  // Four buffers (source and destination of both links) of up to 2 huge pages, cold rings of 3.
  constexpr unsigned kPages = 4 * 4;
  HugetlbPool pool(kPages);
  if (HugetlbPool::free_pages() < kPages) {
    GTEST_SKIP() << "fewer than " << kPages << " free hugetlb pages and not root to reserve them";
  }
  PingPong pingpong;
  Team team(test::spec_for(s), pingpong);
  ASSERT_NO_THROW(team.prepare({65537, Pages::hugetlb, 1}, 9));
  ASSERT_NO_THROW(team.run(3, false, true, 10));
  ASSERT_NO_THROW(team.prepare({1048579, Pages::hugetlb, 3}, 11));
  ASSERT_NO_THROW(team.run(4, true, true, 12));
}

TEST_P(Delivery, FutexWaitMode) {
  const Strategy* s = GetParam();
  if (!s->probe().ok) GTEST_SKIP();
  PingPong pingpong;
  Team team(test::spec_for(s, {}, WaitMode::futex), pingpong);
  ASSERT_NO_THROW(team.prepare(65537, Pages::small, 3));
  ASSERT_NO_THROW(team.run(5, false, true, 4));
}

INSTANTIATE_TEST_SUITE_P(AllStrategies, Delivery,
                         ::testing::ValuesIn(all_strategies().begin(), all_strategies().end()),
                         test::strategy_test_name);

struct Variant {
  const char* strategy;
  std::map<std::string, std::uint64_t> tunables;
  const char* label;
};

class TunedDelivery : public ::testing::TestWithParam<Variant> {};

TEST_P(TunedDelivery, ExactBytes) {
  const Variant& v = GetParam();
  const Strategy* s = find_strategy(v.strategy);
  ASSERT_NE(s, nullptr);
  if (!s->probe().ok) GTEST_SKIP();
  PingPong pingpong;
  Team team(test::spec_for(s, v.tunables), pingpong);
  std::uint64_t seed = 11;
  for (std::uint64_t size : {1ull, 3ull, 4097ull, 65537ull, 1048579ull}) {
    SCOPED_TRACE(std::string(v.label) + " size " + std::to_string(size));
    ASSERT_NO_THROW(team.prepare(size, Pages::small, seed++));
    ASSERT_NO_THROW(team.run(3, false, true, seed++));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Tunables, TunedDelivery,
    ::testing::Values(
        Variant{"cma-read", {{"segments", 3}, {"remote_segments", 5}}, "cma_read_3x5"},
        Variant{"cma-read", {{"segments", 1000}, {"remote_segments", 1}}, "cma_read_1000x1"},
        Variant{"cma-write", {{"segments", 5}, {"remote_segments", 3}}, "cma_write_5x3"},
        Variant{"cma-write", {{"segments", 1}, {"remote_segments", 1024}}, "cma_write_1x1024"},
        Variant{"shm-copy", {{"fragment", 64}, {"depth", 1}}, "shm_copy_64x1"},
        Variant{"shm-copy", {{"fragment", 4095}, {"depth", 3}}, "shm_copy_4095x3"},
        Variant{"pipe", {{"pipe_size", 4096}}, "pipe_4k"},
        Variant{"vmsplice", {{"pipe_size", 4096}}, "vmsplice_4k"}),
    [](const auto& i) { return std::string(i.param.label); });

}  // namespace
}  // namespace crossmem
