// A report written once for a whole test suite: Self::options(dir) says what to report (inputs,
// tuned and verify files written into `dir`); the suite's tests read the files under out_. The
// directory is removed after the suite's last test.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "report.hpp"
#include "temp_dir.hpp"

namespace crossmem::report::testing {

// Options for the report of `inputs` into `dir`/report; a non-empty `tuned_json` or `verify_json`
// is written into `dir` and given as --tuned or --verify.
ReportOptions report_options(const fs::path& dir, std::vector<std::string> inputs,
                             const std::string& tuned_json = "",
                             const std::string& verify_json = "");

// Whether headless Chromium can check a page: "" when it can; otherwise why not, and whether that
// is a skip the caller asked for (CROSSMEM_NO_BROWSER=1) or a missing package (a failure).
struct BrowserCheck {
  bool skip = false;
  std::string missing;
};
BrowserCheck check_browser();

#define CROSSMEM_REQUIRE_BROWSER()                                   \
  do {                                                               \
    const auto check = ::crossmem::report::testing::check_browser(); \
    if (check.skip) GTEST_SKIP() << "CROSSMEM_NO_BROWSER=1";         \
    if (!check.missing.empty()) FAIL() << check.missing;             \
  } while (false)

template <class Self>
class WrittenReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    out_ = run_report(Self::options(dir_->path()));
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static inline std::unique_ptr<TempDir> dir_;
  static inline fs::path out_;
};

}  // namespace crossmem::report::testing
