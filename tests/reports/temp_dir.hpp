// A fresh directory under $TMPDIR (or /tmp), removed with its contents at destruction.
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
