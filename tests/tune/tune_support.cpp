#include "tune_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "crossmem/results/results.hpp"
#include "tune.hpp"

namespace crossmem::tune::testing {

namespace fs = std::filesystem;

fs::path fixture(const std::string& name) { return fs::path(CROSSMEM_TUNE_FIXTURES) / name; }

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

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && access((fs::path(dir) / program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

}  // namespace crossmem::tune::testing
