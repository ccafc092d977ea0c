// Peak arithmetic: compute_fp32/fp16/fp64/int32 and register_bandwidth (the fp32 kernel
// counted as register operand traffic), checked on every thread with the kit's exact chains
// as backends/opencl/kernels/compute.cpp does. Device code: shaders/compute.cu.
#include <cstdio>
#include <vector>

#include "../kernels.cuh"
#include "../timing.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "kit/sampling.hpp"

namespace gpuprobe::cuda {
namespace {

using launch::ComputeType;

struct Precision {
  ComputeType type;
  const char* name;
  uint32_t iterations;  // fp16: <= 1024 keeps every step exact
  bool floating;
  uint32_t out_bytes;
};
constexpr Precision kFp32{ComputeType::kFp32, "fp32", 2048, true, 4};
constexpr Precision kFp16{ComputeType::kFp16, "fp16", 1024, true, 4};  // sum stored as float
constexpr Precision kFp64{ComputeType::kFp64, "fp64", 2048, true, 8};
constexpr Precision kInt32{ComputeType::kInt32, "int32", 2048, false, 4};

uint64_t chain_id(uint64_t gid, uint64_t stride, uint32_t c, uint32_t vec, uint32_t lane) {
  return gid + stride * (uint64_t{c} * vec + lane);
}

std::string text(double v) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

gp_status run_compute(const Precision& p, DeviceContext& device, const gp_run_params& params,
                      gp_run_result& result, double work_per_madd) {
  const uint32_t threads = std::min<uint32_t>(256, device.caps().max_threads_per_block);
  const launch::Grid1d grid{device.caps().sm_count * 16, threads};
  const uint64_t global = uint64_t{grid.blocks} * threads;
  const uint32_t chains = launch::compute_chains(), vec = launch::compute_lanes(p.type);
  const uint64_t stride = (global + 63) / 64 * 64;
  const DeviceBuffer out = device_alloc(global * p.out_bytes, "compute output");
  const LaunchTally tally(device);
  auto poison_output = [&] {
    if (p.out_bytes == 8) {
      std::vector<double> nan(global, kit::poison_double());
      device.upload(out.get(), nan.data(), global * 8);
    } else {
      device.fill_words(out.get(), p.floating ? kit::kPoisonFloatBits : kit::kPoisonWord,
                        global * 4);
    }
    tally.reset(device);
  };
  poison_output();
  const double a = p.floating ? 1.0 : kit::kIntMul;
  const double b = p.floating ? kit::exact_step(p.iterations) : kit::kIntAdd;
  const uint32_t fault = fault_code();

  kit::Ledger ledger;
  const gp_status status =
      kit::collect_samples(params, result, ledger, poison_output, [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t key) {
          check(launch::compute(device.stream(), grid, p.type, out.get(), a, b, p.iterations, key,
                                static_cast<uint32_t>(stride), tally.get(), fault),
                "compute launch");
        });
      });
  if (status != GP_OK) return status;

  kit::begin_checks(result);
  kit::check_launch_tally(result, tally.read(device), ledger, params);
  const uint32_t key = ledger.last_key;
  if (p.floating) {
    std::vector<double> got(global);
    if (p.out_bytes == 8) {
      device.download(got.data(), out.get(), global * 8);
    } else {
      std::vector<float> f(global);
      device.download(f.data(), out.get(), global * 4);
      for (uint64_t i = 0; i < global; ++i) got[i] = f[i];
    }
    const double step = kit::exact_step(p.iterations);
    for (uint64_t gid = 0; gid < global; ++gid) {
      double want = 0;  // exact: at most 32 multiples of 2^-11 in [-1, 1]
      for (uint32_t c = 0; c < chains; ++c)
        for (uint32_t l = 0; l < vec; ++l)
          want += kit::chain_end(chain_id(gid, stride, c, vec, l), key, p.iterations, step);
      if (got[gid] != want) {
        kit::fail_check(result, "work-item " + std::to_string(gid) + " stored " + text(got[gid]) +
                                    ", expected " + text(want));
        break;
      }
    }
  } else {
    std::vector<uint32_t> got(global);
    device.download(got.data(), out.get(), global * 4);
    const kit::AffineU32 steps = kit::affine_power(kit::kIntMul, kit::kIntAdd, p.iterations);
    for (uint64_t gid = 0; gid < global; ++gid) {
      uint32_t want = 0;
      for (uint32_t c = 0; c < chains; ++c)
        want += steps.apply(kit::int_chain_start(chain_id(gid, stride, c, 1, 0), key));
      if (got[gid] != want) {
        kit::fail_check(result, "work-item " + std::to_string(gid) + " stored " +
                                    std::to_string(got[gid]) + ", expected " +
                                    std::to_string(want));
        break;
      }
    }
  }
  plugin::append_note(&result, std::string(p.name) + " x" + std::to_string(vec) + " lanes, " +
                                   std::to_string(chains) + " chains per work-item");
  result.size_bytes = 0;
  result.work_items = global;
  result.work_per_iteration =
      work_per_madd * static_cast<double>(global) * chains * vec * p.iterations;
  return GP_OK;
}

gp_status run_fp32(DeviceContext& d, const gp_run_params& p, gp_run_result& r) {
  return run_compute(kFp32, d, p, r, 2.0);
}
gp_status run_fp16(DeviceContext& d, const gp_run_params& p, gp_run_result& r) {
  return run_compute(kFp16, d, p, r, 2.0);
}
gp_status run_fp64(DeviceContext& d, const gp_run_params& p, gp_run_result& r) {
  return run_compute(kFp64, d, p, r, 2.0);
}
gp_status run_int32(DeviceContext& d, const gp_run_params& p, gp_run_result& r) {
  return run_compute(kInt32, d, p, r, 2.0);
}
gp_status run_register_bandwidth(DeviceContext& d, const gp_run_params& p, gp_run_result& r) {
  return run_compute(kFp32, d, p, r, 12.0);
}
std::string fp16_compute_reason(const DeviceContext& device, const gp_run_params&) {
  return fp16_reason(device);
}

}  // namespace

const KernelEntry kernel_COMPUTE_FP32{run_fp32, always_supported};
const KernelEntry kernel_COMPUTE_FP16{run_fp16, fp16_compute_reason};
const KernelEntry kernel_COMPUTE_FP64{run_fp64, always_supported};
const KernelEntry kernel_COMPUTE_INT32{run_int32, always_supported};
const KernelEntry kernel_REGISTER_BANDWIDTH{run_register_bandwidth, always_supported};

}  // namespace gpuprobe::cuda
