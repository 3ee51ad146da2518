#include "crossmem/doctor/proc_text.hpp"

#include <gtest/gtest.h>

namespace crossmem::doctor {
namespace {

constexpr const char* kStatus =
    "Name:\tcat\nUid:\t1000\t1000\t1000\t1000\nNSpid:\t4242\t7\nCapEff:\t0000000000080000\n"
    "CapBnd:\t000001ffffffffff\nSeccomp:\t2\nSeccomp_filters:\t1\n";

TEST(ProcText, StatusFieldFindsTrimmedValue) {
  EXPECT_EQ(status_field(kStatus, "Seccomp"), "2");
  EXPECT_EQ(status_field(kStatus, "Seccomp_filters"), "1");
  EXPECT_EQ(status_field(kStatus, "Name"), "cat");
  EXPECT_FALSE(status_field(kStatus, "Missing"));
  EXPECT_FALSE(status_field(kStatus, "Seccomp_f"));  // prefix of a longer key
}

TEST(ProcText, StatusCapsParsesHex) {
  EXPECT_EQ(status_caps(kStatus, "CapEff"), 1u << 19);  // CAP_SYS_PTRACE only
  EXPECT_EQ(status_caps(kStatus, "CapBnd"), 0x1ffffffffffu);
  EXPECT_FALSE(status_caps("CapEff:\tzz\n", "CapEff"));
}

TEST(ProcText, StatusNumbersSplitsFields) {
  EXPECT_EQ(status_numbers(kStatus, "NSpid"), (std::vector<long>{4242, 7}));
  EXPECT_EQ(status_numbers(kStatus, "Uid").size(), 4u);
  EXPECT_TRUE(status_numbers(kStatus, "PPid").empty());
}

TEST(ProcText, IdentityMapOnlyForTheFullRange) {
  EXPECT_TRUE(id_map_is_identity("         0          0 4294967295\n"));
  EXPECT_FALSE(id_map_is_identity("0 1000 1\n"));
  EXPECT_FALSE(id_map_is_identity("0 100000 65536\n"));
  EXPECT_FALSE(id_map_is_identity("0 0 1000\n1000 1000 4294966295\n"));
  EXPECT_FALSE(id_map_is_identity(""));
}

TEST(ProcText, ProcMountOptions) {
  ProcMount none = parse_proc_mount("sysfs /sys sysfs rw 0 0\nproc /proc proc rw,relatime 0 0\n");
  EXPECT_TRUE(none.found);
  EXPECT_EQ(none.hidepid, "");
  EXPECT_EQ(hidepid_level(none.hidepid), HidePid::none);

  ProcMount hidden = parse_proc_mount(
      "proc /proc proc rw 0 0\nproc /proc proc rw,nosuid,relatime,gid=27,hidepid=invisible 0 0\n");
  EXPECT_EQ(hidden.hidepid, "invisible");
  EXPECT_EQ(hidden.gid, "27");
  EXPECT_EQ(hidepid_level(hidden.hidepid), HidePid::processes);

  ProcMount other = parse_proc_mount("proc /mnt/proc proc rw,hidepid=2 0 0\n");
  EXPECT_FALSE(other.found);

  ProcMount subset = parse_proc_mount("proc /proc proc rw,hidepid=1,subset=pid 0 0\n");
  EXPECT_TRUE(subset.subset_pid);
  EXPECT_EQ(hidepid_level(subset.hidepid), HidePid::contents);
  EXPECT_EQ(hidepid_level("2"), HidePid::processes);
  EXPECT_EQ(hidepid_level("ptraceable"), HidePid::processes);
  EXPECT_EQ(hidepid_level("off"), HidePid::none);
}

TEST(ProcText, BracketedChoice) {
  EXPECT_EQ(bracketed_choice("always [madvise] never\n"), "madvise");
  EXPECT_EQ(bracketed_choice("always within_size advise [never] deny force\n"), "never");
  EXPECT_EQ(bracketed_choice(""), "unknown");
}

}  // namespace
}  // namespace crossmem::doctor
