// index.html read top-down, checked in headless Chromium (Debian's chromium): the page loads with
// no console message, every image decodes, the verdict comes first and within the first screen,
// and the machine context comes after every finding. The verdict text is checked too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <regex>

#include "written_report.hpp"

namespace crossmem::report {
namespace {

class ReportPage : public testing::WrittenReport<ReportPage> {
 public:
  static ReportOptions options(const fs::path& dir) {
    return testing::report_options(
        dir, {kFixtures + "/pingpong-small.json"},
        R"({"settings": [{"stack": "openmpi-4.1", "name": "btl_vader_single_copy_mechanism",
                          "value": "cma", "reason": "cma-read overtakes shm-copy"}]})",
        R"({"rows": [{"size": 1048576, "config": "default", "bandwidth_Bps": 8.0e9,
                      "latency_us": 131.0},
                     {"size": 1048576, "config": "tuned", "bandwidth_Bps": 9.6e9,
                      "latency_us": 109.0}],
            "efficiency": [{"size": 1048576, "efficiency": 1.0}]})");
  }
};

TEST_F(ReportPage, VerdictFileIsShortAndSaysWhatWasFound) {
  std::string verdict = read_file(out_ / "verdict.txt");
  std::size_t lines = static_cast<std::size_t>(std::count(verdict.begin(), verdict.end(), '\n'));
  EXPECT_GE(lines, 3u) << verdict;
  EXPECT_LE(lines, 16u) << verdict;
  EXPECT_NE(verdict.find("Fastest"), std::string::npos) << verdict;
  EXPECT_NE(verdict.find("Crossovers"), std::string::npos) << verdict;
  EXPECT_NE(verdict.find("--mca btl_vader_single_copy_mechanism cma"), std::string::npos)
      << verdict;
  EXPECT_NE(verdict.find("tuned / default bandwidth 1.20x"), std::string::npos) << verdict;
  // References are not candidates for "fastest".
  for (const char* reference : {" memcpy ", " shared-map "}) {
    std::string bands = verdict.substr(0, verdict.find("Crossovers"));
    EXPECT_EQ(bands.find(reference), std::string::npos) << verdict;
  }
}

TEST_F(ReportPage, SectionsReadTopDown) {
  std::string html = read_file(out_ / "index.html");
  std::vector<std::string> order = {"id=\"verdict\"", "id=\"results\"", "id=\"crossovers\"",
                                    "id=\"tuned\"",   "id=\"verify\"",  "id=\"skipped\"",
                                    "id=\"regime\"",  "id=\"machines\""};
  std::size_t last = 0;
  for (const auto& id : order) {
    std::size_t at = html.find("<section " + id);
    ASSERT_NE(at, std::string::npos) << id;
    EXPECT_GT(at, last) << id;
    last = at;
  }
  // Context values that are JSON are tables, not JSON text.
  std::string machines = html.substr(html.find("<section id=\"machines\""));
  EXPECT_EQ(machines.find("{&quot;"), std::string::npos);
  EXPECT_NE(machines.find("<th>sender</th>"), std::string::npos);
}

TEST_F(ReportPage, LoadsInHeadlessChromiumWithEveryImageAndTheVerdictFirst) {
  CROSSMEM_REQUIRE_BROWSER();
  fs::path scratch = dir_->path() / "browser";
  fs::create_directories(scratch);
  auto chromium = [&](const fs::path& page, const std::string& name) {
    fs::path profile = scratch / ("profile-" + name);
    fs::create_directories(profile);
    return run_command(
        "timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
        "--disable-background-networking --disable-component-update --disable-sync "
        "--enable-logging=stderr --v=0 --window-size=1200,900 --virtual-time-budget=5000 "
        "--user-data-dir='" +
            profile.string() + "' --dump-dom 'file://" + page.string() + "'",
        scratch);
  };

  // The page as written: no console message at all (errors, warnings or logs).
  auto plain = chromium(out_ / "index.html", "plain");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(plain.out.find("id=\"verdict\""), std::string::npos);
  EXPECT_EQ(plain.err.find("CONSOLE"), std::string::npos) << plain.err;

  // A copy with a script that reports what the browser made of it.
  std::string html = read_file(out_ / "index.html");
  const std::string probe = R"js(<script>
window.addEventListener('load', () => {
  const images = [...document.images];
  const broken = images.filter(i => !(i.complete && i.naturalWidth > 0)).length;
  const top = id => { const e = document.getElementById(id); return e ? Math.round(e.getBoundingClientRect().top) : -1; };
  document.body.setAttribute('data-check',
    `images=${images.length} broken=${broken} verdict=${top('verdict')} results=${top('results')} machines=${top('machines')} screen=${window.innerHeight}`);
});
</script>)js";
  html.insert(html.rfind("</body>"), probe);
  write_file(out_ / "probe.html", html);
  auto probed = chromium(out_ / "probe.html", "probe");
  fs::remove(out_ / "probe.html");
  ASSERT_EQ(probed.exit_code, 0) << probed.err;
  std::smatch m;
  std::regex check(
      R"re(data-check="images=(\d+) broken=(\d+) verdict=(-?\d+) results=(-?\d+) machines=(-?\d+) screen=(\d+)")re");
  ASSERT_TRUE(std::regex_search(probed.out, m, check)) << probed.out.substr(0, 2000);
  int images = std::stoi(m[1]), broken = std::stoi(m[2]), verdict = std::stoi(m[3]),
      results = std::stoi(m[4]), machines = std::stoi(m[5]), screen = std::stoi(m[6]);
  EXPECT_GT(images, 0);
  EXPECT_EQ(broken, 0);
  EXPECT_GE(verdict, 0);
  EXPECT_LT(verdict, screen / 2) << "the verdict starts in the upper half of the first screen";
  EXPECT_GT(results, verdict);
  EXPECT_GT(machines, results);
}

}  // namespace
}  // namespace crossmem::report
