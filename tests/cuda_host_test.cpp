// The CUDA plugin's host-side rules, tested without a GPU or a driver: which cards a build
// runs and what it says about the others, the default architecture list per toolkit
// (cmake/GpuprobeCudaArchs.cmake, run here with `cmake -P` on listings of other toolkits),
// and the driver messages.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "arch_table.hpp"
#include "driver_check.hpp"
#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::cuda {
namespace {

// `nvcc --list-gpu-arch` of CUDA 13.0 (captured from /usr/local/cuda here).
constexpr const char* kListing13 =
    "compute_75 compute_80 compute_86 compute_87 compute_88 compute_89 compute_90 compute_100 "
    "compute_110 compute_103 compute_120 compute_121";
// Of CUDA 12.8, written from memory of NVIDIA's 12.8 documentation (no 12.x toolkit here to
// capture it; the 12.x rule keeps sm_50..sm_90, so the exact newer entries do not matter).
constexpr const char* kListing12 =
    "compute_50 compute_52 compute_53 compute_60 compute_61 compute_62 compute_70 compute_72 "
    "compute_75 compute_80 compute_86 compute_87 compute_89 compute_90 compute_100 compute_101 "
    "compute_120";

ArchList cuda13_default() {
  return parse_arch_list("75,80,86,87,88,89,90,100,103,110,120,121", 13);
}
ArchList cuda12_default() {
  return parse_arch_list("50,52,53,60,61,62,70,72,75,80,86,87,89,90", 12);
}

TEST(CudaArchTable, PascalUnderACuda13BuildSaysWhatToBuildWith) {
  // The words of issue 10.
  EXPECT_EQ(unsupported_card_reason(cuda13_default(), 6, 1),
            "this build targets sm_75 and newer; the card is sm_61 (Pascal): build with CUDA 12.x");
}

TEST(CudaArchTable, CardsTheBuildHasMachineCodeOrPtxForAreSupported) {
  const ArchList build = cuda13_default();
  for (auto [major, minor] : std::vector<std::pair<int, int>>{
           {7, 5}, {8, 0}, {8, 6}, {8, 9}, {9, 0}, {10, 0}, {12, 0}, {12, 1}})
    EXPECT_EQ(unsupported_card_reason(build, major, minor), "") << major << "." << minor;
  // Newer than the toolkit: the embedded PTX of sm_121 is compiled by the driver.
  EXPECT_EQ(unsupported_card_reason(build, 13, 0), "");
  // The 12.x list reaches Blackwell through the PTX of sm_90.
  EXPECT_EQ(unsupported_card_reason(cuda12_default(), 10, 0), "");
  EXPECT_EQ(unsupported_card_reason(cuda12_default(), 6, 1), "");
}

TEST(CudaArchTable, MachineCodeRunsOnlyOnTheSameMajorVersion) {
  // sm_80 code runs on sm_86 (same major, higher minor); sm_75 code does not run on sm_80.
  const ArchList build = parse_arch_list("75,90", 13);
  EXPECT_EQ(unsupported_card_reason(parse_arch_list("80", 13), 8, 6), "");
  EXPECT_EQ(
      unsupported_card_reason(build, 8, 6),
      "this build targets machine code for sm_75, sm_90 and PTX for sm_90 and newer; the card "
      "is sm_86 (Ampere): rebuild with GPUPROBE_CUDA_ARCHS including 86");
}

TEST(CudaArchTable, OlderThanAnyToolkitAndOverriddenLists) {
  EXPECT_EQ(unsupported_card_reason(cuda12_default(), 3, 5),
            "this build targets sm_50 and newer; the card is sm_35 (Kepler): no CUDA toolkit "
            "gpuprobe builds with (12.x, 13.x) supports it");
  EXPECT_EQ(unsupported_card_reason(parse_arch_list("80", 13), 7, 5),
            "this build targets sm_80 and newer; the card is sm_75 (Turing): rebuild with "
            "GPUPROBE_CUDA_ARCHS including 75");
}

TEST(CudaArchTable, ArchitectureNames) {
  EXPECT_EQ(describe_arch(61), "sm_61 (Pascal)");
  EXPECT_EQ(describe_arch(70), "sm_70 (Volta)");
  EXPECT_EQ(describe_arch(86), "sm_86 (Ampere)");
  EXPECT_EQ(describe_arch(89), "sm_89 (Ada Lovelace)");
  EXPECT_EQ(describe_arch(90), "sm_90 (Hopper)");
  EXPECT_EQ(describe_arch(120), "sm_120 (Blackwell)");
  EXPECT_EQ(describe_arch(88), "sm_88");  // no public family name to check it against
}

TEST(CudaArchTable, ParsesTheBuildList) {
  const ArchList list = parse_arch_list("90,75,,80,75", 13);
  EXPECT_EQ(list.sass, (std::vector<int>{75, 80, 90}));
  EXPECT_EQ(list.ptx, 90);
  EXPECT_EQ(list.toolkit_major, 13);
  EXPECT_THROW(parse_arch_list("80,sm_86", 13), std::invalid_argument);
  EXPECT_THROW(parse_arch_list("8", 13), std::invalid_argument);
  EXPECT_EQ(parse_arch_list("", 13).ptx, 0);
}

TEST(CudaArchTable, ThisBuildsListIsWhatCMakeChose) {
  const ArchList list = parse_arch_list(GPUPROBE_TEST_CUDA_ARCHS, GPUPROBE_TEST_CUDA_MAJOR);
  EXPECT_EQ(build_archs().sass, list.sass);
  EXPECT_EQ(build_archs().ptx, list.ptx);
  EXPECT_EQ(build_archs().toolkit_major, GPUPROBE_TEST_CUDA_MAJOR);
}

// cmake/GpuprobeCudaArchs.cmake's default for a listing and toolkit version.
std::string cmake_default_archs(const std::string& listing, const std::string& version) {
  const std::string command = std::string("'") + GPUPROBE_CMAKE_COMMAND + "' -DLISTING='" +
                              listing + "' -DVERSION=" + version + " -P '" + GPUPROBE_SOURCE_DIR +
                              "/tests/cuda/default_archs.cmake' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed: " + command);
  std::string out;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe)) out += buffer;
  const int status = pclose(pipe);
  EXPECT_EQ(status, 0) << command << "\n" << out;
  const auto at = out.find("archs: ");
  if (at == std::string::npos) return "(no list: " + out + ")";
  return out.substr(at + 7, out.find('\n', at) - at - 7);
}

TEST(CudaDefaultArchs, Cuda13BuildsTuringAndNewer) {
  EXPECT_EQ(cmake_default_archs(kListing13, "13.0.88"), "75,80,86,87,88,89,90,100,103,110,120,121");
}

TEST(CudaDefaultArchs, Cuda12BuildsMaxwellToHopper) {
  EXPECT_EQ(cmake_default_archs(kListing12, "12.8.93"),
            "50,52,53,60,61,62,70,72,75,80,86,87,89,90");
}

TEST(CudaDefaultArchs, CMakeAndTheRunTimeTableAgreeOnTheRanges) {
  const std::vector<int> all = {30, 35, 50, 52, 60, 61, 70, 72, 75, 80, 86, 89, 90, 100, 120, 130};
  std::string listing;
  for (int arch : all) listing += "compute_" + std::to_string(arch) + " ";
  for (int major : {12, 13}) {
    const ArchRange range = toolkit_arch_range(major);
    std::string expected;
    for (int arch : all)
      if (arch >= range.low && (range.high == 0 || arch <= range.high))
        expected += (expected.empty() ? "" : ",") + std::to_string(arch);
    EXPECT_EQ(cmake_default_archs(listing, std::to_string(major) + ".0"), expected) << major;
  }
}

TEST(CudaDriverCheck, NoDriverMessage) {
  EXPECT_EQ(
      no_driver_message("libcuda.so.1: cannot open shared object file: No such file or directory"),
      "no CUDA driver (libcuda.so.1 not found)");
  EXPECT_EQ(no_driver_message(""), "no CUDA driver (libcuda.so.1 not found)");
  // A library that is there but does not load: the loader's words are kept.
  EXPECT_EQ(no_driver_message("libcuda.so.1: wrong ELF class: ELFCLASS32"),
            "no CUDA driver (libcuda.so.1 not found): libcuda.so.1: wrong ELF class: ELFCLASS32");
}

TEST(CudaDriverCheck, DriverTooOldNamesBothVersions) {
  EXPECT_TRUE(driver_too_old(12080, 13000));
  EXPECT_FALSE(driver_too_old(13000, 13000));
  EXPECT_FALSE(driver_too_old(13020, 13000));
  EXPECT_FALSE(driver_too_old(12020, 12080));  // minor version compatibility within 12.x
  EXPECT_EQ(driver_too_old_message(12080, 13000),
            "CUDA driver too old: it supports CUDA 12.8 (cudaDriverGetVersion 12080), this "
            "plugin's runtime is CUDA 13.0 (CUDART_VERSION 13000): install an NVIDIA driver for "
            "CUDA 13.x or build gpuprobe with the CUDA toolkit the driver supports");
  EXPECT_EQ(cuda_version_text(12090), "12.9");
  EXPECT_EQ(cuda_version_text(13010), "13.1");
}

TEST(CudaDriverCheck, DriverLibraryIsLookedForByItsSoname) {
  void* present = dlopen(kDriverLibrary, RTLD_NOW | RTLD_LOCAL);
  if (present) {
    dlclose(present);
    EXPECT_NO_THROW(DriverLibrary{});
    return;
  }
  try {
    DriverLibrary driver;
    FAIL() << "DriverLibrary opened " << kDriverLibrary << " where dlopen cannot";
  } catch (const plugin::Error& e) {
    EXPECT_EQ(e.status, GP_ERR_UNAVAILABLE);
    EXPECT_EQ(e.message, "no CUDA driver (libcuda.so.1 not found)");
  }
}

}  // namespace
}  // namespace gpuprobe::cuda
