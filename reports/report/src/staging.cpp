#include "staging.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "crossmem/error.hpp"

namespace crossmem::report {

namespace fs = std::filesystem;

namespace {

fs::path nearest_existing(fs::path dir) {
  while (!dir.empty() && !fs::exists(dir)) dir = dir.parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

fs::path make_temp_dir(const fs::path& where, const std::string& stem) {
  std::string pattern = (where / ("." + stem + ".tmp-XXXXXX")).string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr)
    throw_errno("creating a staging directory in " + where.string());
  return fs::path(buf.data());
}

}  // namespace

StagedDirectory::StagedDirectory(fs::path target)
    : target_(fs::absolute(std::move(target)).lexically_normal()) {
  if (target_.filename().empty()) target_ = target_.parent_path();
  std::error_code ec;
  auto status = fs::status(target_, ec);
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) {
      throw InvalidInput("output " + target_.string() + " exists and is not a directory");
    }
    if (!fs::is_empty(target_, ec) && !fs::exists(target_ / kReportMarker)) {
      throw InvalidInput("output directory " + target_.string() +
                         " is not empty and is not a crossmem report; choose another with -o");
    }
  }
  staging_ = make_temp_dir(nearest_existing(target_.parent_path()), target_.filename().string());
  // mkdtemp creates the directory private (0700); a report is as readable as any other output.
  mode_t mask = umask(0);
  umask(mask);
  fs::permissions(staging_, static_cast<fs::perms>(0777 & ~mask), ec);
}

StagedDirectory::~StagedDirectory() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void StagedDirectory::commit() {
  {
    std::ofstream marker(staging_ / kReportMarker);
    marker << "written by crossmem-report; this directory is replaced when the report is redone\n";
    if (!marker) throw SystemError(EIO, "writing " + (staging_ / kReportMarker).string());
  }
  std::error_code ec;
  fs::create_directories(target_.parent_path(), ec);
  if (ec) throw SystemError(ec.value(), "creating " + target_.parent_path().string());

  fs::path old;
  if (fs::exists(target_)) {
    old = make_temp_dir(target_.parent_path(), target_.filename().string() + ".old");
    if (std::rename(target_.c_str(), old.c_str()) != 0) {
      int err = errno;
      fs::remove(old, ec);
      throw SystemError(err, "moving the previous report " + target_.string() + " aside");
    }
  }
  if (std::rename(staging_.c_str(), target_.c_str()) != 0) {
    int err = errno;
    if (!old.empty()) std::rename(old.c_str(), target_.c_str());
    throw SystemError(err, "moving " + staging_.string() + " to " + target_.string());
  }
  committed_ = true;
  if (!old.empty()) fs::remove_all(old, ec);
}

}  // namespace crossmem::report
