// Whether this machine can run CUDA at all, decided before the statically linked runtime is
// touched: the driver library (libcuda.so.1) is opened with dlopen, and a driver older than
// the runtime is reported with both versions. The message texts are unit-tested.
#pragma once

#include <string>

namespace gpuprobe::cuda {

// Holds libcuda.so.1 open while the plugin is initialised (the runtime opens it again;
// ours only proves it is there and keeps it from being unloaded under the runtime).
class DriverLibrary {
 public:
  DriverLibrary();  // throws plugin::Error(GP_ERR_UNAVAILABLE, no_driver_message(...))
  ~DriverLibrary();
  DriverLibrary(const DriverLibrary&) = delete;
  DriverLibrary& operator=(const DriverLibrary&) = delete;

 private:
  void* handle_ = nullptr;
};

inline constexpr const char* kDriverLibrary = "libcuda.so.1";

// "no CUDA driver (libcuda.so.1 not found)"; the loader's own words follow when they say
// more than "not found" (a library that exists but does not load).
std::string no_driver_message(const std::string& dlerror_text);

// "13.0" for 13000 (the encoding of cudaDriverGetVersion and CUDART_VERSION).
std::string cuda_version_text(int version);

// A 13.x runtime runs on any 13.x driver (minor version compatibility); an older major
// version of the driver cannot run it.
bool driver_too_old(int driver_version, int runtime_version);
std::string driver_too_old_message(int driver_version, int runtime_version);

}  // namespace gpuprobe::cuda
