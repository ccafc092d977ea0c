// matmul_naive, matmul_tiled and matmul_vendor: C = A x B in fp32, row-major, A m x k and
// B k x n from reference::fill_random_floats, checked on 64 sampled entries.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "gpuprobe/reference.hpp"
#include "host_buffer.hpp"
#include "kernels.hpp"
#include "run_support.hpp"
#ifdef GPUPROBE_CPU_HAVE_OPENBLAS
#include "openblas_gemm.hpp"
#endif

namespace gpuprobe::cpu {
namespace {

struct Shape {
  uint64_t m, n, k;
};

// Explicit m, n, k; or, when all three are 0, the largest square whose matrices fit
// size_bytes each (a multiple of 16, at least 16).
Shape matmul_shape(const Context& context, const gp_run_params& params, gp_run_result& result) {
  Shape s{params.m, params.n, params.k};
  if (s.m == 0 && s.n == 0 && s.k == 0) {
    const auto side = static_cast<uint64_t>(std::sqrt(double(params.size_bytes) / sizeof(float)));
    s.m = s.n = s.k = std::max<uint64_t>(16, side / 16 * 16);
    plugin::append_note(&result, "m = n = k = " + std::to_string(s.m) + " from size_bytes");
  }
  if (s.m == 0 || s.n == 0 || s.k == 0)
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "matmul needs m, n and k (or all three 0)");
  const uint64_t limit = context.facts.max_alloc_bytes / sizeof(float);
  if (s.m > limit / s.k || s.k > limit / s.n || s.m > limit / s.n)
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "a matrix would exceed max_alloc_bytes");
  return s;
}

// The textbook loop: one C entry per (row, column), threads over rows. A cancel stops it
// between rows, since one launch can take minutes at large sizes.
void naive_rows(const float* a, const float* b, float* c, const Shape& s, Share rows,
                const gp_run_params& params) {
  for (uint64_t i = rows.begin; i < rows.end; ++i) {
    if (plugin::cancelled(&params)) return;
    for (uint64_t j = 0; j < s.n; ++j) {
      float sum = 0.0f;
      for (uint64_t p = 0; p < s.k; ++p) sum += a[i * s.k + p] * b[p * s.n + j];
      c[i * s.n + j] = sum;
    }
  }
}

}  // namespace

gp_status run_matmul(Context& context, const gp_run_params& params, gp_run_result& result) {
  const Shape s = matmul_shape(context, params, result);
  HostBuffer a(s.m * s.k * sizeof(float), HostBuffer::Pages::kHuge);
  HostBuffer b(s.k * s.n * sizeof(float), HostBuffer::Pages::kHuge);
  HostBuffer c(s.m * s.n * sizeof(float), HostBuffer::Pages::kHuge);
  reference::fill_random_floats(a.as<float>(), s.m * s.k, params.seed);
  reference::fill_random_floats(b.as<float>(), s.k * s.n, params.seed + 1);
  // NaN everywhere: an entry the kernel never wrote cannot pass the check.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::fill(c.as<float>(), c.as<float>() + s.m * s.n, nan);

  const unsigned threads = context.pool.size();
  const float* pa = a.as<float>();
  const float* pb = b.as<float>();
  float* pc = c.as<float>();
  gp_status status = GP_OK;

  if (params.kernel == GP_KERNEL_MATMUL_NAIVE) {
    status = time_samples(params, result, [&] {
      context.pool.run(threads, [&](unsigned t, unsigned n) {
        naive_rows(pa, pb, pc, s, share_of(s.m, t, n), params);
      });
    });
  } else if (params.kernel == GP_KERNEL_MATMUL_TILED) {
    const isa::IsaKernels& k = context.kernels;
    // Each thread packs into its own workspace: no sharing, no barriers inside a launch.
    const uint64_t workspace_floats = (k.sgemm_workspace_floats + 15) / 16 * 16;
    HostBuffer workspace(workspace_floats * sizeof(float) * threads, HostBuffer::Pages::kHuge);
    const uint64_t granules = (s.m + k.sgemm_row_granule - 1) / k.sgemm_row_granule;
    plugin::append_note(&result, std::string(k.name) + " blocked SGEMM, " +
                                     std::to_string(k.sgemm_tile_rows) + "x" +
                                     std::to_string(k.sgemm_tile_cols) + " register tile");
    status = time_samples(params, result, [&] {
      context.pool.run(threads, [&](unsigned t, unsigned n) {
        const Share g = share_of(granules, t, n);
        const uint64_t begin = std::min(s.m, g.begin * k.sgemm_row_granule);
        const uint64_t end = std::min(s.m, g.end * k.sgemm_row_granule);
        if (begin < end) {
          k.sgemm(pa, pb, pc, s.m, s.n, s.k, begin, end,
                  workspace.as<float>() + workspace_floats * t);
        }
      });
    });
  } else {
#ifdef GPUPROBE_CPU_HAVE_OPENBLAS
    const uint64_t max_dim = std::numeric_limits<int>::max();
    if (s.m > max_dim || s.n > max_dim || s.k > max_dim)
      throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "matrix dimension exceeds BLAS int range");
    plugin::append_note(&result, openblas_description());
    // OpenBLAS runs its own threads; the pool stays idle meanwhile.
    status = time_samples(params, result, [&] { openblas_sgemm(pa, pb, pc, s.m, s.n, s.k); });
#else
    throw plugin::Error(GP_ERR_UNSUPPORTED, "built without OpenBLAS (no vendor BLAS for the CPU)");
#endif
  }
  if (status != GP_OK) return status;

  const std::string mismatch =
      reference::check_matmul_samples(pa, pb, pc, s.m, s.n, s.k, 64, params.seed, 1e-5);
  result.verification = mismatch.empty() ? GP_VERIFY_PASSED : GP_VERIFY_FAILED;
  if (!mismatch.empty()) plugin::append_note(&result, mismatch);
  result.size_bytes = (s.m * s.k + s.k * s.n + s.m * s.n) * sizeof(float);  // A + B + C
  result.work_items = threads;
  result.work_per_iteration = 2.0 * double(s.m) * double(s.n) * double(s.k);
  return GP_OK;
}

}  // namespace gpuprobe::cpu
