// Launch shape for the streaming kernels (read.cl, write.cl, copy.cl).
#pragma once

#include <cstdint>
#include <string>
#include <cstdlib>

#include "../device_info.hpp"

namespace gpuprobe::opencl {

struct StreamGeometry {
  size_t global;  // work-items
  size_t local;   // work-group size
  uint32_t items; // vectors per work-item per block (ITEMS build option)
  std::string options(uint32_t vector_width) const {
    return std::string(getenv("GP_OPT") ? getenv("GP_OPT") : "") + " -D VEC=" + std::to_string(vector_width) + " -D ITEMS=" + std::to_string(items);
  }
};

// Enough work-groups to fill the device. `work_items` != 0 forces that many work-items
// (latency hiding); the work-group size is then the largest power of two dividing it.
StreamGeometry stream_geometry(const DeviceCaps& caps, uint64_t work_items);

}  // namespace gpuprobe::opencl
