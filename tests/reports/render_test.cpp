// Report generation on the small fixtures: every plot rendered by gnuplot, the pages written,
// and index.html rendered by headless Chromium to a non-blank screenshot.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <set>

#include "written_report.hpp"

namespace crossmem::report {
namespace {

class ReportOutput : public testing::WrittenReport<ReportOutput> {
 public:
  static ReportOptions options(const fs::path& dir) {
    return testing::report_options(
        dir, {kFixtures + "/pingpong-small.json", kFixtures + "/pingpong-node-b.json"},
        R"({"settings": [{"stack": "openmpi", "name": "smsc_cma_threshold",
                          "value": "32768", "reason": "cma-read overtakes shm-copy"}]})",
        R"({"rows": [{"size": 1048576, "config": "tuned", "bandwidth_Bps": 9.1e9,
                      "latency_us": 115.0}],
            "efficiency": [{"size": 1048576, "efficiency": 0.92}]})");
  }
};

bool is_png(const std::string& bytes) {
  return bytes.rfind("\x89PNG\r\n\x1a\n", 0) == 0;
}

std::uint32_t be32(const std::string& bytes, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
}

TEST_F(ReportOutput, EveryPlotIsRenderedAsPngAndSvg) {
  std::set<std::string> stems;
  for (const auto& entry : fs::directory_iterator(out_ / "plots")) {
    if (entry.path().extension() == ".gp") stems.insert(entry.path().stem().string());
  }
  // node-a: 2 ping-pong groups x (latency, bandwidth, fraction), many-to-one, placement;
  // node-b: 1 group x 3.
  std::set<std::string> expected = {"s0-many-to-one", "s0-placement"};
  EXPECT_EQ(stems.size(), 11u);
  for (const auto& stem : expected) EXPECT_TRUE(stems.contains(stem)) << stem;
  for (const auto& stem : stems) {
    std::string png = read_file(out_ / "plots" / (stem + ".png"));
    std::string svg = read_file(out_ / "plots" / (stem + ".svg"));
    EXPECT_TRUE(is_png(png)) << stem;
    EXPECT_GT(png.size(), 2000u) << stem;
    EXPECT_NE(svg.find("<svg"), std::string::npos) << stem;
    EXPECT_NE(svg.find("</svg>"), std::string::npos) << stem;
  }
}

TEST_F(ReportOutput, PagesAreWrittenAndSelfContained) {
  std::string html = read_file(out_ / "index.html");
  ASSERT_FALSE(html.empty());
  for (const char* expected :
       {"Machines and runs", "node-a (pingpong-small.json)", "node-b (pingpong-node-b.json)",
        "6.1.0-28-amd64", "AMD EPYC 7B13", "crossmem.hugetlb_pages", "Host regime",
        "Skipped strategies", "sysctl kernel.yama.ptrace_scope=1", "Crossovers against shm-copy",
        "falls_behind", "Tuned settings", "smsc_cma_threshold", "Verification on Open MPI", "0.92",
        "data:image/png;base64,"}) {
    EXPECT_NE(html.find(expected), std::string::npos) << expected;
  }
  std::size_t images = 0;
  for (std::size_t at = html.find("<img"); at != std::string::npos;
       at = html.find("<img", at + 1)) {
    ++images;
  }
  EXPECT_EQ(images, 11u);
  for (const char* external : {"http://", "https://", "src=\"plots/", "<link", "<script"}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
  std::string md = read_file(out_ / "summary.md");
  EXPECT_NE(md.find("## Crossovers against shm-copy"), std::string::npos);
  EXPECT_NE(md.find("| cma-read |"), std::string::npos);
  EXPECT_NE(md.find("smsc_cma_threshold"), std::string::npos);
  EXPECT_FALSE(read_file(out_ / "measurements.tsv").empty());
  EXPECT_EQ(read_file(out_ / "tuned.json"), read_file(dir_->path() / "tuned-in.json"));
  EXPECT_TRUE(fs::exists(out_ / "verify.json"));
}

// Screenshot of `url` at 1200x2000; returns the PNG bytes (empty on failure, with `log` set).
std::string screenshot(const std::string& url, const fs::path& scratch, const std::string& name,
                       std::string& log) {
  fs::path profile = scratch / ("profile-" + name);
  fs::create_directories(profile);
  fs::path png = scratch / (name + ".png");
  auto r = run_command(
      "timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--hide-scrollbars --user-data-dir='" +
          profile.string() + "' --screenshot='" + png.string() + "' --window-size=1200,2000 '" +
          url + "'",
      scratch);
  log = r.err;
  return r.exit_code == 0 ? read_file(png) : std::string();
}

TEST_F(ReportOutput, RendersInHeadlessChromium) {
  CROSSMEM_REQUIRE_BROWSER();
  fs::path scratch = dir_->path() / "browser";
  fs::create_directories(scratch);
  write_file(scratch / "blank.html", "<!DOCTYPE html><html><body></body></html>\n");

  std::string log;
  std::string blank =
      screenshot("file://" + (scratch / "blank.html").string(), scratch, "blank", log);
  ASSERT_TRUE(is_png(blank)) << log;
  std::string page = screenshot("file://" + (out_ / "index.html").string(), scratch, "report", log);
  ASSERT_TRUE(is_png(page)) << log;
  EXPECT_EQ(be32(page, 16), 1200u);  // IHDR width
  EXPECT_EQ(be32(page, 20), 2000u);  // IHDR height
  // A blank page compresses to almost nothing; rendered tables, text and plots do not. A page
  // of one colour is as small as the blank one, so this also shows more than one colour.
  EXPECT_GT(page.size(), 5 * blank.size())
      << "report " << page.size() << " bytes, blank " << blank.size() << " bytes";
}

}  // namespace
}  // namespace crossmem::report
