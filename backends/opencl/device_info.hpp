// What one OpenCL device is and can do: DeviceCaps for the kernels (typed, parsed once),
// and the typed key/value list the plugin hands to the core (values exactly as the
// driver reports them, so they agree with `clinfo`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cl_api.hpp"
#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::opencl {

struct DeviceCaps {
  std::string name;
  cl_device_type type = 0;
  int version_major = 1, version_minor = 0;  // parsed from CL_DEVICE_VERSION
  uint32_t compute_units = 1;
  uint64_t global_mem_bytes = 0;
  uint64_t max_alloc_bytes = 0;
  uint64_t local_mem_bytes = 0;
  size_t max_work_group_size = 1;
  std::vector<std::string> extensions;
  bool fp16 = false, fp64 = false, int8 = false;
  // CL_DEVICE_PREFERRED_VECTOR_WIDTH_*: the compute kernels use these so one source runs
  // as wide SIMD vectors on a CPU driver and as scalars on a GPU.
  uint32_t vector_width_float = 1, vector_width_double = 1, vector_width_half = 1,
           vector_width_int = 1;

  bool has_extension(const std::string& name) const;
  bool is_cpu() const { return (type & CL_DEVICE_TYPE_CPU) != 0; }
  bool at_least(int major, int minor) const {
    return version_major > major || (version_major == major && version_minor >= minor);
  }
};

DeviceCaps query_caps(cl_device_id device);

// Every key we can read for this device; keys a driver does not report are left out.
void describe_device(cl_platform_id platform, cl_device_id device, const DeviceCaps& caps,
                     plugin::InfoList& info);

// "GPU", "CPU", "Accelerator", "Custom" (first matching bit).
std::string device_type_name(cl_device_type type);

}  // namespace gpuprobe::opencl
