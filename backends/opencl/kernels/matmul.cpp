// matmul_naive and matmul_tiled: our own kernels (shaders/matmul_naive.cl,
// shaders/matmul_tiled.cl) on the same problem as matmul_vendor.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "../launch.hpp"
#include "../timing.hpp"
#include "kernels.hpp"
#include "matmul_problem.hpp"

namespace gpuprobe::opencl {
namespace {

size_t round_up(size_t value, size_t multiple) { return (value + multiple - 1) / multiple * multiple; }

gp_status run_naive(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  MatmulProblem problem(device, params, result);
  const size_t side = device.caps().max_work_group_size >= 256 ? 16 : 8;
  const size_t local[2] = {side, side};
  const size_t global[2] = {round_up(problem.n(), side), round_up(problem.m(), side)};
  Kernel kernel = device.kernel("matmul_naive", problem.half() ? "-D USE_HALF" : "", "matmul_naive");
  set_args(kernel, problem.a(), problem.b(), problem.c(), cl_uint(problem.m()),
           cl_uint(problem.n()), cl_uint(problem.k()));
  const gp_status status = plugin::collect_samples(&params, &result, [&](uint32_t n) {
    return device_timed_batch(device, n, [&](cl_event* event) {
      launch_2d(device.queue(), kernel, global, local, event);
    });
  });
  if (status != GP_OK) return status;
  problem.verify(device, result);
  result.work_items = global[0] * global[1];
  return GP_OK;
}

// Tile shape for matmul_tiled.cl. GPU: 64 x 64 tiles, 256 work-items of 4 x 4 outputs,
// float4 loads from local memory. CPU driver: each work-item holds RM x NV wide vectors
// (16 lanes: one AVX-512 register each) of accumulators, enough independent FMAs to cover
// the FMA latency.
struct TileShape {
  uint32_t tm, tn, tk, rm, vw, nv;
  std::string options(bool half) const {
    return "-D TM=" + std::to_string(tm) + " -D TN=" + std::to_string(tn) + " -D TK=" +
           std::to_string(tk) + " -D RM=" + std::to_string(rm) + " -D VW=" + std::to_string(vw) +
           " -D NV=" + std::to_string(nv) + (half ? " -D USE_HALF" : "");
  }
  size_t group_cols() const { return tn / (vw * nv); }
  size_t group_rows() const { return tm / rm; }
};

uint32_t knob(const char* name, uint32_t fallback) {  // TEMPORARY tuning
  const char* v = std::getenv(name);
  return v ? static_cast<uint32_t>(std::strtoul(v, nullptr, 10)) : fallback;
}

TileShape tile_shape(const DeviceCaps& caps) {
  TileShape s = caps.is_cpu() ? TileShape{64, 64, 64, 8, 16, 2} : TileShape{64, 64, 16, 4, 4, 1};
  s.tm = knob("GP_TM", s.tm);
  s.tn = knob("GP_TN", s.tn);
  s.tk = knob("GP_TK", s.tk);
  s.rm = knob("GP_RM", s.rm);
  s.vw = knob("GP_VW", s.vw);
  s.nv = knob("GP_NV", s.nv);
  return s;
}

gp_status run_tiled(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  MatmulProblem problem(device, params, result);
  const TileShape shape = tile_shape(device.caps());
  const size_t local[2] = {shape.group_cols(), shape.group_rows()};
  const size_t global[2] = {(problem.n() + shape.tn - 1) / shape.tn * local[0],
                            (problem.m() + shape.tm - 1) / shape.tm * local[1]};
  Kernel kernel = device.kernel("matmul_tiled", shape.options(problem.half()), "matmul_tiled");
  set_args(kernel, problem.a(), problem.b(), problem.c(), cl_uint(problem.m()),
           cl_uint(problem.n()), cl_uint(problem.k()));
  const gp_status status = plugin::collect_samples(&params, &result, [&](uint32_t n) {
    return device_timed_batch(device, n, [&](cl_event* event) {
      launch_2d(device.queue(), kernel, global, local, event);
    });
  });
  if (status != GP_OK) return status;
  problem.verify(device, result);
  result.work_items = global[0] * global[1];
  return GP_OK;
}

std::string matmul_reason(const DeviceContext& device, const gp_run_params& params) {
  if (params.m > UINT32_MAX || params.n > UINT32_MAX || params.k > UINT32_MAX)
    return "matrix dimensions above 2^32-1 not supported";
  return fp16_matmul_reason(device, params);
}

}  // namespace

const KernelEntry kMatmulNaiveKernel{run_naive, matmul_reason};
const KernelEntry kMatmulTiledKernel{run_tiled, matmul_reason};

}  // namespace gpuprobe::opencl
