#include "platforms.hpp"

#include "cl_error.hpp"
#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::opencl {

std::vector<DeviceHandle> enumerate_devices() {
  cl_uint platform_count = 0;
  const cl_int err = clGetPlatformIDs(0, nullptr, &platform_count);
  if (err != CL_SUCCESS || platform_count == 0)
    throw plugin::Error(GP_ERR_UNAVAILABLE,
                        "no OpenCL platform found (clGetPlatformIDs: " +
                            (err != CL_SUCCESS ? error_name(err) : std::string("0 platforms")) +
                            "); install an ICD such as pocl-opencl-icd");
  std::vector<cl_platform_id> platforms(platform_count);
  check(clGetPlatformIDs(platform_count, platforms.data(), nullptr), "clGetPlatformIDs");

  std::vector<DeviceHandle> devices;
  for (cl_platform_id platform : platforms) {
    cl_uint count = 0;
    // A platform without devices answers CL_DEVICE_NOT_FOUND; it just adds none.
    if (clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, nullptr, &count) != CL_SUCCESS ||
        count == 0)
      continue;
    std::vector<cl_device_id> ids(count);
    check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, count, ids.data(), nullptr),
          "clGetDeviceIDs");
    for (cl_device_id id : ids) devices.push_back({platform, id});
  }
  if (devices.empty())
    throw plugin::Error(GP_ERR_UNAVAILABLE,
                        std::to_string(platform_count) + " OpenCL platform(s) found but no device");
  return devices;
}

}  // namespace gpuprobe::opencl
