// matmul_tensor: our own tensor-core GEMM (shaders/matmul_tensor.cu, WMMA m16n16k16), fp16
// A and B, fp32 accumulate and C, on the kit's matmul problem: C = kit::matmul_alpha(key) x
// A x B checked with kit::check_matmul, plus the launch tally. WMMA takes whole 16 x 16
// fragments, so A, B and C are stored padded with zero rows and columns to multiples of 16
// (exact: they add nothing); the check reads the m x n part. The figure counts 2 m n k of
// the shape asked for, not of the padding.
#include <vector>

#include "../gemm_precisions.hpp"
#include "../half_bits.hpp"
#include "../kernels.cuh"
#include "../timing.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "kit/sampling.hpp"

namespace gpuprobe::cuda {
namespace {

constexpr uint64_t kDefaultDimension = 1024;

uint64_t padded(uint64_t v) {
  const uint64_t g = launch::kTensorGranule;
  return (v + g - 1) / g * g;
}

gp_status run_tensor(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  const uint64_t m = params.m ? params.m : kDefaultDimension;
  const uint64_t n = params.n ? params.n : kDefaultDimension;
  const uint64_t k = params.k ? params.k : kDefaultDimension;
  if (!params.m || !params.n || !params.k)
    plugin::append_note(&result, "m, n or k not given: 1024 used");
  const uint64_t pm = padded(m), pn = padded(n), pk = padded(k);
  if (pm != m || pn != n || pk != k)
    plugin::append_note(&result, "stored padded with zeros to multiples of 16 for WMMA");
  kit::check_matmul_fits(pm, pn, pk, 2, sizeof(float),
                         {{device.caps().global_mem_bytes, "device memory", false}});
  kit::check_matmul_fits(m, n, k, sizeof(float), sizeof(float),
                         {{kit::host_memory_bytes(), "host memory", false}});
  std::vector<float> a(m * k), b(k * n);
  kit::fill_matmul_inputs(a.data(), a.size(), params.seed);
  kit::fill_matmul_inputs(b.data(), b.size(), params.seed + 1);
  // Row-major, padded: A is pm x pk, B is pk x pn.
  auto upload = [&](const std::vector<float>& values, uint64_t rows, uint64_t cols,
                    uint64_t padded_rows, uint64_t padded_cols, const char* what) {
    std::vector<uint16_t> bits(padded_rows * padded_cols, 0);
    for (uint64_t r = 0; r < rows; ++r)
      for (uint64_t c = 0; c < cols; ++c)
        bits[r * padded_cols + c] = half_bits(values[r * cols + c]);
    DeviceBuffer buffer = device_alloc(bits.size() * 2, what);
    device.upload(buffer.get(), bits.data(), bits.size() * 2);
    return buffer;
  };
  const DeviceBuffer da = upload(a, m, k, pm, pk, "A"), db = upload(b, k, n, pk, pn, "B");
  const DeviceBuffer dc = device_alloc(pm * pn * sizeof(float), "C");
  const LaunchTally tally(device);
  auto poison = [&] {
    device.fill_words(dc.get(), kit::kPoisonFloatBits, pm * pn * sizeof(float));
    tally.reset(device);
  };
  poison();
  const uint32_t fault = fault_code();

  kit::Ledger ledger;
  const gp_status status =
      kit::collect_samples(params, result, ledger, poison, [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t key) {
          check(launch::matmul_tensor(device.stream(), da.get(), db.get(), dc.as<float>(),
                                      static_cast<uint32_t>(pm), static_cast<uint32_t>(pn),
                                      static_cast<uint32_t>(pk), kit::matmul_alpha(key), fault,
                                      tally.get()),
                "matmul_tensor launch");
        });
      });
  if (status != GP_OK) return status;

  std::vector<float> padded_c(pm * pn), c(m * n);
  device.download(padded_c.data(), dc.get(), padded_c.size() * sizeof(float));
  for (uint64_t r = 0; r < m; ++r)
    for (uint64_t col = 0; col < n; ++col) c[r * n + col] = padded_c[r * pn + col];
  kit::begin_checks(result);
  // The inputs are exact in fp16; the accumulator and C are fp32 (24 bits).
  kit::check_matmul(result, a.data(), b.data(), c.data(), m, n, k,
                    kit::matmul_alpha(ledger.last_key), 24, 24, params.seed);
  kit::check_launch_tally(result, tally.read(device), ledger, params);
  plugin::append_note(&result, "fp16 inputs, fp32 accumulate (tensor cores, WMMA)");
  result.size_bytes = (pm * pk + pk * pn) * 2 + pm * pn * sizeof(float);
  result.work_per_iteration =
      2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  result.work_items =
      launch::matmul_tensor_threads(static_cast<uint32_t>(pm), static_cast<uint32_t>(pn));
  return GP_OK;
}

std::string tensor_reason(const DeviceContext& device, const gp_run_params& params) {
  if (params.m > UINT32_MAX - 16 || params.n > UINT32_MAX - 16 || params.k > UINT32_MAX - 16)
    return "matrix dimensions above 2^32-17 not supported";
  if (params.precision != GP_PRECISION_FP16)
    return "matmul_tensor takes fp16 inputs (fp32 accumulate); matmul_vendor runs the other "
           "precisions";
  const ComputeCapability cc{device.caps().major, device.caps().minor};
  if (cc.number() < 70)
    return std::string("no tensor cores before Volta (sm_70); the card is sm_") +
           std::to_string(cc.number()) +
           (architecture_name(cc)[0] ? std::string(" (") + architecture_name(cc) + ")" : "");
  return {};
}

}  // namespace

const KernelEntry kernel_MATMUL_TENSOR{run_tensor, tensor_reason};

}  // namespace gpuprobe::cuda
