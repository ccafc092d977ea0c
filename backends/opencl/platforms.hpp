// Every device of every platform the ICD loader reports, flattened into indices 0..N-1 in
// platform order (the plugin's device numbering).
#pragma once

#include <vector>

#include "cl_api.hpp"

namespace gpuprobe::opencl {

struct DeviceHandle {
  cl_platform_id platform;
  cl_device_id device;
};

// Throws plugin::Error(GP_ERR_UNAVAILABLE, why) when there is no platform or no device.
std::vector<DeviceHandle> enumerate_devices();

}  // namespace gpuprobe::opencl
