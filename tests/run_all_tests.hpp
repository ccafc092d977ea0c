// RUN_ALL_TESTS, but a run in which no test passed fails. A --gtest_filter that matches
// nothing (a renamed test, a device that was there when CTest discovered the tests and is
// gone now) otherwise exits 0 having proven nothing, and CTest reports it as passed.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>

namespace gpuprobe::test {

inline int run_all_tests_requiring_a_pass() {
  const int rc = RUN_ALL_TESTS();
  if (rc != 0 || GTEST_FLAG_GET(list_tests)) return rc;
  const testing::UnitTest& unit = *testing::UnitTest::GetInstance();
  if (unit.successful_test_count() == 0) {
    std::fprintf(stderr,
                 "gpuprobe: no test passed (%d selected by the filter, %d skipped): a run that "
                 "checked nothing fails\n",
                 unit.test_to_run_count(), unit.skipped_test_count());
    return 1;
  }
  return rc;
}

}  // namespace gpuprobe::test
