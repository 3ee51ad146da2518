#include "tune_support.hpp"

#include <gtest/gtest.h>

#include "crossmem/results/results.hpp"
#include "tune.hpp"

namespace crossmem::tune::testing {

namespace fs = std::filesystem;

fs::path fixture(const std::string& name) {
  return fs::path(CROSSMEM_TUNE_FIXTURES) / name;
}

results::Tuned tuned_for(const std::string& fixture_name) {
  return tune(results::load_results({fixture(fixture_name)}));
}

results::TunedSetting find_setting(const results::Tuned& tuned, const std::string& stack,
                                   const std::string& name) {
  for (const auto& s : tuned.settings) {
    if (s.stack == stack && s.name == name) return s;
  }
  ADD_FAILURE() << "no setting " << stack << " " << name;
  return {};
}

CommandResult run_tune(const std::string& args, const fs::path& scratch) {
  return report::testing::run_command(std::string("'") + CROSSMEM_TUNE_EXE + "' " + args, scratch);
}

}  // namespace crossmem::tune::testing
