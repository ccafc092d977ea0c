// Which NVIDIA cards a CUDA build can run, in plain C++ (no CUDA headers) so the rules and
// the messages are unit-tested on machines without a GPU.
//
// A build holds machine code (SASS) for a list of architectures plus PTX of the newest.
// SASS for sm_XY runs on cards of the same major version with minor >= Y; the PTX is
// compiled by the driver for any card at or above its architecture. A card neither covers
// is reported unsupported per kernel, with what to build instead, and the other backends
// still measure it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gpuprobe::cuda {

struct ArchList {
  std::vector<int> sass;  // e.g. {75, 80, 86, ...}: compute capability x 10 + minor
  int ptx = 0;            // architecture of the embedded PTX (the newest), 0: none
  int toolkit_major = 0;  // CUDA major version the build used (12, 13)
};

// The list this plugin was built with (GPUPROBE_CUDA_BUILD_ARCHS).
const ArchList& build_archs();
// Parses "75,80,86" (the build's list; PTX of the newest). Throws std::invalid_argument.
ArchList parse_arch_list(const std::string& csv, int toolkit_major);

// "Pascal" for 61, "Ampere" for 86, ...; nullopt where we do not know the name.
std::optional<std::string> arch_family(int arch);
// "sm_61 (Pascal)", or "sm_88" where the family is unknown.
std::string describe_arch(int arch);
// The range of architectures a CUDA major version builds for by default (12: 50..90,
// 13: 75 and newer; high 0 = no limit). The same rule as cmake/GpuprobeCudaArchs.cmake.
struct ArchRange {
  int low = 0, high = 0;
};
ArchRange toolkit_arch_range(int toolkit_major);

// "" when a card of compute capability major.minor runs this build's code, else why not
// and what to build instead:
//   "this build targets sm_75 and newer; the card is sm_61 (Pascal): build with CUDA 12.x"
std::string unsupported_card_reason(const ArchList& build, int major, int minor);

}  // namespace gpuprobe::cuda
