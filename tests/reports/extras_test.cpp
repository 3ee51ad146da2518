#include "crossmem/results/extras.hpp"

#include <gtest/gtest.h>

#include "crossmem/error.hpp"

namespace crossmem::results {
namespace {

TEST(Extras, TunedRoundTrip) {
  Tuned t = parse_tuned(R"({"settings": [{"stack": "openmpi", "name": "smsc_cma_priority",
                                           "value": 40, "reason": "CMA wins above 32 KiB"}]})",
                        "tuned.json");
  ASSERT_EQ(t.settings.size(), 1u);
  EXPECT_EQ(t.settings[0].value, "40");
  EXPECT_EQ(t.settings[0].stack, "openmpi");
  Tuned again = parse_tuned(to_json_text(t), "again");
  EXPECT_EQ(again.settings[0].reason, "CMA wins above 32 KiB");
}

TEST(Extras, VerifyRoundTrip) {
  Verify v = parse_verify(R"({"rows": [{"size": 4096, "config": "default", "bandwidth_Bps": 2.5e9,
                                         "latency_us": 1.6}],
                              "efficiency": [{"size": 4096, "efficiency": 0.97}]})",
                          "verify.json");
  ASSERT_EQ(v.rows.size(), 1u);
  EXPECT_EQ(v.rows[0].size, 4096u);
  EXPECT_DOUBLE_EQ(v.rows[0].bandwidth_Bps, 2.5e9);
  ASSERT_EQ(v.efficiency.size(), 1u);
  Verify again = parse_verify(to_json_text(v), "again");
  EXPECT_DOUBLE_EQ(again.efficiency[0].efficiency, 0.97);
  EXPECT_TRUE(parse_verify(R"({"rows": []})", "x").efficiency.empty());
}

TEST(Extras, ReduceAnchorRoundTrip) {
  ReduceAnchor a = parse_reduce_anchor(
      R"({"mpi": "mpirun.openmpi -np 2", "rows": [{"size": 4096, "procs": 2, "config": "cma",
          "reduce_ns": 2100.5, "bytes_per_second": 1.95e9}]})",
      "reduce_anchor.json");
  ASSERT_EQ(a.rows.size(), 1u);
  EXPECT_EQ(a.mpi, "mpirun.openmpi -np 2");
  EXPECT_EQ(a.rows[0].procs, 2);
  EXPECT_EQ(a.rows[0].config, "cma");
  ReduceAnchor again = parse_reduce_anchor(to_json_text(a), "again");
  ASSERT_EQ(again.rows.size(), 1u);
  EXPECT_EQ(again.rows[0].size, 4096u);
  EXPECT_DOUBLE_EQ(again.rows[0].reduce_ns, 2100.5);
  EXPECT_DOUBLE_EQ(again.rows[0].bytes_per_second, 1.95e9);
  EXPECT_THROW(parse_reduce_anchor(R"({"rows": [{"size": 8, "procs": 1, "config": "cma",
                                       "reduce_ns": 1, "bytes_per_second": 1}]})",
                                   "x"),
               InvalidInput);
  EXPECT_THROW(parse_reduce_anchor(R"({"rows": [{"size": 8, "procs": 2, "reduce_ns": 1,
                                       "bytes_per_second": 1}]})",
                                   "x"),
               InvalidInput);
  EXPECT_THROW(parse_reduce_anchor(R"({"mpi": "x"})", "x"), InvalidInput);
}

TEST(Extras, InvalidShapes) {
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const InvalidInput& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message([] { parse_tuned("{", "t.json"); }).rfind("t.json: not JSON", 0), 0u);
  EXPECT_EQ(message([] { parse_tuned(R"({"rows": []})", "t.json"); }),
            "t.json: expected an object with a \"settings\" array");
  EXPECT_EQ(message([] { parse_tuned(R"({"settings": [{"value": 1}]})", "t.json"); }),
            "t.json: settings[0]: missing \"name\"");
  EXPECT_EQ(message([] { parse_verify(R"({"rows": [{"size": -1}]})", "v.json"); }),
            "v.json: rows[0]: \"size\" is not a non-negative integer");
  EXPECT_EQ(message([] {
              parse_verify(R"({"rows": [{"size": 1, "config": "a", "bandwidth_Bps": "fast"}]})",
                           "v.json");
            }),
            "v.json: rows[0]: \"bandwidth_Bps\" is missing or not a number");
}

}  // namespace
}  // namespace crossmem::results
