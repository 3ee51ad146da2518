// tuned.conf, tuned.env, tuned.json and writing them.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "crossmem/error.hpp"
#include "outputs.hpp"
#include "tune.hpp"
#include "tune_support.hpp"

namespace crossmem::tune {
namespace {

namespace fs = std::filesystem;
using testing::tuned_for;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// Active `name = value` lines of an mca-params.conf; fails on any other non-comment line.
std::map<std::string, std::string> parse_conf(const std::string& text) {
  static const std::regex line_re(R"(^([A-Za-z0-9_]+) = (\S+)$)");
  std::map<std::string, std::string> out;
  for (const auto& line : lines_of(text)) {
    if (line.empty() || line[0] == '#') continue;
    std::smatch m;
    EXPECT_TRUE(std::regex_match(line, m, line_re)) << "not a name = value line: " << line;
    if (m.size() == 3) out[m[1]] = m[2];
  }
  return out;
}

TEST(TuneFiles, ConfParsesAsNameValueLines) {
  for (const char* fixture : {"crossover.json", "no-crossover.json", "single-copy-loses.json",
                              "fragment-sweep.json", "cma-unsupported.json"}) {
    SCOPED_TRACE(fixture);
    auto tuned = tuned_for(fixture);
    auto conf = parse_conf(render_conf(tuned, "test"));
    std::map<std::string, std::string> expected;
    for (const auto& s : tuned.settings) {
      if (s.stack == kOpenMpi41 && !is_default_kept(s)) expected[s.name] = s.value;
    }
    EXPECT_EQ(conf, expected);
    EXPECT_FALSE(conf.empty());
  }
}

TEST(TuneFiles, ConfCommentsOutDefaultsAndCarriesReasons) {
  auto tuned = tuned_for("crossover.json");
  std::string text = render_conf(tuned, "node (file)");
  EXPECT_NE(text.find("# btl_vader_max_send_size = 32768"), std::string::npos) << text;
  EXPECT_NE(text.find("# default kept: 32768; no fragment sweep in the input"), std::string::npos);
  EXPECT_NE(text.find("mpirun --mca btl_vader_single_copy_mechanism cma --mca "
                      "btl_vader_eager_limit 32768"),
            std::string::npos)
      << text;
}

TEST(TuneFiles, EnvHasExportLinesForEachStack) {
  auto tuned = tuned_for("crossover.json");
  std::string text = render_env(tuned, "test");
  static const std::regex export_re(R"(^export ([A-Z][A-Za-z0-9_]*)=(\S+)$)");
  std::map<std::string, std::string> active;
  for (const auto& line : lines_of(text)) {
    if (line.empty() || line[0] == '#') continue;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, export_re)) << line;
    active[m[1]] = m[2];
  }
  EXPECT_EQ(active["OMPI_MCA_btl_vader_single_copy_mechanism"], "cma");
  EXPECT_EQ(active["OMPI_MCA_btl_vader_eager_limit"], "32768");
  EXPECT_EQ(active["MPIR_CVAR_CH4_IPC_CMA_P2P_THRESHOLD"], "32768");
  EXPECT_EQ(active["UCX_RNDV_THRESH"], "intra:32768");
  EXPECT_EQ(active["MV2_SMP_EAGERSIZE"], "32768");
  EXPECT_EQ(active.count("OMPI_MCA_smsc"), 0u) << "Open MPI 5 lines must stay commented out";
  EXPECT_NE(text.find("# export OMPI_MCA_smsc=cma"), std::string::npos);
}

TEST(TuneFiles, TunedJsonRoundTrips) {
  auto tuned = tuned_for("fragment-sweep.json");
  auto back = results::parse_tuned(results::to_json_text(tuned), "tuned.json");
  ASSERT_EQ(back.settings.size(), tuned.settings.size());
  for (std::size_t i = 0; i < tuned.settings.size(); ++i) {
    EXPECT_EQ(back.settings[i].stack, tuned.settings[i].stack);
    EXPECT_EQ(back.settings[i].name, tuned.settings[i].name);
    EXPECT_EQ(back.settings[i].value, tuned.settings[i].value);
    EXPECT_EQ(back.settings[i].reason, tuned.settings[i].reason);
  }
}

TEST(TuneFiles, McaFlagsLeaveDefaultsOutWhenAsked) {
  auto tuned = tuned_for("crossover.json");
  auto changed = mca_flags(tuned, kOpenMpi41, true);
  auto all = mca_flags(tuned, kOpenMpi41, false);
  EXPECT_EQ(changed.size(), 6u);
  EXPECT_EQ(all.size(), 9u);
}

TEST(TuneFiles, WriteFilesCreatesTheDirectoryWithTheReportMarker) {
  testing::TempDir tmp;
  fs::path dir = tmp.path() / "a" / "report";
  write_files(dir, {{"one.txt", "1\n"}, {"two.txt", "2\n"}});
  EXPECT_EQ(testing::read_file(dir / "one.txt"), "1\n");
  EXPECT_EQ(testing::read_file(dir / "two.txt"), "2\n");
  EXPECT_TRUE(fs::exists(dir / ".crossmem-report"));
  // An existing directory is written into without a marker and without leftovers.
  fs::path other = tmp.path() / "other";
  fs::create_directory(other);
  write_files(other, {{"one.txt", "x"}});
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(other)) ++entries;
  EXPECT_EQ(entries, 1u);
}

TEST(TuneFiles, WriteFilesRefusesAFileAsDirectory) {
  testing::TempDir tmp;
  fs::path file = tmp.path() / "file";
  { std::ofstream(file) << "x"; }
  EXPECT_THROW(write_files(file, {{"one.txt", "1"}}), InvalidInput);
}

TEST(TuneFiles, DefaultOutputIsReportNextToTheFirstInput) {
  EXPECT_EQ(default_output_dir("/data/run/a.json"), fs::path("/data/run/report"));
}

}  // namespace
}  // namespace crossmem::tune
