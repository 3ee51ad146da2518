// crossmem::Progress: the live line is redrawn in place and cleared at the end; without a
// terminal only finished groups and the closing line are written.
#include "crossmem/progress.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace crossmem {
namespace {

std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string text;
  char buf[512];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  return text;
}

TEST(Progress, LiveLineIsRedrawnInPlaceAndCleared) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    Progress p("sweep", 4, f, Progress::Mode::live);
    EXPECT_TRUE(p.live());
    p.step(1, "cma-read 64B");
    p.group(2, "cma-read: 2 measured");  // not shown on a live display
    p.step(2, "pipe 64B");
    p.finish("sweep: 4 cases in 0:01");
    p.step(3, "ignored after finish");
  }
  std::string text = contents(f);
  std::fclose(f);
  EXPECT_NE(text.find("\r\033[Ksweep 1/4, elapsed 0:00, ~0:00 left: cma-read 64B"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\r\033[Ksweep 2/4"), std::string::npos) << text;
  EXPECT_EQ(text.find("2 measured"), std::string::npos) << text;
  EXPECT_NE(text.find("\r\033[Ksweep: 4 cases in 0:01\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("ignored"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

TEST(Progress, WithoutTerminalOneLinePerGroup) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    Progress p("verification", 8, f);  // a file is not a terminal
    EXPECT_FALSE(p.live());
    p.step(1, "1KiB default");
    p.group(4, "1KiB done");
    p.finish("verification: 8 runs in 0:02");
  }
  std::string text = contents(f);
  std::fclose(f);
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
  EXPECT_EQ(text.find("1KiB default"), std::string::npos) << text;
  EXPECT_EQ(text.rfind("verification 4/8, elapsed 0:00, ~0:00 left: 1KiB done\n", 0), 0u) << text;
  EXPECT_NE(text.find("\nverification: 8 runs in 0:02\n"), std::string::npos) << text;
}

TEST(Progress, ClockFormatsMinutesAndHours) {
  EXPECT_EQ(Progress::clock(0), "0:00");
  EXPECT_EQ(Progress::clock(7.4), "0:07");
  EXPECT_EQ(Progress::clock(750), "12:30");
  EXPECT_EQ(Progress::clock(3723), "1:02:03");
  EXPECT_EQ(Progress::clock(-3), "0:00");
}

}  // namespace
}  // namespace crossmem
