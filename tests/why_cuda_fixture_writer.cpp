// Writes the "Why CUDA wins" TEST FIXTURE document (tests/why_cuda_fixture.hpp) to argv[1],
// for the scripted GUI test that shoots the panel from it.
#include <cstdio>
#include <exception>

#include "gpuprobe/result_io.hpp"
#include "why_cuda_fixture.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: why_cuda_fixture_writer OUT.json\n");
    return 2;
  }
  try {
    gpuprobe::save_report(gpuprobe::test::why_cuda_fixture_report(), argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "why_cuda_fixture_writer: %s\n", e.what());
    return 1;
  }
  return 0;
}
