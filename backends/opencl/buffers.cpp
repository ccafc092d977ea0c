#include "buffers.hpp"

#include "cl_error.hpp"
#include "gpuprobe/plugin_support.hpp"
#include "kit/checks.hpp"
#include "kit/sizes.hpp"

namespace gpuprobe::opencl {

Mem create_buffer(DeviceContext& device, cl_mem_flags flags, uint64_t bytes, const char* what) {
  cl_int err = CL_SUCCESS;
  Mem buffer(clCreateBuffer(device.context(), flags, bytes, nullptr, &err));
  check(err, std::string("clCreateBuffer(") + what + ", " + kit::format_bytes(bytes) + ")");
  return buffer;
}

// Drivers may allocate lazily (PoCL does), so the first copy can be where memory runs out.
void write_buffer(DeviceContext& device, cl_mem buffer, const void* data, uint64_t bytes) {
  check(clEnqueueWriteBuffer(device.queue(), buffer, CL_TRUE, 0, bytes, data, 0, nullptr, nullptr),
        "clEnqueueWriteBuffer(" + kit::format_bytes(bytes) + ")");
}

void read_buffer(DeviceContext& device, cl_mem buffer, void* data, uint64_t bytes) {
  check(clEnqueueReadBuffer(device.queue(), buffer, CL_TRUE, 0, bytes, data, 0, nullptr, nullptr),
        "clEnqueueReadBuffer(" + kit::format_bytes(bytes) + ")");
}

void fill_buffer(DeviceContext& device, cl_mem buffer, const void* pattern, size_t pattern_bytes,
                 uint64_t bytes) {
  check(clEnqueueFillBuffer(device.queue(), buffer, pattern, pattern_bytes, 0, bytes, 0, nullptr,
                            nullptr),
        "clEnqueueFillBuffer(" + kit::format_bytes(bytes) + ")");
  check(clFinish(device.queue()), "clFinish");
}

void poison_buffer(DeviceContext& device, cl_mem buffer, uint64_t bytes) {
  const cl_uint poison = kit::kPoisonWord;
  fill_buffer(device, buffer, &poison, sizeof poison, bytes);
}

uint64_t clamp_buffer_bytes(const DeviceContext& device, uint64_t requested, uint64_t granule,
                            gp_run_result& result, uint64_t extra_bytes) {
  uint64_t bytes = requested;
  const uint64_t max_alloc = device.caps().max_alloc_bytes;
  if (max_alloc > extra_bytes)
    bytes =
        kit::limit_and_note(result, bytes, max_alloc - extra_bytes, "CL_DEVICE_MAX_MEM_ALLOC_SIZE");
  return kit::round_down_and_note(result, bytes, granule);
}

MappedBuffer::MappedBuffer(DeviceContext& device, cl_mem buffer, cl_map_flags flags, uint64_t bytes)
    : device_(device), buffer_(buffer) {
  cl_int status = CL_SUCCESS;
  data_ = clEnqueueMapBuffer(device.queue(), buffer, CL_TRUE, flags, 0, bytes, 0, nullptr, nullptr,
                             &status);
  check(status, "clEnqueueMapBuffer (" + kit::format_bytes(bytes) + ")");
}

MappedBuffer::~MappedBuffer() {
  // Errors cannot leave a destructor; a failed unmap shows in the next call on the queue.
  if (clEnqueueUnmapMemObject(device_.queue(), buffer_, data_, 0, nullptr, nullptr) == CL_SUCCESS)
    clFinish(device_.queue());
}

}  // namespace gpuprobe::opencl
