// Peak arithmetic: compute_fp32/fp16/fp64/int32, and register_bandwidth (the fp32 kernel
// counted as register operand traffic). See shaders/compute.cl for the kernel and the
// exact chains (kit/checks.hpp) that let the host check every work-item by equality.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "../buffers.hpp"
#include "../half_float.hpp"
#include "../launch.hpp"
#include "../launch_tally.hpp"
#include "../timing.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "kit/sampling.hpp"

namespace gpuprobe::opencl {
namespace {

// Chains per work-item: enough independent FMAs in flight to cover the FMA latency
// (4 cycles x 2 pipes on a current x86 core; GPUs interleave warps as well).
constexpr uint32_t kChains = 16;

// Chain id of chain c, lane l of work-item gid (the mapping compute.cl documents and why):
// `stride` is the global size rounded up to a multiple of 64.
uint64_t chain_id(uint64_t gid, uint64_t stride, uint32_t c, uint32_t vec, uint32_t lane) {
  return gid + stride * (uint64_t{c} * vec + lane);
}

// Floating precisions: a = 1, b = kit::exact_step(iterations); the device stores the sum of
// a work-item's chain ends in `out_t` (float for half: exact, see compute.cl).
template <typename Device, typename Out>
struct FloatChains {
  using device_t = Device;
  using out_t = Out;
  static double expected(uint64_t gid, uint64_t stride, uint32_t vec, uint32_t key,
                         uint32_t iterations) {
    const double step = kit::exact_step(iterations);
    double total = 0;  // exact: at most 256 multiples of 2^-11 in [-1, 1]
    for (uint32_t c = 0; c < kChains; ++c)
      for (uint32_t l = 0; l < vec; ++l)
        total += kit::chain_end(chain_id(gid, stride, c, vec, l), key, iterations, step);
    return total;
  }
  static bool matches(out_t got, double want) { return static_cast<double>(got) == want; }
  static std::string text(double v) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
  }
};

struct Fp32 : FloatChains<cl_float, cl_float> {
  static constexpr const char* define = "TYPE_FLOAT";
  static constexpr const char* name = "fp32";
  // A launch lasts about a millisecond on the devices we know, long next to its overhead.
  static constexpr uint32_t iterations = 2048;
  static device_t a() { return 1.0f; }
  static device_t b() { return static_cast<float>(kit::exact_step(iterations)); }
  static out_t poison() { return kit::poison_float(); }
  static uint32_t width(const DeviceCaps& caps) { return caps.vector_width_float; }
};

struct Fp64 : FloatChains<cl_double, cl_double> {
  static constexpr const char* define = "TYPE_DOUBLE";
  static constexpr const char* name = "fp64";
  static constexpr uint32_t iterations = 2048;
  static device_t a() { return 1.0; }
  static device_t b() { return kit::exact_step(iterations); }
  static out_t poison() { return kit::poison_double(); }
  static uint32_t width(const DeviceCaps& caps) { return caps.vector_width_double; }
};

struct Fp16 : FloatChains<cl_half, cl_float> {
  static constexpr const char* define = "TYPE_HALF";
  static constexpr const char* name = "fp16";
  // With b = 2^-10 and |x| <= 1 every fp16 step is exact for up to 1024 steps.
  static constexpr uint32_t iterations = 1024;
  static device_t a() { return half_float::to_bits(1.0); }
  static device_t b() { return half_float::to_bits(kit::exact_step(iterations)); }
  static out_t poison() { return kit::poison_float(); }
  static uint32_t width(const DeviceCaps& caps) { return caps.vector_width_half; }
};

// Integer multiply-add, mod 2^32 (a full-period LCG step): exact by nature.
struct Int32 {
  using device_t = cl_uint;
  using out_t = cl_uint;
  static constexpr const char* define = "TYPE_UINT";
  static constexpr const char* name = "int32";
  static constexpr uint32_t iterations = 2048;
  static device_t a() { return kit::kIntMul; }
  static device_t b() { return kit::kIntAdd; }
  static out_t poison() { return kit::kPoisonWord; }
  static uint32_t width(const DeviceCaps& caps) { return caps.vector_width_int; }
  static uint32_t expected(uint64_t gid, uint64_t stride, uint32_t vec, uint32_t key,
                           uint32_t iters) {
    const kit::AffineU32 steps = kit::affine_power(kit::kIntMul, kit::kIntAdd, iters);
    uint32_t total = 0;  // wraps mod 2^32, like the kernel
    for (uint32_t c = 0; c < kChains; ++c)
      for (uint32_t l = 0; l < vec; ++l)
        total += steps.apply(kit::int_chain_start(chain_id(gid, stride, c, vec, l), key));
    return total;
  }
  static bool matches(out_t got, uint32_t want) { return got == want; }
  static std::string text(uint32_t v) { return std::to_string(v); }
};

struct ComputeGeometry {
  size_t global, local;
};

// A few work-groups per compute unit. On a CPU driver each work-group is a sequential loop
// on one thread, so few, small groups suffice; a GPU needs many warps per SM.
ComputeGeometry compute_geometry(const DeviceCaps& caps) {
  const size_t local = std::min<size_t>(caps.is_cpu() ? 16 : 256, caps.max_work_group_size);
  const size_t groups = static_cast<size_t>(caps.compute_units) * (caps.is_cpu() ? 4 : 16);
  return {local * groups, local};
}

// `work_per_madd`: 2 (operations) for the compute kernels, 12 (register operand bytes:
// two sources and the accumulator, 4 bytes each) for register_bandwidth.
template <typename P>
gp_status run_compute(DeviceContext& device, const gp_run_params& params, gp_run_result& result,
                      double work_per_madd) {
  using out_t = typename P::out_t;
  const uint32_t vec = P::width(device.caps());
  const ComputeGeometry geometry = compute_geometry(device.caps());
  const std::string options = std::string("-D ") + P::define + " -D VEC=" + std::to_string(vec) +
                              " -D CHAINS=" + std::to_string(kChains);
  const uint64_t out_bytes = uint64_t{geometry.global} * sizeof(out_t);
  Mem out = create_buffer(device, CL_MEM_READ_WRITE, out_bytes, "compute output");
  const out_t poison = P::poison();
  const LaunchTally tally(device);
  auto poison_output = [&] {
    fill_buffer(device, out.get(), &poison, sizeof poison, out_bytes);
    tally.reset(device);
  };
  poison_output();
  Kernel kernel = device.kernel("compute", options, "compute");
  const uint64_t stride = (geometry.global + 63) / 64 * 64;
  set_args(kernel, out.get(), P::a(), P::b(), cl_uint{P::iterations}, cl_uint{0},
           static_cast<cl_uint>(stride), tally.get());

  kit::Ledger ledger;
  const gp_status status =
      kit::collect_samples(params, result, ledger, poison_output, [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t key, cl_event* event) {
          set_arg(kernel, 4, cl_uint{key});
          launch_1d(device.queue(), kernel, geometry.global, geometry.local, event);
        });
      });
  if (status != GP_OK) return status;

  std::vector<out_t> got(geometry.global);
  read_buffer(device, out.get(), got.data(), out_bytes);
  kit::begin_checks(result);
  kit::check_launch_tally(result, tally.read(device), ledger, params);
  for (uint64_t gid = 0; gid < geometry.global; ++gid) {
    const auto want = P::expected(gid, stride, vec, ledger.last_key, P::iterations);
    if (!P::matches(got[gid], want)) {
      kit::fail_check(result, "work-item " + std::to_string(gid) + " stored " + P::text(got[gid]) +
                                  ", expected " + P::text(want));
      break;
    }
  }
  plugin::append_note(&result, std::string(P::name) + " x" + std::to_string(vec) + " vectors, " +
                                   std::to_string(kChains) + " chains per work-item");
  result.size_bytes = 0;
  result.work_items = geometry.global;
  result.work_per_iteration =
      work_per_madd * static_cast<double>(geometry.global) * kChains * vec * P::iterations;
  return GP_OK;
}

gp_status run_fp32(DeviceContext& d, const gp_run_params& p, gp_run_result& r) {
  return run_compute<Fp32>(d, p, r, 2.0);
}
gp_status run_fp16(DeviceContext& d, const gp_run_params& p, gp_run_result& r) {
  return run_compute<Fp16>(d, p, r, 2.0);
}
gp_status run_fp64(DeviceContext& d, const gp_run_params& p, gp_run_result& r) {
  return run_compute<Fp64>(d, p, r, 2.0);
}
gp_status run_int32(DeviceContext& d, const gp_run_params& p, gp_run_result& r) {
  return run_compute<Int32>(d, p, r, 2.0);
}
gp_status run_register_bandwidth(DeviceContext& d, const gp_run_params& p, gp_run_result& r) {
  return run_compute<Fp32>(d, p, r, 12.0);
}

std::string fp16_reason(const DeviceContext& device, const gp_run_params&) {
  return device.caps().fp16 ? "" : "no fp16 on this device (cl_khr_fp16 not reported)";
}
std::string fp64_reason(const DeviceContext& device, const gp_run_params&) {
  return device.caps().fp64 ? "" : "no fp64 on this device (cl_khr_fp64 not reported)";
}

}  // namespace

const KernelEntry kernel_COMPUTE_FP32{run_fp32, always_supported};
const KernelEntry kernel_COMPUTE_FP16{run_fp16, fp16_reason};
const KernelEntry kernel_COMPUTE_FP64{run_fp64, fp64_reason};
const KernelEntry kernel_COMPUTE_INT32{run_int32, always_supported};
const KernelEntry kernel_REGISTER_BANDWIDTH{run_register_bandwidth, always_supported};

}  // namespace gpuprobe::opencl
