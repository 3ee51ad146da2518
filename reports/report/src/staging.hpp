// Writing an output directory all at once: everything goes into a hidden sibling directory that
// replaces the target only when complete, so a failure never leaves a half-written report.
#pragma once

#include <filesystem>

namespace crossmem::report {

// File whose presence marks a directory as one crossmem-report wrote (and may replace).
inline constexpr const char* kReportMarker = ".crossmem-report";

class StagedDirectory {
 public:
  // Checks that `target` may be written: it must not exist, be an empty directory, or hold
  // kReportMarker. Throws InvalidInput otherwise. Creates the staging directory next to `target`
  // (next to its nearest existing ancestor when its parent does not exist yet).
  // Throws SystemError when the staging directory cannot be created.
  explicit StagedDirectory(std::filesystem::path target);
  // Removes the staging directory unless commit() succeeded.
  ~StagedDirectory();
  StagedDirectory(const StagedDirectory&) = delete;
  StagedDirectory& operator=(const StagedDirectory&) = delete;

  const std::filesystem::path& path() const { return staging_; }
  const std::filesystem::path& target() const { return target_; }

  // Writes the marker, then moves the staging directory to `target`, replacing a previous report.
  // Throws SystemError on failure (the previous report is kept when the move fails).
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

}  // namespace crossmem::report
