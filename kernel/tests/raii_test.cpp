// UniqueFd, SocketPair and Mapping: each resource is released exactly once, by its last owner.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "crossmem/error.hpp"
#include "crossmem/kernel/fd.hpp"
#include "crossmem/kernel/mapping.hpp"
#include "crossmem/kernel/pipes.hpp"

namespace crossmem::kernel {
namespace {

bool is_open(int fd) {
  return ::fcntl(fd, F_GETFD) != -1;
}

TEST(UniqueFd, ClosesOnDestruction) {
  int raw = -1;
  {
    UniqueFd fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    ASSERT_TRUE(fd);
    raw = fd.get();
    EXPECT_TRUE(is_open(raw));
  }
  EXPECT_FALSE(is_open(raw));
}

TEST(UniqueFd, MoveTransfersOwnership) {
  UniqueFd a(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  int raw = a.get();
  UniqueFd b(std::move(a));
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): the moved-from state is the contract
  EXPECT_EQ(b.get(), raw);
  UniqueFd c;
  c = std::move(b);
  EXPECT_EQ(c.get(), raw);
  EXPECT_TRUE(is_open(raw));
  c.reset();
  EXPECT_FALSE(is_open(raw));
  EXPECT_EQ(c.get(), -1);
}

TEST(UniqueFd, MoveAssignmentClosesThePreviousDescriptor) {
  UniqueFd a(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  UniqueFd b(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  int old = a.get();
  a = std::move(b);
  EXPECT_FALSE(is_open(old));
  EXPECT_TRUE(is_open(a.get()));
}

TEST(UniqueFd, ReleaseGivesUpWithoutClosing) {
  UniqueFd a(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  int raw = a.release();
  EXPECT_FALSE(a);
  EXPECT_TRUE(is_open(raw));
  ::close(raw);
}

TEST(SocketPair, EndsAreConnectedAndCloseOnExec) {
  int before = open_fd_count();
  {
    SocketPair sp = make_socket_pair(SOCK_SEQPACKET);
    EXPECT_EQ(open_fd_count(), before + 2);
    EXPECT_EQ(::fcntl(sp.first.get(), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    char out = 'x', in = 0;
    ASSERT_EQ(::send(sp.first.get(), &out, 1, 0), 1);
    ASSERT_EQ(::recv(sp.second.get(), &in, 1, 0), 1);
    EXPECT_EQ(in, 'x');
  }
  EXPECT_EQ(open_fd_count(), before);
}

TEST(SocketPair, BadTypeThrowsSystemError) {
  int before = open_fd_count();
  EXPECT_THROW(make_socket_pair(12345), SystemError);
  EXPECT_EQ(open_fd_count(), before);
}

TEST(Pipe, BothEndsClosedWithTheirOwner) {
  int before = open_fd_count();
  {
    PipeFds p = make_pipe();
    EXPECT_TRUE(is_open(p.read_end.get()));
    EXPECT_TRUE(is_open(p.write_end.get()));
    EXPECT_EQ(open_fd_count(), before + 2);
  }
  EXPECT_EQ(open_fd_count(), before);
}

TEST(Mapping, MapsAndUnmaps) {
  const std::size_t size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  void* base = nullptr;
  {
    Mapping m(size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, "test mapping");
    ASSERT_TRUE(m);
    EXPECT_EQ(m.size(), size);
    std::memset(m.get(), 1, size);
    base = m.get();
    Mapping moved(std::move(m));
    EXPECT_FALSE(m);  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(moved.get(), base);
    // Still mapped: mincore succeeds on a mapped page.
    unsigned char vec = 0;
    EXPECT_EQ(::mincore(base, size, &vec), 0);
  }
  unsigned char vec = 0;
  EXPECT_EQ(::mincore(base, size, &vec), -1);
  EXPECT_EQ(errno, ENOMEM);
}

TEST(Mapping, FailureThrowsSystemError) {
  EXPECT_THROW(Mapping(0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, "empty mapping"),
               SystemError);
}

}  // namespace
}  // namespace crossmem::kernel
