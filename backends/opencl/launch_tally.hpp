// The launch tally of kernels whose output each launch overwrites (kit::check_launch_tally):
// the kernel's last argument is this one-word buffer, and work-item 0 of every launch adds 1
// to it, so a launch that was never enqueued leaves the tally short. reset() goes into the
// run's poison(), read() after the last launch.
#pragma once

#include <cstdint>

#include "buffers.hpp"
#include "cl_handles.hpp"
#include "device_context.hpp"

namespace gpuprobe::opencl {

class LaunchTally {
 public:
  explicit LaunchTally(DeviceContext& device)
      : word_(create_buffer(device, CL_MEM_READ_WRITE, sizeof(cl_uint), "launch tally")) {
    reset(device);
  }
  cl_mem get() const { return word_.get(); }
  void reset(DeviceContext& device) const {
    const cl_uint zero = 0;
    fill_buffer(device, word_.get(), &zero, sizeof zero, sizeof zero);
  }
  uint32_t read(DeviceContext& device) const {
    cl_uint value = 0;
    read_buffer(device, word_.get(), &value, sizeof value);
    return value;
  }

 private:
  Mem word_;
};

}  // namespace gpuprobe::opencl
