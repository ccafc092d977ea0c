// matmul_naive and matmul_tiled: our own kernels (shaders/matmul_naive.cu,
// shaders/matmul_tiled.cu) on the kit's matmul problem, fp32 or fp16 storage and arithmetic,
// C = kit::matmul_alpha(key) x A x B checked with kit::check_matmul, plus the launch tally.
#include <cstring>
#include <vector>

#include "../half_bits.hpp"
#include "../kernels.cuh"
#include "../timing.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "kit/sampling.hpp"
#include "kit/sizes.hpp"

namespace gpuprobe::cuda {
namespace {

constexpr uint64_t kDefaultDimension = 1024;
constexpr uint16_t kPoisonHalfBits = 0x7E01;

gp_status run_matmul(DeviceContext& device, const gp_run_params& params, gp_run_result& result,
                     bool tiled) {
  const uint64_t m = params.m ? params.m : kDefaultDimension;
  const uint64_t n = params.n ? params.n : kDefaultDimension;
  const uint64_t k = params.k ? params.k : kDefaultDimension;
  if (!params.m || !params.n || !params.k)
    plugin::append_note(&result, "m, n or k not given: 1024 used");
  const bool half = params.precision == GP_PRECISION_FP16;
  const uint64_t element = half ? 2 : 4;
  kit::check_matmul_fits(m, n, k, element, element,
                         {{device.caps().global_mem_bytes, "device memory", false}});
  kit::check_matmul_fits(m, n, k, sizeof(float), sizeof(float),
                         {{kit::host_memory_bytes(), "host memory", false}});
  std::vector<float> a(m * k), b(k * n);
  kit::fill_matmul_inputs(a.data(), a.size(), params.seed);
  kit::fill_matmul_inputs(b.data(), b.size(), params.seed + 1);
  auto upload = [&](const std::vector<float>& values, const char* what) {
    DeviceBuffer buffer = device_alloc(values.size() * element, what);
    if (half) {
      std::vector<uint16_t> bits(values.size());
      for (size_t i = 0; i < values.size(); ++i) bits[i] = half_bits(values[i]);
      device.upload(buffer.get(), bits.data(), bits.size() * 2);
    } else {
      device.upload(buffer.get(), values.data(), values.size() * 4);
    }
    return buffer;
  };
  const DeviceBuffer da = upload(a, "A"), db = upload(b, "B");
  const DeviceBuffer dc = device_alloc(m * n * element, "C");
  const LaunchTally tally(device);
  auto poison = [&] {
    if (half) {
      std::vector<uint16_t> nan(m * n, kPoisonHalfBits);
      device.upload(dc.get(), nan.data(), nan.size() * 2);
    } else {
      device.fill_words(dc.get(), kit::kPoisonFloatBits, m * n * 4);
    }
    tally.reset(device);
  };
  poison();
  const uint32_t fault = fault_code();

  kit::Ledger ledger;
  const gp_status status =
      kit::collect_samples(params, result, ledger, poison, [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t key) {
          const launch::MatmulArgs args{da.get(),
                                        db.get(),
                                        dc.get(),
                                        static_cast<uint32_t>(m),
                                        static_cast<uint32_t>(n),
                                        static_cast<uint32_t>(k),
                                        kit::matmul_alpha(key),
                                        half,
                                        tally.get(),
                                        fault};
          check(tiled ? launch::matmul_tiled(device.stream(), args)
                      : launch::matmul_naive(device.stream(), args),
                tiled ? "matmul_tiled launch" : "matmul_naive launch");
        });
      });
  if (status != GP_OK) return status;

  std::vector<float> c(m * n);
  if (half) {
    std::vector<uint16_t> bits(c.size());
    device.download(bits.data(), dc.get(), bits.size() * 2);
    for (size_t i = 0; i < c.size(); ++i) c[i] = half_value(bits[i]);
  } else {
    device.download(c.data(), dc.get(), c.size() * 4);
  }
  const int bits = half ? 11 : 24;
  kit::begin_checks(result);
  kit::check_matmul(result, a.data(), b.data(), c.data(), m, n, k,
                    kit::matmul_alpha(ledger.last_key), bits, bits, params.seed);
  kit::check_launch_tally(result, tally.read(device), ledger, params);
  if (half) plugin::append_note(&result, "fp16");
  result.size_bytes = (m * k + k * n + m * n) * element;
  result.work_per_iteration =
      2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  result.work_items =
      tiled ? launch::matmul_tiled_threads(static_cast<uint32_t>(m), static_cast<uint32_t>(n))
            : launch::matmul_naive_threads(static_cast<uint32_t>(m), static_cast<uint32_t>(n));
  return GP_OK;
}

gp_status run_naive(DeviceContext& d, const gp_run_params& p, gp_run_result& r) {
  return run_matmul(d, p, r, false);
}
gp_status run_tiled(DeviceContext& d, const gp_run_params& p, gp_run_result& r) {
  return run_matmul(d, p, r, true);
}

std::string matmul_reason(const DeviceContext& device, const gp_run_params& params) {
  if (params.m > UINT32_MAX || params.n > UINT32_MAX || params.k > UINT32_MAX)
    return "matrix dimensions above 2^32-1 not supported";
  if (params.precision == GP_PRECISION_FP16) return fp16_reason(device);
  if (params.precision != GP_PRECISION_FP32)
    return "precision " + std::to_string(params.precision) + " not supported";
  return {};
}

}  // namespace

const KernelEntry kernel_MATMUL_NAIVE{run_naive, matmul_reason};
const KernelEntry kernel_MATMUL_TILED{run_tiled, matmul_reason};

}  // namespace gpuprobe::cuda
