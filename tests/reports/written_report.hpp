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
