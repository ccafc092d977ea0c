#include "driver_check.hpp"

#include <dlfcn.h>

#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::cuda {

DriverLibrary::DriverLibrary() {
  handle_ = dlopen(kDriverLibrary, RTLD_NOW | RTLD_LOCAL);
  if (!handle_) {
    const char* text = dlerror();
    throw plugin::Error(GP_ERR_UNAVAILABLE, no_driver_message(text ? text : ""));
  }
}

DriverLibrary::~DriverLibrary() {
  if (handle_) dlclose(handle_);
}

std::string no_driver_message(const std::string& dlerror_text) {
  std::string message = std::string("no CUDA driver (") + kDriverLibrary + " not found)";
  // glibc: "libcuda.so.1: cannot open shared object file: No such file or directory" is
  // the plain absence; anything else (wrong ELF class, missing dependency) is worth showing.
  if (!dlerror_text.empty() && dlerror_text.find("No such file or directory") == std::string::npos)
    message += ": " + dlerror_text;
  return message;
}

std::string cuda_version_text(int version) {
  return std::to_string(version / 1000) + "." + std::to_string((version % 1000) / 10);
}

bool driver_too_old(int driver_version, int runtime_version) {
  return driver_version / 1000 < runtime_version / 1000;
}

std::string driver_too_old_message(int driver_version, int runtime_version) {
  return "CUDA driver too old: it supports CUDA " + cuda_version_text(driver_version) +
         " (cudaDriverGetVersion " + std::to_string(driver_version) +
         "), this plugin's runtime is CUDA " + cuda_version_text(runtime_version) +
         " (CUDART_VERSION " + std::to_string(runtime_version) +
         "): install an NVIDIA driver for CUDA " + std::to_string(runtime_version / 1000) +
         ".x or build gpuprobe with the CUDA toolkit the driver supports";
}

}  // namespace gpuprobe::cuda
