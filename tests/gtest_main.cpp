// main() of every test binary without its own: GoogleTest's, except that a run in which no
// test passed fails (run_all_tests.hpp).
#include <gtest/gtest.h>

#include "run_all_tests.hpp"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  return gpuprobe::test::run_all_tests_requiring_a_pass();
}
