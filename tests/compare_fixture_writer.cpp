// Writes the compare fixtures (tests/compare_fixture.hpp) into a directory: base.json,
// regressed.json, noise.json, faster.json. For the GUI's and the README's tests.
#include <cstdio>
#include <string>

#include "compare_fixture.hpp"
#include "gpuprobe/result_io.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: compare_fixture_writer DIR\n");
    return 2;
  }
  using gpuprobe::test::CompareVariant;
  try {
    const std::string dir = argv[1];
    gpuprobe::save_report(compare_fixture(CompareVariant::Base), dir + "/base.json");
    gpuprobe::save_report(compare_fixture(CompareVariant::Regressed), dir + "/regressed.json");
    gpuprobe::save_report(compare_fixture(CompareVariant::Noise), dir + "/noise.json");
    gpuprobe::save_report(compare_fixture(CompareVariant::Faster), dir + "/faster.json");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "compare_fixture_writer: %s\n", e.what());
    return 1;
  }
  return 0;
}
