// matmul_naive, matmul_tiled and matmul_vendor: C = A x B, row-major, A m x k and B k x n
// from reference::fill_random_floats, checked on 64 sampled entries. fp32 everywhere; fp16
// (naive and tiled) with AVX512-FP16.
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

// Rows of C for pool thread t of n, in whole register tiles of `granule` rows.
Share tile_rows(uint64_t m, unsigned granule, unsigned t, unsigned n) {
  const uint64_t tiles = (m + granule - 1) / granule;
  const Share share = share_of(tiles, t, n);
  return {std::min(m, share.begin * granule), std::min(m, share.end * granule)};
}

// Each thread packs into its own workspace: no sharing, no barriers inside a launch.
struct Workspaces {
  Workspaces(uint64_t elements, uint64_t element_bytes, unsigned threads)
      : stride((elements * element_bytes + 63) / 64 * 64),
        buffer(stride * threads, HostBuffer::Pages::kHuge) {}
  template <typename T>
  T* of(unsigned thread) const {
    return reinterpret_cast<T*>(buffer.as<char>() + stride * thread);
  }
  uint64_t stride;
  HostBuffer buffer;
};

gp_status run_fp32(Context& context, const gp_run_params& params, gp_run_result& result,
                   const Shape& s, const float* a, const float* b, float* c) {
  const unsigned threads = context.pool.size();
  if (params.kernel == GP_KERNEL_MATMUL_NAIVE) {
    return time_samples(params, result, [&] {
      context.pool.run(threads, [&](unsigned t, unsigned n) {
        naive_rows(a, b, c, s, share_of(s.m, t, n), params);
      });
    });
  }
  if (params.kernel == GP_KERNEL_MATMUL_TILED) {
    const isa::IsaKernels& k = context.kernels;
    const Workspaces workspaces(k.sgemm_workspace_floats, sizeof(float), threads);
    plugin::append_note(&result, std::string(k.name) + " blocked SGEMM, " +
                                     std::to_string(k.sgemm_tile_rows) + "x" +
                                     std::to_string(k.sgemm_tile_cols) + " register tile");
    return time_samples(params, result, [&] {
      context.pool.run(threads, [&](unsigned t, unsigned n) {
        const Share rows = tile_rows(s.m, k.sgemm_tile_rows, t, n);
        if (rows.size() > 0)
          k.sgemm(a, b, c, s.m, s.n, s.k, rows.begin, rows.end, workspaces.of<float>(t));
      });
    });
  }
#ifdef GPUPROBE_CPU_HAVE_OPENBLAS
  const uint64_t max_dim = std::numeric_limits<int>::max();
  if (s.m > max_dim || s.n > max_dim || s.k > max_dim)
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "matrix dimension exceeds BLAS int range");
  plugin::append_note(&result, openblas_description());
  // OpenBLAS runs its own threads; the pool stays idle meanwhile.
  return time_samples(params, result, [&] { openblas_sgemm(a, b, c, s.m, s.n, s.k); });
#else
  throw plugin::Error(GP_ERR_UNSUPPORTED, "built without OpenBLAS (no vendor BLAS for the CPU)");
#endif
}

// fp16 (AVX512-FP16): inputs rounded to half before timing, products accumulated in half,
// C widened to float afterwards for the shared check (with the fp16 tolerance).
gp_status run_fp16(Context& context, const gp_run_params& params, gp_run_result& result,
                   const Shape& s, const float* a, const float* b, float* c) {
  const isa::Fp16Kernels& k = *context.fp16;
  const unsigned threads = context.pool.size();
  HostBuffer ha(s.m * s.k * 2, HostBuffer::Pages::kHuge),
      hb(s.k * s.n * 2, HostBuffer::Pages::kHuge), hc(s.m * s.n * 2, HostBuffer::Pages::kHuge);
  _Float16* pa = ha.as<_Float16>();
  _Float16* pb = hb.as<_Float16>();
  _Float16* pc = hc.as<_Float16>();
  for (uint64_t i = 0; i < s.m * s.k; ++i) pa[i] = static_cast<_Float16>(a[i]);
  for (uint64_t i = 0; i < s.k * s.n; ++i) pb[i] = static_cast<_Float16>(b[i]);
  std::fill(pc, pc + s.m * s.n, static_cast<_Float16>(std::numeric_limits<float>::quiet_NaN()));

  gp_status status;
  if (params.kernel == GP_KERNEL_MATMUL_NAIVE) {
    plugin::append_note(&result, "AVX512-FP16 scalar loop, half accumulation");
    status = time_samples(params, result, [&] {
      context.pool.run(threads, [&](unsigned t, unsigned n) {
        const Share rows = share_of(s.m, t, n);
        // A few rows at a time, so a cancel is seen within a fraction of a launch.
        for (uint64_t i = rows.begin; i < rows.end && !plugin::cancelled(&params); i += 8)
          k.naive_rows(pa, pb, pc, s.n, s.k, i, std::min(rows.end, i + 8));
      });
    });
  } else {
    const Workspaces workspaces(k.hgemm_workspace_halves, sizeof(_Float16), threads);
    plugin::append_note(&result, "AVX512-FP16 blocked HGEMM, " + std::to_string(k.hgemm_tile_rows) +
                                     "x" + std::to_string(k.hgemm_tile_cols) +
                                     " register tile, half accumulation");
    status = time_samples(params, result, [&] {
      context.pool.run(threads, [&](unsigned t, unsigned n) {
        const Share rows = tile_rows(s.m, k.hgemm_tile_rows, t, n);
        if (rows.size() > 0)
          k.hgemm(pa, pb, pc, s.m, s.n, s.k, rows.begin, rows.end, workspaces.of<_Float16>(t));
      });
    });
  }
  for (uint64_t i = 0; i < s.m * s.n; ++i) c[i] = static_cast<float>(pc[i]);
  return status;
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
  std::fill(c.as<float>(), c.as<float>() + s.m * s.n, std::numeric_limits<float>::quiet_NaN());

  const bool half = params.precision == GP_PRECISION_FP16;
  const gp_status status =
      half ? run_fp16(context, params, result, s, a.as<float>(), b.as<float>(), c.as<float>())
           : run_fp32(context, params, result, s, a.as<float>(), b.as<float>(), c.as<float>());
  if (status != GP_OK) return status;

  const std::string mismatch =
      reference::check_matmul_samples(a.as<float>(), b.as<float>(), c.as<float>(), s.m, s.n, s.k,
                                      64, params.seed, half ? 1e-2 : 1e-5);
  result.verification = mismatch.empty() ? GP_VERIFY_PASSED : GP_VERIFY_FAILED;
  if (!mismatch.empty()) plugin::append_note(&result, mismatch);
  const uint64_t element_bytes = half ? 2 : sizeof(float);
  result.size_bytes = (s.m * s.k + s.k * s.n + s.m * s.n) * element_bytes;  // A + B + C
  result.work_items = context.pool.size();
  result.work_per_iteration = 2.0 * double(s.m) * double(s.n) * double(s.k);
  return GP_OK;
}

}  // namespace gpuprobe::cpu
