// What the report tests share: a fresh directory under $TMPDIR (or /tmp), removed with its
// contents at destruction; reading and writing whole files; running a shell command.
#pragma once

#include <filesystem>
#include <string>

namespace crossmem::report::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& file);
void write_file(const std::filesystem::path& file, const std::string& text);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `command` with /bin/sh in directory `scratch`, capturing stdout and stderr.
CommandResult run_command(const std::string& command, const std::filesystem::path& scratch);

}  // namespace crossmem::report::testing

// The names every report test uses.
namespace crossmem::report {
namespace fs = std::filesystem;
using testing::read_file;
using testing::run_command;
using testing::TempDir;
using testing::write_file;

#ifdef CROSSMEM_RESULT_FIXTURES
inline const std::string kFixtures = CROSSMEM_RESULT_FIXTURES;
#endif
}  // namespace crossmem::report
