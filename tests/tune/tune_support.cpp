#include "tune_support.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

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

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/crossmem-tune-test-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

CommandResult run_tune(const std::string& args, const fs::path& scratch) {
  fs::path out = scratch / "command.out", err = scratch / "command.err";
  std::string full = std::string("'") + CROSSMEM_TUNE_EXE + "' " + args + " >'" + out.string() +
                     "' 2>'" + err.string() + "'";
  int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  fs::remove(out);
  fs::remove(err);
  return r;
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
