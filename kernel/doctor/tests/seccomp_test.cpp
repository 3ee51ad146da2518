// A real seccomp filter: a forked child blocks process_vm_readv/writev, runs the whole diagnosis
// and sends its JSON back. The doctor must name the filter as the cause.
#include <gtest/gtest.h>

#include <cerrno>

#include "crossmem/doctor/render.hpp"
#include "crossmem/strategy.hpp"
#include "support/child.hpp"

namespace crossmem::doctor {
namespace {

nlohmann::json diagnose_under_filter(int err) {
  return testing::run_in_child([err] { return testing::block_cma_with_seccomp(err); },
                               [] { return to_json(diagnose(doctor_inputs())); });
}

const nlohmann::json& check(const nlohmann::json& j, const std::string& id) {
  for (const auto& c : j["checks"]) {
    if (c["id"] == id) return c;
  }
  static const nlohmann::json none = nlohmann::json::object();
  ADD_FAILURE() << "no check " << id;
  return none;
}

const nlohmann::json& strategy(const nlohmann::json& j, const std::string& name) {
  for (const auto& s : j["strategies"]) {
    if (s["name"] == name) return s;
  }
  static const nlohmann::json none = nlohmann::json::object();
  ADD_FAILURE() << "no strategy " << name;
  return none;
}

// Checks the diagnosis `j` made under a filter returning `err`.
void expect_filter_blamed(const nlohmann::json& j, int err) {
  std::string name = err == EPERM ? "EPERM" : "ENOSYS";

  const auto& sec = check(j, "seccomp");
  EXPECT_EQ(sec["status"], "blocked") << sec.dump(2);
  EXPECT_EQ(sec["facts"]["mode"], 2);
  EXPECT_EQ(sec["facts"]["process_vm_readv"], name);
  EXPECT_EQ(sec["facts"]["proc_self_mem"], "0");
  EXPECT_NE(sec["finding"].get<std::string>().find("process_vm_writev (" + name + ")"),
            std::string::npos);

  for (const char* s : {"cma-read", "cma-write"}) {
    const auto& v = strategy(j, s);
    EXPECT_EQ(v["available"], false) << s;
    EXPECT_EQ(v["cause_id"].get<std::string>().rfind("seccomp", 0), 0u) << v.dump(2);
    EXPECT_NE(v["reason"].get<std::string>().find("seccomp"), std::string::npos) << v["reason"];
    EXPECT_EQ(v["probe"]["ok"], false) << "the strategy's own probe should agree";
  }
  for (const char* s : {"proc-mem-read", "proc-mem-write", "pipe", "shm-copy"}) {
    EXPECT_EQ(strategy(j, s)["available"], true) << s << ": " << strategy(j, s)["reason"];
  }
  const auto& cross = check(j, "ptrace.cross_process");
  EXPECT_EQ(cross["facts"]["named"]["process_vm_readv"], name);
  EXPECT_EQ(cross["facts"]["named"]["/proc/PID/mem read"], "ok");
}

TEST(SeccompFilter, EpermFromTheFilterIsReportedAsSeccomp) {
  nlohmann::json j = diagnose_under_filter(EPERM);
  if (j.value("error", "") == "unsupported architecture")
    GTEST_SKIP() << "no filter for this machine";
  ASSERT_FALSE(j.contains("error")) << j["error"];
  expect_filter_blamed(j, EPERM);
}

TEST(SeccompFilter, EnosysFromTheFilterIsNotMistakenForAMissingKernelFeature) {
  nlohmann::json j = diagnose_under_filter(ENOSYS);
  if (j.value("error", "") == "unsupported architecture")
    GTEST_SKIP() << "no filter for this machine";
  ASSERT_FALSE(j.contains("error")) << j["error"];
  expect_filter_blamed(j, ENOSYS);
  const auto& cma = check(j, "cma.kernel");
  EXPECT_NE(cma["status"], "blocked") << cma.dump(2);
}

}  // namespace
}  // namespace crossmem::doctor
