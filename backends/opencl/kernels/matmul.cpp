// matmul_naive and matmul_tiled: our own kernels (shaders/matmul_naive.cl,
// shaders/matmul_tiled.cl) on the same problem as matmul_vendor.
#include <string>

#include "../launch.hpp"
#include "../launch_tally.hpp"
#include "../timing.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "kit/sampling.hpp"
#include "matmul_problem.hpp"

namespace gpuprobe::opencl {
namespace {

size_t round_up(size_t value, size_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

// Argument index of alpha in both kernels (after a, b, c, m, n, k); the launch tally follows.
constexpr cl_uint kAlphaArg = 6;
constexpr cl_uint kTallyArg = 7;

// Samples with C poisoned after warm-up and alpha = kit::matmul_alpha(key) set per launch,
// then the check of C against the last launch's alpha.
template <typename Launch>
gp_status sample_and_verify(DeviceContext& device, const MatmulProblem& problem,
                            const Kernel& kernel, const gp_run_params& params,
                            gp_run_result& result, Launch&& launch) {
  const LaunchTally tally(device);
  set_arg(kernel, kTallyArg, tally.get());
  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger,
      [&] {
        problem.poison(device);
        tally.reset(device);
      },
      [&](const kit::BatchPlan& plan) {
        return device_timed_batch(device, plan, [&](uint32_t key, cl_event* event) {
          if (problem.half())
            set_arg(kernel, kAlphaArg, problem.alpha_half(key));
          else
            set_arg(kernel, kAlphaArg, problem.alpha_float(key));
          launch(event);
        });
      });
  if (status != GP_OK) return status;
  problem.verify(device, ledger.last_key, result);  // begins the checks
  kit::check_launch_tally(result, tally.read(device), ledger, params);
  return GP_OK;
}

gp_status run_naive(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  MatmulProblem problem(device, params, result);
  const size_t side = device.caps().max_work_group_size >= 256 ? 16 : 8;
  const size_t local[2] = {side, side};
  const size_t global[2] = {round_up(problem.n(), side), round_up(problem.m(), side)};
  Kernel kernel =
      device.kernel("matmul_naive", problem.half() ? "-D USE_HALF" : "", "matmul_naive");
  set_args(kernel, problem.a(), problem.b(), problem.c(), cl_uint(problem.m()),
           cl_uint(problem.n()), cl_uint(problem.k()));
  const gp_status status = sample_and_verify(
      device, problem, kernel, params, result,
      [&](cl_event* event) { launch_2d(device.queue(), kernel, global, local, event); });
  if (status != GP_OK) return status;
  result.work_items = global[0] * global[1];
  return GP_OK;
}

// Tile shape for matmul_tiled.cl.
// GPU: 64 x 64 tiles, 256 work-items of 4 x 4 outputs, float4 loads from local memory.
// CPU driver (PoCL): a work-item keeps 8 rows x 2 sixteen-wide vectors of C in 16 AVX-512
// registers (enough independent FMAs to cover the FMA latency); 128 x 64 tiles with a
// K-slice of 64 measured best on PoCL among 32..256-row, 32..128-column and 32..128-deep
// tiles (1024^3 and 2048^3).
struct TileShape {
  uint32_t tm, tn, tk, rm, vw, nv;
  std::string options(bool half) const {
    return "-D TM=" + std::to_string(tm) + " -D TN=" + std::to_string(tn) +
           " -D TK=" + std::to_string(tk) + " -D RM=" + std::to_string(rm) +
           " -D VW=" + std::to_string(vw) + " -D NV=" + std::to_string(nv) +
           (half ? " -D USE_HALF" : "");
  }
  size_t group_cols() const { return tn / (vw * nv); }
  size_t group_rows() const { return tm / rm; }
};

TileShape tile_shape(const DeviceCaps& caps) {
  if (caps.is_cpu()) return TileShape{128, 64, 64, 8, 16, 2};
  // 256 work-items per group; fall back to 8 x 8 = 64 where a device allows fewer.
  if (caps.max_work_group_size >= 256) return TileShape{64, 64, 16, 4, 4, 1};
  return TileShape{32, 32, 16, 4, 4, 1};
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
  const gp_status status = sample_and_verify(
      device, problem, kernel, params, result,
      [&](cl_event* event) { launch_2d(device.queue(), kernel, global, local, event); });
  if (status != GP_OK) return status;
  result.work_items = global[0] * global[1];
  return GP_OK;
}

std::string matmul_reason(const DeviceContext& device, const gp_run_params& params) {
  if (params.m > UINT32_MAX || params.n > UINT32_MAX || params.k > UINT32_MAX)
    return "matrix dimensions above 2^32-1 not supported";
  return fp16_matmul_reason(device, params);
}

}  // namespace

const KernelEntry kernel_MATMUL_NAIVE{run_naive, matmul_reason};
const KernelEntry kernel_MATMUL_TILED{run_tiled, matmul_reason};

}  // namespace gpuprobe::opencl
