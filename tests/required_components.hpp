// The components this build must test (GPUPROBE_REQUIRE at configure time, passed in as
// GPUPROBE_REQUIRED="cpu,opencl,vulkan,gui"). A required backend that fails to load,
// initialise or report a device is a test failure, never a skip.
#pragma once

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#ifndef GPUPROBE_REQUIRED
#define GPUPROBE_REQUIRED ""
#endif

namespace gpuprobe::test {

inline std::vector<std::string> required_components() {
  std::vector<std::string> out;
  std::istringstream list(GPUPROBE_REQUIRED);
  for (std::string name; std::getline(list, name, ',');)
    if (!name.empty()) out.push_back(name);
  return out;
}

inline bool component_required(std::string_view name) {
  for (const std::string& c : required_components())
    if (c == name) return true;
  return false;
}

// Required components that are backends (plugins) that must run here: all but the GUI and
// cuda_build (the CUDA plugin must build, but CI has no GPU to run it on).
inline std::vector<std::string> required_backends() {
  std::vector<std::string> out;
  for (const std::string& c : required_components())
    if (c != "gui" && c != "cuda_build") out.push_back(c);
  return out;
}

// What a backend needs at run time beyond its build packages, for failure messages.
inline std::string runtime_hint(std::string_view backend) {
  if (backend == "opencl")
    return "an OpenCL ICD registered under /etc/OpenCL/vendors (CI: pocl-opencl-icd); check "
           "OCL_ICD_VENDORS";
  if (backend == "vulkan")
    return "a Vulkan driver (CI: mesa-vulkan-drivers, lavapipe); check VK_ICD_FILENAMES";
  if (backend == "cpu") return "nothing beyond the build";
  return "its runtime";
}

}  // namespace gpuprobe::test
