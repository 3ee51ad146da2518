// crossmem-doctor as a command: exit status, output format, option errors.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crossmem/kernel/process.hpp"
#include "crossmem/kernel/reduce.hpp"

namespace {

struct CommandResult {
  int status = -1;
  std::string out, err;
};

// Runs the command with `args`.
CommandResult run(std::vector<std::string> args) {
  args.insert(args.begin(), CROSSMEM_DOCTOR_PATH);
  crossmem::kernel::Command command;
  command.argv = std::move(args);
  crossmem::kernel::Finished f = crossmem::kernel::run(command);
  return CommandResult{f.started ? f.shell_status() : -1, std::move(f.out), std::move(f.err)};
}

TEST(Cli, TextByDefault) {
  CommandResult r = run({});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("crossmem-doctor: host ", 0), 0u);
  for (const char* part : {"\nChecks\n", "\nStrategies\n", "MPI stacks", "[yama.ptrace_scope]",
                           "cma-read", "Summary:"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part;
  }
}

TEST(Cli, JsonOption) {
  CommandResult r = run({"--json"});
  EXPECT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out.substr(0, 200);
  EXPECT_EQ(j["schema"], "crossmem-doctor/1");
  EXPECT_GE(j["checks"].size(), 15u);
  EXPECT_EQ(j["strategies"].size(), 10u);  // one per row of the strategy table
}

// The reduce flags check runs the real probe: on a kernel without crossmem's patch it says so with
// the probe's reason and names the patched kernel in the VM as the remedy.
TEST(Cli, ReportsTheReduceFlags) {
  CommandResult r = run({"--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  const nlohmann::json* reduce = nullptr;
  for (const auto& c : j["checks"]) {
    if (c["id"] == "cma.reduce") reduce = &c;
  }
  ASSERT_NE(reduce, nullptr);
  crossmem::kernel::ReduceSupport probe = crossmem::kernel::probe_reduce();
  EXPECT_EQ((*reduce)["facts"]["available"], probe.ok);
  if (!probe.ok) {
    EXPECT_EQ((*reduce)["finding"], probe.reason + ".");
    EXPECT_NE((*reduce)["remedy"].get<std::string>().find("crossmem-vm --kernel patched"),
              std::string::npos);
  }
}

// Every way the command line can be wrong: one line on stderr naming the problem, nothing on
// stdout (no half diagnosis that looks valid), exit status 2.
TEST(Cli, BadInputIsOneLineAndStatus2) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--frobnicate"}, "--frobnicate"},
      {{"-x"}, "-x"},
      {{"extra"}, "extra"},
      {{"--json", "extra"}, "extra"},
      {{"--json=maybe"}, "maybe"},
      {{"--json", "--json"}, "--json"},
  };
  for (const auto& [args, named] : cases) {
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    SCOPED_TRACE(shown);
    CommandResult r = run(args);
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 200);
    EXPECT_EQ(r.err.rfind("crossmem-doctor: ", 0), 0u) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
    EXPECT_NE(r.err.find(named), std::string::npos) << r.err;
  }
}

// A diagnosis that cannot be written is a failure, not a success with nothing printed.
TEST(Cli, UnwritableOutputIsAFailure) {
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  for (std::vector<std::string> args : {std::vector<std::string>{}, {"--json"}}) {
    std::string cmd = std::string(CROSSMEM_DOCTOR_PATH) + (args.empty() ? "" : " --json") +
                      " >/dev/full 2>/dev/null";
    int status = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 1) << cmd;
  }
}

TEST(Cli, HelpDescribesOptions) {
  CommandResult r = run({"--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--json"), std::string::npos);
  EXPECT_NE(r.out.find("Exit status"), std::string::npos);
}

}  // namespace
