// Helpers for the tuner's tests: fixtures, a scratch directory, running the command.
#pragma once

#include <filesystem>
#include <string>

#include "../reports/temp_dir.hpp"
#include "crossmem/results/extras.hpp"

namespace crossmem::tune::testing {

std::filesystem::path fixture(const std::string& name);

// Loads a fixture and returns the tuner's settings for it.
results::Tuned tuned_for(const std::string& fixture_name);

// The setting `name` of `stack`; fails the test (and returns an empty one) when absent.
results::TunedSetting find_setting(const results::Tuned& tuned, const std::string& stack,
                                   const std::string& name);

// The scratch directory, file reading and command results of the report tests.
using report::testing::CommandResult;
using report::testing::read_file;
using report::testing::TempDir;

// Runs crossmem-tune with `args` (already shell-quoted) through /bin/sh.
CommandResult run_tune(const std::string& args, const std::filesystem::path& scratch);

}  // namespace crossmem::tune::testing
