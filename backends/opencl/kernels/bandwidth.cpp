// Global-memory bandwidth: read, write, copy, and read as a function of work-items in
// flight (latency_hiding). Buffers are filled with random words (incompressible) and every
// kernel's output is checked against the host reference after the timed batches.
#include <vector>

#include "../buffers.hpp"
#include "../launch.hpp"
#include "../timing.hpp"
#include "gpuprobe/reference.hpp"
#include "kernels.hpp"
#include "stream_geometry.hpp"

namespace gpuprobe::opencl {
namespace {

namespace ref = gpuprobe::reference;

// A buffer of `words` random words (reference::fill_random_words), uploaded.
Mem random_buffer(DeviceContext& device, uint64_t words, uint32_t seed, cl_mem_flags flags,
                  const char* what) {
  Mem buffer = create_buffer(device, flags, words * 4, what);
  std::vector<uint32_t> host(words);
  ref::fill_random_words(host.data(), words, seed);
  write_buffer(device, buffer.get(), host.data(), words * 4);
  return buffer;
}

// Zero a buffer on the device so the check afterwards sees what the kernel wrote, not
// what an earlier run left in recycled memory.
void zero_buffer(DeviceContext& device, cl_mem buffer, uint64_t bytes) {
  const cl_uint zero = 0;
  check(clEnqueueFillBuffer(device.queue(), buffer, &zero, sizeof zero, 0, bytes, 0, nullptr,
                            nullptr),
        "clEnqueueFillBuffer(" + format_bytes(bytes) + ")");
  check(clFinish(device.queue()), "clFinish");
}

void fail_verification(gp_run_result& result, const std::string& where) {
  result.verification = GP_VERIFY_FAILED;
  plugin::append_note(&result, where);
}

gp_status run_read_kernel(DeviceContext& device, const gp_run_params& params, gp_run_result& result,
                          uint64_t work_items) {
  const uint32_t vec = params.vector_width;
  const uint64_t bytes = clamp_buffer_bytes(device, params.size_bytes, 4ull * vec, &result);
  const uint64_t words = bytes / 4;
  const StreamGeometry geometry = stream_geometry(device.caps(), words / vec, work_items);
  Mem data = random_buffer(device, words, params.seed, CL_MEM_READ_ONLY, "read input");
  Mem partial = create_buffer(device, CL_MEM_WRITE_ONLY, geometry.global * 4, "partial sums");
  Kernel kernel = device.kernel("read", geometry.options(vec), "read_bandwidth");
  set_args(kernel, data.get(), cl_ulong{words / vec}, partial.get());

  const gp_status status = plugin::collect_samples(&params, &result, [&](uint32_t n) {
    return device_timed_batch(device, n, [&](cl_event* event) {
      launch_1d(device.queue(), kernel, geometry.global, geometry.local, event);
    });
  });
  if (status != GP_OK) return status;

  std::vector<uint32_t> partials(geometry.global);
  read_buffer(device, partial.get(), partials.data(), partials.size() * 4);
  uint32_t sum = 0;
  for (uint32_t p : partials) sum += p;  // uint32 wrap-around, like the kernel
  const uint32_t expected = ref::sum_random_words(params.seed, words);
  result.verification = GP_VERIFY_PASSED;
  if (sum != expected)
    fail_verification(result, "sum of " + std::to_string(words) + " words is " +
                                  std::to_string(sum) + ", expected " + std::to_string(expected));
  result.size_bytes = bytes;
  result.work_items = geometry.global;
  result.work_per_iteration = static_cast<double>(bytes);
  return GP_OK;
}

gp_status run_read(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  return run_read_kernel(device, params, result, 0);
}

// Same kernel, exactly params.work_items work-items over the whole buffer.
gp_status run_latency_hiding(DeviceContext& device, const gp_run_params& params,
                             gp_run_result& result) {
  return run_read_kernel(device, params, result, params.work_items);
}

gp_status run_write(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  const uint32_t vec = params.vector_width;
  const uint64_t bytes = clamp_buffer_bytes(device, params.size_bytes, 4ull * vec, &result);
  const uint64_t words = bytes / 4;
  const StreamGeometry geometry = stream_geometry(device.caps(), words / vec, 0);
  Mem data = create_buffer(device, CL_MEM_WRITE_ONLY, bytes, "write output");
  zero_buffer(device, data.get(), bytes);
  Kernel kernel = device.kernel("write", geometry.options(vec), "write_bandwidth");
  set_args(kernel, data.get(), cl_ulong{words / vec}, cl_uint{params.seed});

  const gp_status status = plugin::collect_samples(&params, &result, [&](uint32_t n) {
    return device_timed_batch(device, n, [&](cl_event* event) {
      launch_1d(device.queue(), kernel, geometry.global, geometry.local, event);
    });
  });
  if (status != GP_OK) return status;

  std::vector<uint32_t> host(words);
  read_buffer(device, data.get(), host.data(), bytes);
  const uint64_t bad = ref::first_write_mismatch(host.data(), words, params.seed);
  result.verification = GP_VERIFY_PASSED;
  if (bad != words)
    fail_verification(result, "word " + std::to_string(bad) + " is " + std::to_string(host[bad]) +
                                  ", expected " +
                                  std::to_string(ref::write_pattern(params.seed, bad)));
  result.size_bytes = bytes;
  result.work_items = geometry.global;
  result.work_per_iteration = static_cast<double>(bytes);
  return GP_OK;
}

gp_status run_copy(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  const uint32_t vec = params.vector_width;
  const uint64_t bytes = clamp_buffer_bytes(device, params.size_bytes, 4ull * vec, &result);
  const uint64_t words = bytes / 4;
  const StreamGeometry geometry = stream_geometry(device.caps(), words / vec, 0);
  Mem src = random_buffer(device, words, params.seed, CL_MEM_READ_ONLY, "copy source");
  Mem dst = create_buffer(device, CL_MEM_WRITE_ONLY, bytes, "copy destination");
  zero_buffer(device, dst.get(), bytes);
  Kernel kernel = device.kernel("copy", geometry.options(vec), "copy_bandwidth");
  set_args(kernel, src.get(), dst.get(), cl_ulong{words / vec});

  const gp_status status = plugin::collect_samples(&params, &result, [&](uint32_t n) {
    return device_timed_batch(device, n, [&](cl_event* event) {
      launch_1d(device.queue(), kernel, geometry.global, geometry.local, event);
    });
  });
  if (status != GP_OK) return status;

  std::vector<uint32_t> host(words);
  read_buffer(device, dst.get(), host.data(), bytes);
  const uint64_t bad = ref::first_random_mismatch(host.data(), words, params.seed);
  result.verification = GP_VERIFY_PASSED;
  if (bad != words)
    fail_verification(result, "destination word " + std::to_string(bad) + " is " +
                                  std::to_string(host[bad]) + ", expected " +
                                  std::to_string(ref::random_word(params.seed, bad)));
  result.size_bytes = bytes;
  result.work_items = geometry.global;
  result.work_per_iteration = 2.0 * static_cast<double>(bytes);  // read + written
  return GP_OK;
}

std::string stream_unsupported(const DeviceContext&, const gp_run_params& params) {
  return vector_width_reason(params);
}

}  // namespace

const KernelEntry kReadKernel{run_read, stream_unsupported};
const KernelEntry kWriteKernel{run_write, stream_unsupported};
const KernelEntry kCopyKernel{run_copy, stream_unsupported};
const KernelEntry kLatencyHidingKernel{run_latency_hiding, stream_unsupported};

}  // namespace gpuprobe::opencl
