// crossmem-report's command line: help, exit statuses, and all-or-nothing output.
#include <gtest/gtest.h>

#include <algorithm>

#include "temp_dir.hpp"

namespace crossmem::report {
namespace {

const std::string kExe = CROSSMEM_REPORT_EXE;

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(Cli, HelpDescribesTheOptions) {
  TempDir tmp;
  auto r = run_command(kExe + " --help", tmp.path());
  EXPECT_EQ(r.exit_code, 0);
  for (const char* expected : {"-o,--output", "--tuned", "--verify", "FILE.json", "Exit status"}) {
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  }
}

TEST(Cli, MissingArgumentsExit2) {
  TempDir tmp;
  auto r = run_command(kExe, tmp.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("crossmem-report: ", 0), 0u) << r.err;
}

TEST(Cli, InvalidInputExit2WithOneLineAndNoOutput) {
  TempDir tmp;
  for (const char* bad :
       {"malformed.json", "truncated.json", "foreign.json", "missing-counter.json"}) {
    fs::path out = tmp.path() / "out";
    auto r = run_command(kExe + " -o '" + out.string() + "' '" + kFixtures +
                             "/pingpong-node-b.json' '" + kFixtures + "/" + bad + "'",
                         tmp.path());
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_EQ(lines(r.err), 1u) << r.err;
    EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out)) << bad;
    EXPECT_TRUE(entries(tmp.path()).empty()) << bad;  // no staging directory left behind
  }
}

TEST(Cli, InvalidTunedFileExit2) {
  TempDir tmp;
  write_file(tmp.path() / "tuned.json", R"({"settings": [{"value": 3}]})");
  fs::path out = tmp.path() / "out";
  auto r = run_command(kExe + " -o '" + out.string() + "' --tuned '" +
                           (tmp.path() / "tuned.json").string() + "' '" + kFixtures +
                           "/pingpong-node-b.json'",
                       tmp.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("settings[0]: missing \"name\""), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Cli, RefusesToReplaceADirectoryItDidNotWrite) {
  TempDir tmp;
  fs::path out = tmp.path() / "precious";
  fs::create_directory(out);
  write_file(out / "notes.txt", "keep me");
  auto r = run_command(kExe + " -o '" + out.string() + "' '" + kFixtures + "/pingpong-node-b.json'",
                       tmp.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is not a crossmem report"), std::string::npos) << r.err;
  EXPECT_EQ(entries(out), std::vector<std::string>{"notes.txt"});
}

TEST(Cli, DefaultOutputAndRerunKeepsTunerFiles) {
  TempDir tmp;
  fs::copy_file(kFixtures + "/pingpong-node-b.json", tmp.path() / "run.json");
  auto r = run_command(kExe + " '" + (tmp.path() / "run.json").string() + "'", tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  fs::path out = tmp.path() / "report";
  EXPECT_EQ(r.out, (out / "index.html").string() + "\n");
  EXPECT_TRUE(fs::exists(out / "index.html"));
  EXPECT_TRUE(fs::exists(out / "summary.md"));
  EXPECT_TRUE(fs::exists(out / "measurements.tsv"));
  EXPECT_EQ(read_file(out / "index.html").find("knem_off"), std::string::npos);

  // The tuner drops its files into the report directory; the next report shows them.
  write_file(
      out / "tuned.json",
      R"({"settings": [{"stack": "openmpi", "name": "knem_off", "value": 1, "reason": "r"}]})");
  write_file(out / "tuned.conf", "# r\nknem_off = 1\n");
  write_file(out / "tuned.env", "# r\nOMPI_MCA_knem_off=1\n");
  r = run_command(kExe + " '" + (tmp.path() / "run.json").string() + "'", tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(read_file(out / "index.html").find("knem_off"), std::string::npos);
  EXPECT_TRUE(fs::exists(out / "tuned.json"));
  EXPECT_EQ(read_file(out / "tuned.conf"), "# r\nknem_off = 1\n");
  EXPECT_EQ(read_file(out / "tuned.env"), "# r\nOMPI_MCA_knem_off=1\n");
  EXPECT_EQ(entries(tmp.path()), (std::vector<std::string>{"report", "run.json"}));
}

}  // namespace
}  // namespace crossmem::report
