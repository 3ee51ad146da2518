#include "crossmem/doctor/render.hpp"

#include <gtest/gtest.h>

#include "crossmem/doctor/summary.hpp"
#include "synthetic.hpp"

namespace crossmem::doctor {
namespace {

Diagnosis sample() {
  HostFacts f = testing::ordinary_facts();
  f.yama_scope = 2;
  f.cross.unrelated = f.cross.named = testing::refused();
  return judge(f, testing::synthetic_strategies());
}

TEST(Render, JsonCarriesEveryCheckStrategyAndPrediction) {
  Diagnosis d = sample();
  nlohmann::json j = to_json(d);
  EXPECT_EQ(j["schema"], "crossmem-doctor/1");
  EXPECT_EQ(j["kernel"], "6.1.0-test");
  ASSERT_EQ(j["checks"].size(), d.checks.size());
  for (const auto& c : j["checks"]) {
    for (const char* key : {"id", "title", "status", "finding", "cause", "remedy", "facts"}) {
      EXPECT_TRUE(c.contains(key)) << key;
    }
  }
  ASSERT_EQ(j["strategies"].size(), d.strategies.size());
  EXPECT_EQ(j["strategies"][4]["name"], "cma-read");
  EXPECT_EQ(j["strategies"][4]["available"], false);
  EXPECT_EQ(j["strategies"][4]["cause_id"], "yama_scope_2");
  EXPECT_TRUE(j["strategies"][4]["probe"]["ok"].get<bool>());
  ASSERT_EQ(j["mpi"].size(), d.mpi.size());
  EXPECT_EQ(j["counts"]["blocked"].get<int>(), 2);  // yama.ptrace_scope, ptrace.cross_process
}

TEST(Render, TextNamesEveryCheckAndStrategy) {
  Diagnosis d = sample();
  std::string text = render_text(d);
  for (const Check& c : d.checks) EXPECT_NE(text.find("[" + c.id + "]"), std::string::npos) << c.id;
  for (const StrategyVerdict& v : d.strategies) EXPECT_NE(text.find(v.strategy), std::string::npos);
  EXPECT_NE(text.find("UNAVAILABLE"), std::string::npos);
  EXPECT_NE(text.find("echo 1 > /proc/sys/kernel/yama/ptrace_scope"), std::string::npos);
  for (const char* stack : {"Open MPI 4.1", "Open MPI 5.0", "MPICH 5.0", "UCX"}) {
    EXPECT_NE(text.find(stack), std::string::npos) << stack;
  }
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    // Lines wrap at 100 columns unless one word is longer (a path or a command).
    if (line.size() > 100) {
      EXPECT_EQ(line.find(' ', line.find_first_not_of(' ')), std::string::npos) << line;
    }
    start = end + 1;
  }
}

TEST(Render, SummaryIsCompact) {
  nlohmann::json s = doctor_summary(sample());
  EXPECT_EQ(s["schema"], "crossmem-doctor-summary/1");
  EXPECT_EQ(s["yama_ptrace_scope"], 2);
  EXPECT_EQ(s["seccomp"], "none");
  EXPECT_EQ(s["user_namespace"], "initial");
  EXPECT_EQ(s["pipe_max_size"], 1 << 20);
  EXPECT_EQ(s["numa_nodes"], 1);
  EXPECT_EQ(s["strategies"]["memcpy"], true);
  EXPECT_EQ(s["strategies"]["cma-read"], false);
  EXPECT_TRUE(s["unavailable"].contains("cma-write"));
  EXPECT_FALSE(s["unavailable"].contains("pipe"));
  EXPECT_EQ(s["blocked"], nlohmann::json({"yama.ptrace_scope", "ptrace.cross_process"}));
  EXPECT_EQ(s["mpi"]["MPICH 5.0 (ch4)"], "none (double copy)");
  EXPECT_LT(s.dump().size(), 3000u);
}

}  // namespace
}  // namespace crossmem::doctor
