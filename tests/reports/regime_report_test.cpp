// The report of a run with two host regimes that disagree (tests/fixtures/results/
// pingpong-regimes.json): the sentence at the top, the regimes on the first screen, per-regime
// groups and plots, and the disturbance table on preempt_excess.
#include <gtest/gtest.h>

#include <memory>

#include "written_report.hpp"

namespace crossmem::report {
namespace {

class RegimeReport : public testing::WrittenReport<RegimeReport> {
 public:
  static ReportOptions options(const fs::path& dir) {
    return testing::report_options(dir, {kFixtures + "/pingpong-regimes.json"});
  }
};

constexpr const char* kSentence =
    "The host regimes disagree: in pingpong procs:2 placement:cross-core cache:hot pages:4k "
    "fresh:0 (node-r (pingpong-regimes.json)), cma-read beats shm-copy depth:8/fragment:32768 at";

TEST_F(RegimeReport, DisagreementIsTheFirstSentenceOfBothPages) {
  std::string html = read_file(out_ / "index.html");
  std::size_t at = html.find(kSentence);
  ASSERT_NE(at, std::string::npos);
  EXPECT_LT(at, html.find("<nav>"));  // before everything but the title and the lead
  EXPECT_NE(html.find("in the 262 ns handoff regime but loses to it in the 58 ns handoff regime"),
            std::string::npos);
  std::string md = read_file(out_ / "summary.md");
  at = md.find(kSentence);
  ASSERT_NE(at, std::string::npos);
  EXPECT_LT(at, md.find("## Machines and runs"));
}

TEST_F(RegimeReport, VerdictStartsWithTheDisagreementAndUsesTheMainRegime) {
  std::string verdict = read_file(out_ / "verdict.txt");
  EXPECT_EQ(verdict.find(kSentence), 0u) << verdict;
  // The fastest bands come from a known regime, never from the unstable repetitions.
  std::size_t fastest = verdict.find("Fastest (");
  ASSERT_NE(fastest, std::string::npos) << verdict;
  std::string line = verdict.substr(fastest, verdict.find('\n', fastest) - fastest);
  EXPECT_NE(line.find(" regime:"), std::string::npos) << line;
  EXPECT_EQ(line.find("regime:unstable"), std::string::npos) << line;
}

TEST_F(RegimeReport, FirstScreenNamesTheRegimesWithTheirShares) {
  std::string html = read_file(out_ / "index.html");
  std::size_t seen = html.find("Host regimes seen");
  ASSERT_NE(seen, std::string::npos);
  EXPECT_LT(seen, html.find("<nav>"));
  // 7 + 7 rounds and one unstable repetition per case: 7 / 15 of the repetitions each.
  EXPECT_NE(html.find("58 ns handoff (46.7%, 147 repetitions), 262 ns handoff (46.7%, 147 "
                      "repetitions); 21 repetitions unstable"),
            std::string::npos);
  std::string md = read_file(out_ / "summary.md");
  EXPECT_NE(md.find("Host regimes seen"), std::string::npos);
}

TEST_F(RegimeReport, GroupsAndPlotsArePerRegime) {
  std::string html = read_file(out_ / "index.html");
  for (const char* group :
       {"fresh:0 regime:58ns", "fresh:0 regime:262ns", "fresh:0 regime:unstable"}) {
    EXPECT_NE(html.find(group), std::string::npos) << group;
  }
  // Crossovers in each known regime, none for the unstable repetitions.
  std::string md = read_file(out_ / "summary.md");
  EXPECT_NE(md.find("fresh:0 regime:58ns | cma-read"), std::string::npos);
  EXPECT_NE(md.find("fresh:0 regime:262ns | cma-read"), std::string::npos);
  EXPECT_EQ(md.find("regime:unstable | cma-read"), std::string::npos);
  std::size_t titled = 0;
  for (const auto& entry : fs::directory_iterator(out_ / "plots")) {
    if (entry.path().extension() != ".gp") continue;
    std::string gp = read_file(entry.path());
    if (gp.find("regime:58ns") != std::string::npos || gp.find("regime:262ns") != std::string::npos)
      ++titled;
  }
  EXPECT_GE(titled, 6u);  // latency, bandwidth, fraction in each regime
}

TEST_F(RegimeReport, DisturbancesCountPreemptExcessAndUnstable) {
  std::string html = read_file(out_ / "index.html");
  EXPECT_NE(html.find("1 preempted (preempt_excess &gt; 0)"), std::string::npos);
  EXPECT_NE(html.find("21 unstable"), std::string::npos);
  EXPECT_NE(html.find("policy each, rounds kept 7, repetitions measured again 2 (1.4 s)"),
            std::string::npos);
}

}  // namespace
}  // namespace crossmem::report
