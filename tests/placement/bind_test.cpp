#include "crossmem/placement/bind.hpp"

#include <gtest/gtest.h>
#include <linux/mempolicy.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "crossmem/error.hpp"
#include "fixtures.hpp"

namespace crossmem::placement {
namespace {

cpu_set_t current_affinity() {
  cpu_set_t set;
  CPU_ZERO(&set);
  EXPECT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
  return set;
}

// Restores the process's CPU affinity (every thread) when a test is done.
class BindTest : public ::testing::Test {
 protected:
  void SetUp() override { saved_ = current_affinity(); }
  void TearDown() override { sched_setaffinity(0, sizeof saved_, &saved_); }

 private:
  cpu_set_t saved_;
};

// An anonymous private mapping of whole small pages (no transparent huge pages, which would fault
// in neighbours of a touched page on kernels with THP "always").
class Pages {
 public:
  explicit Pages(std::size_t count)
      : size_(count * static_cast<std::size_t>(sysconf(_SC_PAGESIZE))),
        addr_(mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) {
    if (addr_ != MAP_FAILED) madvise(addr_, size_, MADV_NOHUGEPAGE);
  }
  ~Pages() {
    if (addr_ != MAP_FAILED) munmap(addr_, size_);
  }
  bool ok() const { return addr_ != MAP_FAILED; }
  unsigned char* data() const { return static_cast<unsigned char*>(addr_); }
  std::size_t size() const { return size_; }

 private:
  std::size_t size_;
  void* addr_;
};

// Node of each page as the kernel reports it (move_pages without moving), independent of hwloc.
std::vector<int> kernel_page_nodes(const Pages& pages) {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  std::vector<void*> addrs;
  for (std::size_t offset = 0; offset < pages.size(); offset += page) {
    addrs.push_back(pages.data() + offset);
  }
  std::vector<int> status(addrs.size(), -1);
  long rc = syscall(SYS_move_pages, 0, addrs.size(), addrs.data(), nullptr, status.data(), 0);
  EXPECT_EQ(rc, 0) << std::strerror(errno);
  return status;
}

// The memory policy of the page holding addr (get_mempolicy with MPOL_F_ADDR): mode and node mask.
std::pair<int, unsigned long> kernel_policy_of(const void* addr) {
  int mode = -1;
  unsigned long mask[16] = {};
  long rc = syscall(SYS_get_mempolicy, &mode, mask, sizeof mask * 8, addr, MPOL_F_ADDR);
  EXPECT_EQ(rc, 0) << std::strerror(errno);
  return {mode, mask[0]};
}

TEST_F(BindTest, RefusesATopologyThatIsNotThisSystem) {
  Topology topology = Topology::from_synthetic("pack:1 core:2 pu:1");
  cpu_set_t before = current_affinity();
  try {
    bind_process_to_pu(topology, 1);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("not this system"), std::string::npos) << e.what();
  }
  cpu_set_t after = current_affinity();
  EXPECT_TRUE(CPU_EQUAL(&before, &after));

  Pages pages(2);
  ASSERT_TRUE(pages.ok());
  EXPECT_THROW(bind_buffer_to_node(topology, pages.data(), pages.size(), 0), InvalidInput);
  EXPECT_THROW(buffer_numa_nodes(topology, pages.data(), pages.size()), InvalidInput);
  EXPECT_THROW(bind_process_to_pu(testing::load_fixture("single-node-no-smt.xml"), 0),
               InvalidInput);
}

TEST_F(BindTest, BindsToEachOfTwoPus) {
  Topology topology = Topology::this_system();
  int count = hwloc_get_nbobjs_by_type(topology.get(), HWLOC_OBJ_PU);
  if (count < 2) GTEST_SKIP() << "this machine has " << count << " PU";
  for (unsigned pu : {0u, 1u}) {
    SCOPED_TRACE(pu);
    const unsigned os = hwloc_get_obj_by_type(topology.get(), HWLOC_OBJ_PU, pu)->os_index;
    CpuBinding binding = bind_process_to_pu(topology, pu);
    EXPECT_EQ(binding.pu_os_index, os);
    EXPECT_TRUE(binding.whole_process);

    cpu_set_t affinity = current_affinity();
    EXPECT_EQ(CPU_COUNT(&affinity), 1);
    EXPECT_TRUE(CPU_ISSET(os, &affinity));
    EXPECT_EQ(sched_getcpu(), static_cast<int>(os));
  }
}

TEST_F(BindTest, BindsEveryThreadOfTheProcess) {
  Topology topology = Topology::this_system();
  int count = hwloc_get_nbobjs_by_type(topology.get(), HWLOC_OBJ_PU);
  if (count < 2) GTEST_SKIP() << "this machine has " << count << " PU";
  const unsigned last = static_cast<unsigned>(count - 1);
  const unsigned os = hwloc_get_obj_by_type(topology.get(), HWLOC_OBJ_PU, last)->os_index;

  std::mutex mutex;
  std::condition_variable cv;
  bool bound = false;
  cpu_set_t seen;
  CPU_ZERO(&seen);
  std::thread other([&] {
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait(lock, [&] { return bound; });
    sched_getaffinity(0, sizeof seen, &seen);
  });

  std::string error;
  try {
    bind_process_to_pu(topology, last);
  } catch (const std::exception& e) {
    error = e.what();
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    bound = true;
  }
  cv.notify_one();
  other.join();
  ASSERT_EQ(error, "");
  EXPECT_EQ(CPU_COUNT(&seen), 1);
  EXPECT_TRUE(CPU_ISSET(os, &seen));
}

TEST_F(BindTest, RejectsAnUnknownPu) {
  Topology topology = Topology::this_system();
  unsigned count = static_cast<unsigned>(hwloc_get_nbobjs_by_type(topology.get(), HWLOC_OBJ_PU));
  EXPECT_THROW(bind_process_to_pu(topology, count), InvalidInput);
}

TEST(BindBuffer, BindsPagesToNodeZeroAndFindsThemThere) {
  Topology topology = Topology::this_system();
  hwloc_obj_t node = hwloc_get_obj_by_type(topology.get(), HWLOC_OBJ_NUMANODE, 0);
  ASSERT_NE(node, nullptr);
  Pages pages(64);
  ASSERT_TRUE(pages.ok());
  std::memset(pages.data(), 0x5a, pages.size() / 2);

  ASSERT_LT(node->os_index, 64u);
  EXPECT_NE(kernel_policy_of(pages.data()).first, MPOL_BIND);

  std::vector<unsigned> found = bind_buffer_to_node(topology, pages.data(), pages.size(), 0);
  EXPECT_EQ(found, std::vector<unsigned>{0});
  for (std::size_t offset : {std::size_t{0}, pages.size() - 1}) {
    auto [mode, mask] = kernel_policy_of(pages.data() + offset);
    EXPECT_EQ(mode, MPOL_BIND);
    EXPECT_EQ(mask, 1ul << node->os_index);
  }
  for (int status : kernel_page_nodes(pages)) EXPECT_EQ(status, static_cast<int>(node->os_index));
  EXPECT_EQ(pages.data()[0], 0x5a);
  EXPECT_EQ(pages.data()[pages.size() / 2 - 1], 0x5a);
  EXPECT_EQ(pages.data()[pages.size() / 2], 0);
}

TEST(BindBuffer, BindsAnUnalignedRange) {
  Topology topology = Topology::this_system();
  Pages pages(8);
  ASSERT_TRUE(pages.ok());
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  EXPECT_EQ(bind_buffer_to_node(topology, pages.data() + 100, 3 * page, 0),
            std::vector<unsigned>{0});
  // The range touches pages 0 to 3; the pages after it are never written.
  std::vector<int> status = kernel_page_nodes(pages);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_GE(status[i], 0) << "page " << i;
  // Not present: -ENOENT on recent kernels, -EFAULT on older ones (Debian 12's 6.1).
  for (std::size_t i = 4; i < status.size(); ++i) {
    EXPECT_TRUE(status[i] == -ENOENT || status[i] == -EFAULT) << "page " << i << ": " << status[i];
  }
}

TEST(BindBuffer, UntouchedPagesAreNowhereUntilTouched) {
  Topology topology = Topology::this_system();
  Pages pages(4);
  ASSERT_TRUE(pages.ok());
  EXPECT_TRUE(buffer_numa_nodes(topology, pages.data(), pages.size()).empty());
  touch_pages(pages.data(), pages.size());
  std::vector<unsigned> found = buffer_numa_nodes(topology, pages.data(), pages.size());
  EXPECT_EQ(found.size(), 1u);
}

TEST(BindBuffer, RejectsAnUnknownNode) {
  Topology topology = Topology::this_system();
  unsigned count =
      static_cast<unsigned>(hwloc_get_nbobjs_by_type(topology.get(), HWLOC_OBJ_NUMANODE));
  Pages pages(1);
  ASSERT_TRUE(pages.ok());
  EXPECT_THROW(bind_buffer_to_node(topology, pages.data(), pages.size(), count), InvalidInput);
}

}  // namespace
}  // namespace crossmem::placement
