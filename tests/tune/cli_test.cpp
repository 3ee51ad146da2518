// The crossmem-tune command line: outputs, exit statuses, nothing written on invalid input.
#include <gtest/gtest.h>

#include <fstream>

#include "crossmem/results/extras.hpp"
#include "tune_support.hpp"

namespace crossmem::tune {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::TempDir;

std::string quoted(const fs::path& p) {
  std::string out(1, '\'');
  out.append(p.string());
  out.push_back('\'');
  return out;
}

std::size_t line_count(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

bool empty_dir(const fs::path& dir) {
  return fs::is_directory(dir) && fs::directory_iterator(dir) == fs::directory_iterator();
}

TEST(TuneCli, WritesTunedFilesIntoReportNextToTheFirstInput) {
  TempDir tmp;
  fs::path input = tmp.path() / "run.json";
  fs::copy_file(testing::fixture("crossover.json"), input);
  CommandResult r = testing::run_tune(quoted(input), tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  fs::path dir = tmp.path() / "report";
  for (const char* name : {"tuned.json", "tuned.conf", "tuned.env", ".crossmem-report"}) {
    EXPECT_TRUE(fs::exists(dir / name)) << name;
  }
  auto tuned = results::load_tuned(dir / "tuned.json");
  EXPECT_FALSE(tuned.settings.empty());
  EXPECT_NE(r.out.find("btl_vader_eager_limit = 32768"), std::string::npos) << r.out;
  // Nothing but the outputs (no temporary files left).
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 4u);
}

TEST(TuneCli, OutputOptionChoosesTheDirectory) {
  TempDir tmp;
  fs::path dir = tmp.path() / "out";
  CommandResult r = testing::run_tune(
      "-o " + quoted(dir) + " " + quoted(testing::fixture("no-crossover.json")), tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "tuned.conf"));
}

struct BadInput {
  const char* what;
  std::string file_text;  // written to input.json; empty: the file does not exist
};

TEST(TuneCli, InvalidInputExitsTwoWithOneLineAndWritesNothing) {
  std::vector<BadInput> cases = {
      {"malformed", testing::read_file(testing::fixture("malformed.json"))},
      {"truncated", testing::read_file(testing::fixture("crossover.json")).substr(0, 5000)},
      {"not benchmark output", "{\"name\": \"left-pad\"}\n"},
      {"empty", "\n"},
      {"missing", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    TempDir tmp;
    fs::path input = tmp.path() / "input.json";
    if (!c.file_text.empty()) std::ofstream(input) << c.file_text;
    fs::path out = tmp.path() / "out";
    CommandResult r = testing::run_tune("-o " + quoted(out) + " " + quoted(input), tmp.path());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(line_count(r.err), 1u) << r.err;
    EXPECT_FALSE(fs::exists(out));
  }
}

TEST(TuneCli, InvalidSecondInputLeavesAnEarlierOutputUntouched) {
  TempDir tmp;
  fs::path out = tmp.path() / "out";
  ASSERT_EQ(testing::run_tune(
                "-o " + quoted(out) + " " + quoted(testing::fixture("crossover.json")), tmp.path())
                .exit_code,
            0);
  std::string before = testing::read_file(out / "tuned.json");
  CommandResult r =
      testing::run_tune("-o " + quoted(out) + " " + quoted(testing::fixture("no-crossover.json")) +
                            " " + quoted(testing::fixture("malformed.json")),
                        tmp.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(testing::read_file(out / "tuned.json"), before);
}

TEST(TuneCli, UsageErrorsExitTwo) {
  TempDir tmp;
  EXPECT_EQ(testing::run_tune("", tmp.path()).exit_code, 2);
  EXPECT_EQ(testing::run_tune("--no-such-option x.json", tmp.path()).exit_code, 2);
  EXPECT_EQ(testing::run_tune("--verify", tmp.path()).exit_code, 2);  // needs -o or inputs
  EXPECT_EQ(
      testing::run_tune("--sizes 4K " + quoted(testing::fixture("crossover.json")), tmp.path())
          .exit_code,
      2);  // --sizes without --verify
  fs::path file = tmp.path() / "file";
  std::ofstream(file) << "x";
  CommandResult r = testing::run_tune(
      "-o " + quoted(file) + " " + quoted(testing::fixture("crossover.json")), tmp.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a directory"), std::string::npos) << r.err;
}

TEST(TuneCli, ReduceAnchorUsageErrorsExitTwoAndWriteNothing) {
  TempDir tmp;
  fs::path dir = tmp.path() / "out";
  const std::string fixture = quoted(testing::fixture("crossover.json"));
  EXPECT_EQ(testing::run_tune("--reduce-anchor", tmp.path()).exit_code, 2);  // needs -o
  EXPECT_EQ(testing::run_tune("--reduce-anchor --verify -o " + quoted(dir), tmp.path()).exit_code,
            2);
  EXPECT_EQ(
      testing::run_tune("--reduce-anchor -o " + quoted(dir) + " " + fixture, tmp.path()).exit_code,
      2);
  EXPECT_EQ(testing::run_tune("--procs 3 " + fixture, tmp.path()).exit_code, 2);
  EXPECT_EQ(testing::run_tune("--reduce-anchor --procs 1 -o " + quoted(dir), tmp.path()).exit_code,
            2);
  CommandResult r =
      testing::run_tune("--reduce-anchor --sizes 4K,12 -o " + quoted(dir), tmp.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("multiple of 8"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir));
}

TEST(TuneCli, VerifyNeedsTunedJson) {
  TempDir tmp;
  fs::path dir = tmp.path() / "empty";
  fs::create_directory(dir);
  CommandResult r = testing::run_tune("--verify -o " + quoted(dir), tmp.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no tuned.json"), std::string::npos) << r.err;
  EXPECT_TRUE(empty_dir(dir));
  r = testing::run_tune("--verify --sizes 3Q -o " + quoted(dir), tmp.path());
  EXPECT_EQ(r.exit_code, 2);
  r = testing::run_tune("--verify --sizes '' -o " + quoted(dir), tmp.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(line_count(r.err), 1u) << r.err;
}

}  // namespace
}  // namespace crossmem::tune
