// Global-memory bandwidth: read, write, copy, and read as a function of work-items in
// flight (latency_hiding). Inputs are random words (incompressible); every kernel proves
// its work by the kit's recipe (backends/kit/README.md): read sums accumulate into
// per-work-item slots over all launches, write stores a pattern keyed by the launch, copy
// moves a source window that shifts with the launch key.
#include <vector>

#include "../buffers.hpp"
#include "../launch.hpp"
#include "../launch_tally.hpp"
#include "../timing.hpp"
#include "gpuprobe/reference.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "kit/sampling.hpp"
#include "stream_geometry.hpp"

namespace gpuprobe::opencl {
namespace {

namespace ref = gpuprobe::reference;

// A buffer of `words` random words (reference::fill_random_words), filled in place.
Mem random_buffer(DeviceContext& device, uint64_t words, uint32_t seed, cl_mem_flags flags,
                  const char* what) {
  Mem buffer = create_buffer(device, flags, words * 4, what);
  const MappedBuffer map(device, buffer.get(), CL_MAP_WRITE_INVALIDATE_REGION, words * 4);
  ref::fill_random_words(map.words(), words, seed);
  return buffer;
}

void fill_stream_result(gp_run_result& result, uint64_t bytes, size_t work_items,
                        double bytes_per_launch) {
  result.size_bytes = bytes;
  result.work_items = work_items;
  result.work_per_iteration = bytes_per_launch;
}

gp_status run_read_kernel(DeviceContext& device, const gp_run_params& params, gp_run_result& result,
                          uint64_t work_items) {
  const uint32_t vec = params.vector_width;
  const uint64_t bytes = clamp_buffer_bytes(device, params.size_bytes, 4ull * vec, result);
  const uint64_t words = bytes / 4;
  const StreamGeometry geometry = stream_geometry(device.caps(), words / vec, work_items);
  Mem data = random_buffer(device, words, params.seed, CL_MEM_READ_ONLY, "read input");
  const uint64_t slot_bytes = uint64_t{geometry.global} * 4;
  Mem slots = create_buffer(device, CL_MEM_READ_WRITE, slot_bytes, "per-work-item sums");
  poison_buffer(device, slots.get(), slot_bytes);
  Kernel kernel = device.kernel("read", geometry.options(vec), "read_bandwidth");
  set_args(kernel, data.get(), cl_ulong{words / vec}, slots.get());

  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger, [&] { poison_buffer(device, slots.get(), slot_bytes); },
      [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t, cl_event* event) {
          launch_1d(device.queue(), kernel, geometry.global, geometry.local, event);
        });
      });
  if (status != GP_OK) return status;

  std::vector<uint32_t> host(geometry.global);
  read_buffer(device, slots.get(), host.data(), slot_bytes);
  uint32_t sum = 0;
  for (uint32_t s : host) sum += s;  // uint32 wrap-around, like the kernel
  const uint32_t expected = kit::accumulated_total(geometry.global, ledger.launches - params.warmup,
                                                   ref::sum_random_words(params.seed, words));
  kit::begin_checks(result);
  if (sum != expected)
    kit::fail_check(result, "slots of " + std::to_string(geometry.global) + " work-items sum to " +
                                std::to_string(sum) + ", expected " + std::to_string(expected));
  fill_stream_result(result, bytes, geometry.global, static_cast<double>(bytes));
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
  const uint64_t bytes = clamp_buffer_bytes(device, params.size_bytes, 4ull * vec, result);
  const uint64_t words = bytes / 4;
  const StreamGeometry geometry = stream_geometry(device.caps(), words / vec, 0);
  Mem data = create_buffer(device, CL_MEM_READ_WRITE, bytes, "write output");
  poison_buffer(device, data.get(), bytes);
  Kernel kernel = device.kernel("write", geometry.options(vec), "write_bandwidth");
  const LaunchTally tally(device);
  set_args(kernel, data.get(), cl_ulong{words / vec}, cl_uint{0}, tally.get());

  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger,
      [&] {
        poison_buffer(device, data.get(), bytes);
        tally.reset(device);
      },
      [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t key, cl_event* event) {
          set_arg(kernel, 2, cl_uint{kit::write_seed(params.seed, key)});
          launch_1d(device.queue(), kernel, geometry.global, geometry.local, event);
        });
      });
  if (status != GP_OK) return status;

  const MappedBuffer output(device, data.get(), CL_MAP_READ, bytes);
  const uint32_t seed = kit::write_seed(params.seed, ledger.last_key);
  kit::begin_checks(result);
  kit::check_launch_tally(result, tally.read(device), ledger, params);
  kit::check_words(result, "output", output.words(), words,
                   [&](uint64_t i) { return ref::write_pattern(seed, i); });
  fill_stream_result(result, bytes, geometry.global, static_cast<double>(bytes));
  return GP_OK;
}

gp_status run_copy(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  const uint32_t vec = params.vector_width;
  const uint64_t bytes =
      clamp_buffer_bytes(device, params.size_bytes, 4ull * vec, result, kit::kWindowShiftBytes);
  const uint64_t words = bytes / 4;
  const StreamGeometry geometry = stream_geometry(device.caps(), words / vec, 0);
  // The source holds the destination's size plus the window shift (kit recipe).
  Mem src = random_buffer(device, words + kit::kWindowShiftBytes / 4, params.seed, CL_MEM_READ_ONLY,
                          "copy source");
  Mem dst = create_buffer(device, CL_MEM_READ_WRITE, bytes, "copy destination");
  poison_buffer(device, dst.get(), bytes);
  Kernel kernel = device.kernel("copy", geometry.options(vec), "copy_bandwidth");
  const LaunchTally tally(device);
  set_args(kernel, src.get(), dst.get(), cl_ulong{words / vec}, cl_ulong{0}, tally.get());

  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger,
      [&] {
        poison_buffer(device, dst.get(), bytes);
        tally.reset(device);
      },
      [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t key, cl_event* event) {
          const cl_ulong offset_vectors = kit::window_offset_bytes(key) / (4ull * vec);
          set_arg(kernel, 3, offset_vectors);
          launch_1d(device.queue(), kernel, geometry.global, geometry.local, event);
        });
      });
  if (status != GP_OK) return status;

  const MappedBuffer destination(device, dst.get(), CL_MAP_READ, bytes);
  const uint64_t offset_words = kit::window_offset_bytes(ledger.last_key) / 4;
  kit::begin_checks(result);
  kit::check_launch_tally(result, tally.read(device), ledger, params);
  kit::check_words(result, "destination", destination.words(), words,
                   [&](uint64_t i) { return ref::random_word(params.seed, i + offset_words); });
  fill_stream_result(result, bytes, geometry.global, 2.0 * static_cast<double>(bytes));
  return GP_OK;
}

std::string stream_unsupported(const DeviceContext&, const gp_run_params& params) {
  return vector_width_reason(params);
}

}  // namespace

const KernelEntry kernel_READ{run_read, stream_unsupported};
const KernelEntry kernel_WRITE{run_write, stream_unsupported};
const KernelEntry kernel_COPY{run_copy, stream_unsupported};
const KernelEntry kernel_LATENCY_HIDING{run_latency_hiding, stream_unsupported};

}  // namespace gpuprobe::opencl
