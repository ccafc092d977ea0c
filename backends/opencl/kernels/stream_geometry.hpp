// Launch shape for the streaming kernels (read.cl, write.cl, copy.cl).
#pragma once

#include <cstdint>
#include <string>

#include "../device_info.hpp"

namespace gpuprobe::opencl {

struct StreamGeometry {
  size_t global;   // work-items
  size_t local;    // work-group size
  uint32_t items;  // vectors per work-item per block (ITEMS build option)
  std::string options(uint32_t vector_width) const {
    return "-D VEC=" + std::to_string(vector_width) + " -D ITEMS=" + std::to_string(items);
  }
};

// `vectors`: buffer length in vectors. work_items == 0: one block (local x ITEMS vectors)
// per work-group, enough groups to cover the buffer. work_items != 0 (latency hiding):
// exactly that many work-items, in groups of the largest power of two dividing it (up to
// 256), striding over the blocks.
StreamGeometry stream_geometry(const DeviceCaps& caps, uint64_t vectors, uint64_t work_items);

}  // namespace gpuprobe::opencl
