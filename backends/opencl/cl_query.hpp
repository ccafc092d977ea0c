// Typed wrappers over clGet*Info. The `try_` forms return nullopt when the driver does not
// know a parameter (older versions, vendor extensions), so device info can list what a
// device reports and omit the rest instead of failing.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "cl_api.hpp"
#include "cl_error.hpp"
#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::opencl {

template <typename T>
std::optional<T> try_device_value(cl_device_id device, cl_device_info param) {
  T value{};
  if (clGetDeviceInfo(device, param, sizeof value, &value, nullptr) != CL_SUCCESS)
    return std::nullopt;
  return value;
}

template <typename T>
T device_value(cl_device_id device, cl_device_info param, const char* name) {
  T value{};
  check(clGetDeviceInfo(device, param, sizeof value, &value, nullptr),
        std::string("clGetDeviceInfo(") + name + ")");
  return value;
}

template <typename T>
std::optional<std::vector<T>> try_device_array(cl_device_id device, cl_device_info param) {
  size_t bytes = 0;
  if (clGetDeviceInfo(device, param, 0, nullptr, &bytes) != CL_SUCCESS) return std::nullopt;
  std::vector<T> values(bytes / sizeof(T));
  if (clGetDeviceInfo(device, param, bytes, values.data(), nullptr) != CL_SUCCESS)
    return std::nullopt;
  return values;
}

// Strings come back NUL-terminated; the terminator is dropped.
inline std::optional<std::string> try_device_string(cl_device_id device, cl_device_info param) {
  auto chars = try_device_array<char>(device, param);
  if (!chars) return std::nullopt;
  return std::string(chars->begin(), std::find(chars->begin(), chars->end(), '\0'));
}

inline std::string device_string(cl_device_id device, cl_device_info param, const char* name) {
  auto value = try_device_string(device, param);
  if (!value)
    throw plugin::Error(GP_ERR_DEVICE, std::string("clGetDeviceInfo(") + name + ") failed");
  return *value;
}

inline std::string platform_string(cl_platform_id platform, cl_platform_info param) {
  size_t bytes = 0;
  if (clGetPlatformInfo(platform, param, 0, nullptr, &bytes) != CL_SUCCESS) return {};
  std::vector<char> chars(bytes);
  if (clGetPlatformInfo(platform, param, bytes, chars.data(), nullptr) != CL_SUCCESS) return {};
  return std::string(chars.begin(), std::find(chars.begin(), chars.end(), '\0'));
}

}  // namespace gpuprobe::opencl
