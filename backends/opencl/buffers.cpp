#include "buffers.hpp"

#include "cl_error.hpp"
#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::opencl {

Mem create_buffer(DeviceContext& device, cl_mem_flags flags, uint64_t bytes, const char* what) {
  cl_int err = CL_SUCCESS;
  Mem buffer(clCreateBuffer(device.context(), flags, bytes, nullptr, &err));
  check(err, std::string("clCreateBuffer(") + what + ", " + format_bytes(bytes) + ")");
  return buffer;
}

// Drivers may allocate lazily (PoCL does), so the first copy can be where memory runs out.
void write_buffer(DeviceContext& device, cl_mem buffer, const void* data, uint64_t bytes) {
  check(clEnqueueWriteBuffer(device.queue(), buffer, CL_TRUE, 0, bytes, data, 0, nullptr, nullptr),
        "clEnqueueWriteBuffer(" + format_bytes(bytes) + ")");
}

void read_buffer(DeviceContext& device, cl_mem buffer, void* data, uint64_t bytes) {
  check(clEnqueueReadBuffer(device.queue(), buffer, CL_TRUE, 0, bytes, data, 0, nullptr, nullptr),
        "clEnqueueReadBuffer(" + format_bytes(bytes) + ")");
}

uint64_t clamp_buffer_bytes(const DeviceContext& device, uint64_t requested, uint64_t granule,
                            gp_run_result* result) {
  uint64_t bytes = requested;
  const uint64_t max_alloc = device.caps().max_alloc_bytes;
  if (max_alloc > 0 && bytes > max_alloc) {
    bytes = max_alloc;
    plugin::append_note(result, "size clamped from " + format_bytes(requested) + " to " +
                                    format_bytes(max_alloc) + " (CL_DEVICE_MAX_MEM_ALLOC_SIZE)");
  }
  bytes -= bytes % granule;
  if (bytes == 0)
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "size " + std::to_string(requested) +
                                                     " bytes is below the minimum of " +
                                                     std::to_string(granule) + " bytes");
  return bytes;
}

}  // namespace gpuprobe::opencl
