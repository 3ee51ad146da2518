#include "crossmem/results/tidy.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "crossmem/results/summary.hpp"

namespace crossmem::results {
namespace {

const std::string kFixtures = CROSSMEM_RESULT_FIXTURES;

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string cell;
  while (std::getline(in, cell, sep)) out.push_back(cell);
  if (!line.empty() && line.back() == sep) out.emplace_back();
  return out;
}

TEST(Tidy, OneRowPerMeasurementWithHeader) {
  Results r = load_results({kFixtures + "/pingpong-small.json"});
  std::ostringstream out;
  write_measurements_tsv(r, out);
  std::istringstream in(out.str());
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header = split(line, '\t');
  EXPECT_EQ(header, measurement_columns(r));
  std::vector<std::string> expected_start = {"source",
                                             "host",
                                             "date",
                                             "workload",
                                             "strategy",
                                             "size_bytes",
                                             "procs",
                                             "placement",
                                             "cache",
                                             "pages",
                                             "fresh",
                                             "tunable.depth",
                                             "tunable.fragment",
                                             "repetition",
                                             "iterations",
                                             "latency_ns",
                                             "bytes_per_second",
                                             "handoff_ns",
                                             "doorbell_ns",
                                             "validated",
                                             "buffer_slots",
                                             "handoff_after_ns",
                                             "handoff_before_ns",
                                             "involuntary",
                                             "layout",
                                             "mixed_round",
                                             "preempt_excess",
                                             "round"};
  ASSERT_GE(header.size(), expected_start.size());
  EXPECT_EQ(std::vector<std::string>(header.begin(), header.begin() + 28), expected_start);
  EXPECT_NE(std::find(header.begin(), header.end(), "aggregate_bytes_per_second"), header.end());
  // An older file's own counters follow, sorted, among the others.
  EXPECT_NE(std::find(header.begin() + 28, header.end(), "preempted"), header.end());
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    EXPECT_EQ(split(line, '\t').size(), header.size()) << line;
    ++rows;
  }
  EXPECT_EQ(rows, r.measurements.size());
}

TEST(Summary, GroupsRepetitions) {
  Results r = load_results({kFixtures + "/pingpong-node-b.json"});
  std::vector<Summary> s = summarize(r);
  ASSERT_EQ(s.size(), 12u);  // 3 strategies x 4 sizes
  EXPECT_EQ(s[0].repetitions, 3u);
  EXPECT_EQ(s[0].spread("bytes_per_second").n, 3u);
  EXPECT_FALSE(s[0].spread("bytes_per_second").percentiles);
  EXPECT_EQ(s[0].spread("no_such_counter").n, 0u);
  EXPECT_EQ(format_group(group_of(0, s[0].axes)),
            "pingpong procs:2 placement:cross-core cache:hot pages:4k fresh:0");
}

}  // namespace
}  // namespace crossmem::results
