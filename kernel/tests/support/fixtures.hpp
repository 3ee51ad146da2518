// Test fixtures that skip, with the reason, on machines where a mechanism cannot be exercised.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "checks.hpp"

namespace crossmem::conformance {

class CmaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why = cma_unusable_reason();
    if (!why.empty()) GTEST_SKIP() << why;
  }
};

class ProcMemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why = proc_mem_unusable_reason();
    if (!why.empty()) GTEST_SKIP() << why;
  }
};

}  // namespace crossmem::conformance
