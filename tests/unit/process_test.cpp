// The process runner: arguments, environment, directory, captured output, exit status, signals,
// a program that cannot start, a setup step that fails, and the timeout.
#include "crossmem/kernel/process.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

namespace crossmem::kernel {
namespace {

Command shell(const std::string& script) {
  Command c;
  c.argv = {"/bin/sh", "-c", script};
  return c;
}

TEST(Process, CapturesOutputAndStatus) {
  Finished f = run(shell("echo out; echo err >&2; exit 3"));
  EXPECT_TRUE(f.started);
  EXPECT_FALSE(f.timed_out);
  EXPECT_EQ(f.exit_code, 3);
  EXPECT_EQ(f.signal, 0);
  EXPECT_EQ(f.out, "out\n");
  EXPECT_EQ(f.err, "err\n");
}

TEST(Process, MergesOutputInOrder) {
  Command c = shell("echo one; echo two >&2; echo three");
  c.merge_output = true;
  Finished f = run(c);
  EXPECT_EQ(f.exit_code, 0);
  EXPECT_EQ(f.out, "one\ntwo\nthree\n");
  EXPECT_EQ(f.err, "");
}

TEST(Process, LargeOutputIsNotCut) {
  Finished f = run(shell("head -c 300000 /dev/zero"));
  EXPECT_EQ(f.exit_code, 0);
  EXPECT_EQ(f.out.size(), 300000u);
}

TEST(Process, EnvironmentAndDirectory) {
  char tmpl[] = "/tmp/crossmem-process-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  Command c = shell("echo \"$GREETING\"; pwd; cat");
  c.env = std::vector<std::string>{"GREETING=hello", "PATH=/usr/bin:/bin"};
  c.cwd = tmpl;
  Finished f = run(c);
  std::filesystem::remove(tmpl);
  EXPECT_EQ(f.exit_code, 0) << f.err;
  // Standard input is /dev/null: cat ends at once.
  EXPECT_EQ(f.out, std::string("hello\n") + tmpl + "\n");
}

TEST(Process, Signals) {
  Finished f = run(shell("kill -9 $$"));
  EXPECT_TRUE(f.started);
  EXPECT_EQ(f.exit_code, -1);
  EXPECT_EQ(f.signal, 9);
  EXPECT_EQ(f.shell_status(), 137);
}

TEST(Process, ProgramThatCannotStart) {
  Command c;
  c.argv = {"crossmem-no-such-program"};
  Finished f = run(c);
  EXPECT_FALSE(f.started);
  EXPECT_EQ(f.failure, "cannot run crossmem-no-such-program: No such file or directory");
  c.argv = {"/bin/true"};
  c.cwd = "/nonexistent/dir";
  f = run(c);
  EXPECT_FALSE(f.started);
  EXPECT_NE(f.failure.find("cannot enter /nonexistent/dir"), std::string::npos) << f.failure;
}

TEST(Process, SetupStepRunsBeforeExec) {
  Command c = shell("echo ran");
  c.before_exec = [] { return std::string("setup refused"); };
  Finished f = run(c);
  EXPECT_FALSE(f.started);
  EXPECT_EQ(f.failure, "setup refused");
  EXPECT_EQ(f.out, "");
  c.before_exec = [] { return std::string(); };
  f = run(c);
  EXPECT_TRUE(f.started);
  EXPECT_EQ(f.out, "ran\n");
}

TEST(Process, TimeoutKillsTheProgramAndItsChildren) {
  // The limit only has to be shorter than the sleep; how much shorter is not checked.
  Command c = shell("sleep 60 & sleep 60; echo not reached");
  c.timeout = std::chrono::milliseconds(200);
  Finished f = run(c);
  EXPECT_TRUE(f.timed_out);
  EXPECT_EQ(f.exit_code, -1);
  EXPECT_EQ(f.signal, 9);
  EXPECT_EQ(f.out, "");
}

}  // namespace
}  // namespace crossmem::kernel
