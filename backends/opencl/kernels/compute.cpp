// Peak arithmetic: compute_fp32/fp16/fp64/int32, and register_bandwidth (the fp32 kernel
// counted as register operand traffic). See shaders/compute.cl for the kernel.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "../buffers.hpp"
#include "../half_float.hpp"
#include "../launch.hpp"
#include "../timing.hpp"
#include "kernels.hpp"

namespace gpuprobe::opencl {
namespace {

// Chains per work-item: enough independent FMAs in flight to cover the FMA latency
// (4 cycles x 2 pipes on a current x86 core; GPUs interleave warps as well).
constexpr uint32_t kChains = 16;
// Multiply-adds per chain per launch: a launch lasts about a millisecond on the devices we
// know, long next to its overhead, and the chains (x -> a x + b, a = 1 - 2^-12) have not
// yet converged, so the stored value depends on the iteration count.
constexpr uint32_t kIterations = 2048;
// Work-items recomputed on the host.
constexpr uint32_t kCheckedItems = 16;

// Each precision: device type, host replay of one step, tolerance of the check.
struct Fp32 {
  using device_t = cl_float;
  using host_t = float;
  static constexpr const char* define = "TYPE_FLOAT";
  static constexpr const char* name = "fp32";
  static host_t a() { return 1.0f - 1.0f / 4096.0f; }
  static host_t b() { return 1.0f / 1024.0f; }
  static device_t to_device(host_t v) { return v; }
  static host_t from_device(device_t v) { return v; }
  static host_t madd(host_t x, host_t a, host_t b) { return std::fma(x, a, b); }
  static host_t add(host_t x, host_t y) { return x + y; }
  static host_t from_int(uint32_t i) { return static_cast<host_t>(i); }
  static host_t mul(host_t x, host_t y) { return x * y; }
  static bool close(host_t got, host_t want) {
    return std::fabs(got - want) <= 1e-5f * std::max(1.0f, std::fabs(want));
  }
  static uint32_t width(const DeviceCaps& caps) { return caps.vector_width_float; }
};

struct Fp64 {
  using device_t = cl_double;
  using host_t = double;
  static constexpr const char* define = "TYPE_DOUBLE";
  static constexpr const char* name = "fp64";
  static host_t a() { return 1.0 - 1.0 / 4096.0; }
  static host_t b() { return 1.0 / 1024.0; }
  static device_t to_device(host_t v) { return v; }
  static host_t from_device(device_t v) { return v; }
  static host_t madd(host_t x, host_t a, host_t b) { return std::fma(x, a, b); }
  static host_t add(host_t x, host_t y) { return x + y; }
  static host_t from_int(uint32_t i) { return static_cast<host_t>(i); }
  static host_t mul(host_t x, host_t y) { return x * y; }
  static bool close(host_t got, host_t want) {
    return std::fabs(got - want) <= 1e-12 * std::max(1.0, std::fabs(want));
  }
  static uint32_t width(const DeviceCaps& caps) { return caps.vector_width_double; }
};

// fp16 replayed in double, rounding after every operation (see half_float.hpp).
struct Fp16 {
  using device_t = cl_half;
  using host_t = double;
  static constexpr const char* define = "TYPE_HALF";
  static constexpr const char* name = "fp16";
  static host_t a() { return 1.0 - 1.0 / 256.0; }
  static host_t b() { return 1.0 / 1024.0; }
  static device_t to_device(host_t v) { return half_float::to_bits(v); }
  static host_t from_device(device_t v) { return half_float::from_bits(v); }
  static host_t madd(host_t x, host_t a, host_t b) { return half_float::round_to_half(x * a + b); }
  static host_t add(host_t x, host_t y) { return half_float::round_to_half(x + y); }
  static host_t from_int(uint32_t i) { return half_float::round_to_half(i); }
  static host_t mul(host_t x, host_t y) { return half_float::round_to_half(x * y); }
  static bool close(host_t got, host_t want) {
    return std::fabs(got - want) <= 1e-2 * std::max(1.0, std::fabs(want));
  }
  static uint32_t width(const DeviceCaps& caps) { return caps.vector_width_half; }
};

// Integer multiply-add, mod 2^32 (an LCG step): exact.
struct Int32 {
  using device_t = cl_uint;
  using host_t = uint32_t;
  static constexpr const char* define = "TYPE_UINT";
  static constexpr const char* name = "int32";
  static host_t a() { return 1664525u; }
  static host_t b() { return 1013904223u; }
  static device_t to_device(host_t v) { return v; }
  static host_t from_device(device_t v) { return v; }
  static host_t madd(host_t x, host_t a, host_t b) { return x * a + b; }
  static host_t add(host_t x, host_t y) { return x + y; }
  static host_t from_int(uint32_t i) { return i; }
  static host_t mul(host_t x, host_t y) { return x * y; }
  static bool close(host_t got, host_t want) { return got == want; }
  static uint32_t width(const DeviceCaps& caps) { return caps.vector_width_int; }
};

// What compute.cl stores for work-item `gid`, replayed on the host in the same order.
template <typename P>
typename P::host_t expected_output(uint64_t gid, uint32_t vec) {
  using T = typename P::host_t;
  const uint32_t seed = static_cast<uint32_t>(gid & 255);
  const T a = P::a(), b = P::b();
  std::vector<T> chains(vec);
  for (uint32_t c = 0; c < kChains; ++c) {
    for (uint32_t l = 0; l < vec; ++l) {
      T x = P::mul(P::add(P::from_int(seed + c * vec), P::from_int(l)), b);
      for (uint32_t i = 0; i < kIterations; ++i) x = P::madd(x, a, b);
      chains[l] = c == 0 ? x : P::add(chains[l], x);
    }
  }
  T total = P::from_int(0);
  for (uint32_t l = 0; l < vec; ++l) total = P::add(total, chains[l]);
  return total;
}

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
  const uint32_t vec = P::width(device.caps());
  const ComputeGeometry geometry = compute_geometry(device.caps());
  const std::string options = std::string("-D ") + P::define + " -D VEC=" + std::to_string(vec) +
                              " -D CHAINS=" + std::to_string(kChains);
  Mem out = create_buffer(device, CL_MEM_WRITE_ONLY, geometry.global * sizeof(typename P::device_t),
                          "compute output");
  Kernel kernel = device.kernel("compute", options, "compute");
  set_args(kernel, out.get(), P::to_device(P::a()), P::to_device(P::b()), cl_uint{kIterations});

  const gp_status status = plugin::collect_samples(&params, &result, [&](uint32_t n) {
    return device_timed_batch(device, n, [&](cl_event* event) {
      launch_1d(device.queue(), kernel, geometry.global, geometry.local, event);
    });
  });
  if (status != GP_OK) return status;

  std::vector<typename P::device_t> got(geometry.global);
  read_buffer(device, out.get(), got.data(), got.size() * sizeof got[0]);
  result.verification = GP_VERIFY_PASSED;
  for (uint32_t i = 0; i < kCheckedItems; ++i) {
    const uint64_t gid = i * (geometry.global - 1) / (kCheckedItems - 1);
    const auto want = expected_output<P>(gid, vec);
    const auto have = P::from_device(got[gid]);
    if (!P::close(have, want)) {
      result.verification = GP_VERIFY_FAILED;
      char text[160];
      std::snprintf(text, sizeof text, "work-item %llu stored %.9g, expected %.9g",
                    static_cast<unsigned long long>(gid), static_cast<double>(have),
                    static_cast<double>(want));
      plugin::append_note(&result, text);
      break;
    }
  }
  plugin::append_note(&result, std::string(P::name) + " x" + std::to_string(vec) + " vectors, " +
                                   std::to_string(kChains) + " chains per work-item");
  result.size_bytes = 0;
  result.work_items = geometry.global;
  result.work_per_iteration =
      work_per_madd * static_cast<double>(geometry.global) * kChains * vec * kIterations;
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

const KernelEntry kComputeFp32Kernel{run_fp32, always_supported};
const KernelEntry kComputeFp16Kernel{run_fp16, fp16_reason};
const KernelEntry kComputeFp64Kernel{run_fp64, fp64_reason};
const KernelEntry kComputeInt32Kernel{run_int32, always_supported};
const KernelEntry kRegisterBandwidthKernel{run_register_bandwidth, always_supported};

}  // namespace gpuprobe::opencl
