// Global-memory bandwidth: read, write, copy, and read as a function of work-items in
// flight (latency_hiding), by the kit's recipe exactly as backends/opencl/kernels/
// bandwidth.cpp does it (see there and backends/kit/README.md). Device code: shaders/read.cu,
// write.cu, copy.cu.
#include <algorithm>
#include <vector>

#include "../kernels.cuh"
#include "../timing.hpp"
#include "gpuprobe/reference.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "kit/sampling.hpp"

namespace gpuprobe::cuda {
namespace {

namespace ref = gpuprobe::reference;

// 256 threads x 16 vectors per block (the .cl's geometry on a GPU); work_items != 0
// (latency hiding): exactly that many threads, in blocks of the largest power of two
// dividing it (up to 256).
constexpr uint32_t kThreads = 256;
constexpr uint32_t kItems = 16;  // device::kStreamItems

launch::Grid1d stream_grid(uint64_t vectors, uint64_t work_items) {
  launch::Grid1d g;
  if (work_items == 0) {
    const uint64_t block = uint64_t{kThreads} * kItems;
    g.threads = kThreads;
    g.blocks = static_cast<uint32_t>(std::max<uint64_t>(1, (vectors + block - 1) / block));
  } else {
    uint32_t t = 1;
    while (t * 2 <= kThreads && work_items % (t * 2) == 0) t *= 2;
    g.threads = t;
    g.blocks = static_cast<uint32_t>(work_items / t);
  }
  return g;
}
uint64_t threads_of(const launch::Grid1d& g) { return uint64_t{g.blocks} * g.threads; }

DeviceBuffer random_buffer(DeviceContext& device, uint64_t words, uint32_t seed, const char* what) {
  DeviceBuffer buffer = device_alloc(words * 4, what);
  std::vector<uint32_t> host(words);
  ref::fill_random_words(host.data(), words, seed);
  device.upload(buffer.get(), host.data(), words * 4);
  return buffer;
}

void fill_stream_result(gp_run_result& result, uint64_t bytes, uint64_t work_items,
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
  const launch::Grid1d grid = stream_grid(words / vec, work_items);
  const uint64_t slots_count = threads_of(grid);
  const DeviceBuffer data = random_buffer(device, words, params.seed, "read input");
  const DeviceBuffer slots = device_alloc(slots_count * 4, "per-work-item sums");
  device.fill_words(slots.get(), kit::kPoisonWord, slots_count * 4);
  const uint32_t fault = fault_code();

  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger,
      [&] { device.fill_words(slots.get(), kit::kPoisonWord, slots_count * 4); },
      [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t) {
          check(launch::read(device.stream(), grid, vec, data.as(), words / vec, slots.as(), fault),
                "read launch");
        });
      });
  if (status != GP_OK) return status;

  std::vector<uint32_t> host(slots_count);
  device.download(host.data(), slots.get(), slots_count * 4);
  uint32_t sum = 0;
  for (uint32_t s : host) sum += s;  // uint32 wrap-around, like the kernel
  const uint32_t expected = kit::accumulated_total(slots_count, ledger.launches - params.warmup,
                                                   ref::sum_random_words(params.seed, words));
  kit::begin_checks(result);
  if (sum != expected)
    kit::fail_check(result, "slots of " + std::to_string(slots_count) + " work-items sum to " +
                                std::to_string(sum) + ", expected " + std::to_string(expected));
  fill_stream_result(result, bytes, slots_count, static_cast<double>(bytes));
  return GP_OK;
}

gp_status run_read(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  return run_read_kernel(device, params, result, 0);
}

gp_status run_latency_hiding(DeviceContext& device, const gp_run_params& params,
                             gp_run_result& result) {
  return run_read_kernel(device, params, result, params.work_items);
}

gp_status run_write(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  const uint32_t vec = params.vector_width;
  const uint64_t bytes = clamp_buffer_bytes(device, params.size_bytes, 4ull * vec, result);
  const uint64_t words = bytes / 4;
  const launch::Grid1d grid = stream_grid(words / vec, 0);
  const DeviceBuffer data = device_alloc(bytes, "write output");
  device.fill_words(data.get(), kit::kPoisonWord, bytes);
  const LaunchTally tally(device);
  const uint32_t fault = fault_code();

  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger,
      [&] {
        device.fill_words(data.get(), kit::kPoisonWord, bytes);
        tally.reset(device);
      },
      [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t key) {
          check(launch::write(device.stream(), grid, vec, data.as(), words / vec,
                              kit::write_seed(params.seed, key), tally.get(), fault),
                "write launch");
        });
      });
  if (status != GP_OK) return status;

  std::vector<uint32_t> output(words);
  device.download(output.data(), data.get(), bytes);
  const uint32_t seed = kit::write_seed(params.seed, ledger.last_key);
  kit::begin_checks(result);
  kit::check_launch_tally(result, tally.read(device), ledger, params);
  kit::check_words(result, "output", output.data(), words,
                   [&](uint64_t i) { return ref::write_pattern(seed, i); });
  fill_stream_result(result, bytes, threads_of(grid), static_cast<double>(bytes));
  return GP_OK;
}

gp_status run_copy(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  const uint32_t vec = params.vector_width;
  const uint64_t bytes =
      clamp_buffer_bytes(device, params.size_bytes, 4ull * vec, result, kit::kWindowShiftBytes);
  const uint64_t words = bytes / 4;
  const launch::Grid1d grid = stream_grid(words / vec, 0);
  // The source holds the destination's size plus the window shift (kit recipe).
  const DeviceBuffer src =
      random_buffer(device, words + kit::kWindowShiftBytes / 4, params.seed, "copy source");
  const DeviceBuffer dst = device_alloc(bytes, "copy destination");
  device.fill_words(dst.get(), kit::kPoisonWord, bytes);
  const LaunchTally tally(device);
  const uint32_t fault = fault_code();

  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger,
      [&] {
        device.fill_words(dst.get(), kit::kPoisonWord, bytes);
        tally.reset(device);
      },
      [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t key) {
          const uint64_t offset_vectors = kit::window_offset_bytes(key) / (4ull * vec);
          check(launch::copy(device.stream(), grid, vec, src.as(), dst.as(), words / vec,
                             offset_vectors, tally.get(), fault),
                "copy launch");
        });
      });
  if (status != GP_OK) return status;

  std::vector<uint32_t> destination(words);
  device.download(destination.data(), dst.get(), bytes);
  const uint64_t offset_words = kit::window_offset_bytes(ledger.last_key) / 4;
  kit::begin_checks(result);
  kit::check_launch_tally(result, tally.read(device), ledger, params);
  kit::check_words(result, "destination", destination.data(), words,
                   [&](uint64_t i) { return ref::random_word(params.seed, i + offset_words); });
  fill_stream_result(result, bytes, threads_of(grid), 2.0 * static_cast<double>(bytes));
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

}  // namespace gpuprobe::cuda
