// matmul_naive, matmul_tiled and matmul_vendor: C = alpha x A x B, row-major, A m x k and
// B k x n, on the kit's exact inputs (kit::fill_matmul_inputs), alpha = matmul_alpha(key)
// per launch. fp32 everywhere; fp16 (naive and tiled) with AVX512-FP16.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "host_buffer.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "kit/sizes.hpp"
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
  // A, B and C are fp32 host buffers for either precision; checked before any is allocated.
  kit::check_matmul_fits(s.m, s.n, s.k, sizeof(float), sizeof(float),
                         {{context.facts.max_alloc_bytes, "max_alloc_bytes", true},
                          {kit::host_memory_bytes(), "host memory", false}});
  return s;
}

// NaN everywhere: an entry the kernel never wrote cannot pass the check.
void poison_matrix(float* c, const Shape& s) { std::fill(c, c + s.m * s.n, kit::poison_float()); }

// One launch's work for pool thread `t` of `n`: which rows of C it stores, how many steps
// of k it runs, and C's scale. An injected fault breaks the last thread: one k-step fewer
// (skip_iteration) or the last row of C not stored (skip_store).
struct LaunchShare {
  Share rows;
  uint64_t depth;
  float alpha;
};
LaunchShare launch_share(Share rows, const Shape& s, uint32_t key, LastThreadFault fault,
                         unsigned t, unsigned n) {
  LaunchShare share{rows, s.k, kit::matmul_alpha(key)};
  if (fault.skips_iteration(t, n)) share.depth -= 1;
  if (fault.skips_store(t, n) && share.rows.end == s.m && share.rows.size() > 0)
    share.rows.end -= 1;
  return share;
}

// The textbook loop: one C entry per (row, column), threads over rows, alpha applied once
// at the store. A cancel stops it between rows, since one launch can take minutes at large
// sizes.
void naive_rows(const float* a, const float* b, float* c, const Shape& s, const LaunchShare& share,
                const gp_run_params& params) {
  for (uint64_t i = share.rows.begin; i < share.rows.end; ++i) {
    if (plugin::cancelled(&params)) return;
    for (uint64_t j = 0; j < s.n; ++j) {
      float sum = 0.0f;
      for (uint64_t p = 0; p < share.depth; ++p) sum += a[i * s.k + p] * b[p * s.n + j];
      c[i * s.n + j] = sum * share.alpha;
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

// What every matmul launch needs: the shape, the inputs, C, the fault, and the sampler's
// bookkeeping. poison() sets C back to NaN.
struct MatmulRun {
  Context& context;
  const gp_run_params& params;
  gp_run_result& result;
  Shape s;
  const float* a;
  const float* b;
  LastThreadFault fault;
  kit::Ledger ledger;
  LaunchTally tally;  // counted by thread 0 of every launch (OpenBLAS: after the call returns)
};

// The sampler with poison() that also resets the launch tally.
template <typename Poison, typename Launch>
void sample(MatmulRun& run, Poison&& poison, Launch&& launch) {
  sample_launches(
      run.params, run.result, run.ledger,
      [&] {
        poison();
        run.tally.reset();
      },
      launch);
}

void run_naive_fp32(MatmulRun& run, float* c) {
  const unsigned threads = run.context.pool.size();
  sample(
      run, [&] { poison_matrix(c, run.s); },
      [&](uint32_t key) {
        run.context.pool.run(threads, [&](unsigned t, unsigned n) {
          run.tally.count(t);
          naive_rows(run.a, run.b, c, run.s,
                     launch_share(share_of(run.s.m, t, n), run.s, key, run.fault, t, n),
                     run.params);
        });
      });
}

void run_tiled_fp32(MatmulRun& run, float* c) {
  const isa::IsaKernels& k = run.context.kernels;
  const unsigned threads = run.context.pool.size();
  const Workspaces workspaces(k.sgemm_workspace_floats, sizeof(float), threads);
  plugin::append_note(&run.result, std::string(k.name) + " blocked SGEMM, " +
                                       std::to_string(k.sgemm_tile_rows) + "x" +
                                       std::to_string(k.sgemm_tile_cols) + " register tile");
  const Shape& s = run.s;
  sample(
      run, [&] { poison_matrix(c, s); },
      [&](uint32_t key) {
        run.context.pool.run(threads, [&](unsigned t, unsigned n) {
          run.tally.count(t);
          const LaunchShare share =
              launch_share(tile_rows(s.m, k.sgemm_tile_rows, t, n), s, key, run.fault, t, n);
          if (share.rows.size() > 0)
            k.sgemm(run.a, run.b, c, s.m, s.n, s.k, share.depth, share.rows.begin, share.rows.end,
                    share.alpha, workspaces.of<float>(t));
        });
      });
}

#ifdef GPUPROBE_CPU_HAVE_OPENBLAS
// OpenBLAS runs its own threads (the pool stays idle) and takes alpha itself; it is "one
// thread" for the fault: k-1 or m-1 with the same leading dimensions.
void run_vendor_fp32(MatmulRun& run, float* c) {
  const Shape& s = run.s;
  const uint64_t max_dim = std::numeric_limits<int>::max();
  if (s.m > max_dim || s.n > max_dim || s.k > max_dim)
    throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "matrix dimension exceeds BLAS int range");
  plugin::append_note(&run.result, openblas_description());
  sample(
      run, [&] { poison_matrix(c, s); },
      [&](uint32_t key) {
        const LaunchShare share = launch_share({0, s.m}, s, key, run.fault, 0, 1);
        openblas_sgemm(run.a, run.b, c, share.rows.end, s.n, share.depth, s.k, share.alpha);
        // OpenBLAS is not ours to edit: the call site counts a call that returned. On a CPU
        // that is the same host-side evidence as thread 0 of the pool kernels.
        run.tally.count(0);
      });
}
#endif

// fp16 (AVX512-FP16): inputs converted to half before timing (exact: they are multiples of
// 1/8), products accumulated in half as the hardware FMA does, C widened to float
// afterwards for the shared check, which then allows half-precision accumulation error.
void run_fp16(MatmulRun& run, float* c) {
  const isa::Fp16Kernels& k = *run.context.fp16;
  const Shape& s = run.s;
  const unsigned threads = run.context.pool.size();
  HostBuffer ha(s.m * s.k * 2, HostBuffer::Pages::kHuge),
      hb(s.k * s.n * 2, HostBuffer::Pages::kHuge), hc(s.m * s.n * 2, HostBuffer::Pages::kHuge);
  _Float16* pa = ha.as<_Float16>();
  _Float16* pb = hb.as<_Float16>();
  _Float16* pc = hc.as<_Float16>();
  for (uint64_t i = 0; i < s.m * s.k; ++i) pa[i] = static_cast<_Float16>(run.a[i]);
  for (uint64_t i = 0; i < s.k * s.n; ++i) pb[i] = static_cast<_Float16>(run.b[i]);
  const auto poison = [&] {
    std::fill(pc, pc + s.m * s.n, static_cast<_Float16>(kit::poison_float()));
  };
  poison();

  if (run.params.kernel == GP_KERNEL_MATMUL_NAIVE) {
    plugin::append_note(&run.result, "AVX512-FP16 scalar loop, half accumulation");
    sample(run, poison, [&](uint32_t key) {
      run.context.pool.run(threads, [&](unsigned t, unsigned n) {
        run.tally.count(t);
        const LaunchShare share = launch_share(share_of(s.m, t, n), s, key, run.fault, t, n);
        // A few rows at a time, so a cancel is seen within a fraction of a launch.
        for (uint64_t i = share.rows.begin; i < share.rows.end && !plugin::cancelled(&run.params);
             i += 8)
          k.naive_rows(pa, pb, pc, s.n, s.k, share.depth, i, std::min(share.rows.end, i + 8),
                       static_cast<_Float16>(share.alpha));
      });
    });
  } else {
    const Workspaces workspaces(k.hgemm_workspace_halves, sizeof(_Float16), threads);
    plugin::append_note(
        &run.result, "AVX512-FP16 blocked HGEMM, " + std::to_string(k.hgemm_tile_rows) + "x" +
                         std::to_string(k.hgemm_tile_cols) + " register tile, half accumulation");
    sample(run, poison, [&](uint32_t key) {
      run.context.pool.run(threads, [&](unsigned t, unsigned n) {
        run.tally.count(t);
        const LaunchShare share =
            launch_share(tile_rows(s.m, k.hgemm_tile_rows, t, n), s, key, run.fault, t, n);
        if (share.rows.size() > 0)
          k.hgemm(pa, pb, pc, s.m, s.n, s.k, share.depth, share.rows.begin, share.rows.end,
                  static_cast<_Float16>(share.alpha), workspaces.of<_Float16>(t));
      });
    });
  }
  for (uint64_t i = 0; i < s.m * s.n; ++i) c[i] = static_cast<float>(pc[i]);
}

// C = matmul_alpha(key) x A x B on the kit's exact inputs, C poisoned with NaN; checked by
// kit::check_matmul (every entry finite, every row and column sum, 64 entries).
void run_matmul(Context& context, const gp_run_params& params, gp_run_result& result) {
  const Shape s = matmul_shape(context, params, result);
  HostBuffer a(s.m * s.k * sizeof(float), HostBuffer::Pages::kHuge);
  HostBuffer b(s.k * s.n * sizeof(float), HostBuffer::Pages::kHuge);
  HostBuffer c(s.m * s.n * sizeof(float), HostBuffer::Pages::kHuge);
  kit::fill_matmul_inputs(a.as<float>(), s.m * s.k, params.seed);
  kit::fill_matmul_inputs(b.as<float>(), s.k * s.n, params.seed + 1);
  poison_matrix(c.as<float>(), s);

  MatmulRun run{
      context,       params,      result, s, a.as<float>(), b.as<float>(), last_thread_fault(),
      /*ledger=*/{}, /*tally=*/{}};
  const bool half = params.precision == GP_PRECISION_FP16;
  if (half) {
    run_fp16(run, c.as<float>());
  } else if (params.kernel == GP_KERNEL_MATMUL_NAIVE) {
    run_naive_fp32(run, c.as<float>());
  } else if (params.kernel == GP_KERNEL_MATMUL_TILED) {
    run_tiled_fp32(run, c.as<float>());
  } else {
#ifdef GPUPROBE_CPU_HAVE_OPENBLAS
    run_vendor_fp32(run, c.as<float>());
#endif
  }

  // fp32 accumulates and stores with 24 significand bits; fp16 with 11 (half accumulation).
  const int bits = half ? 11 : 24;
  kit::begin_checks(result);
  kit::check_launch_tally(result, run.tally.value, run.ledger, params);
  kit::check_matmul(result, a.as<float>(), b.as<float>(), c.as<float>(), s.m, s.n, s.k,
                    kit::matmul_alpha(run.ledger.last_key), bits, bits, params.seed);
  const uint64_t element_bytes = half ? 2 : sizeof(float);
  result.size_bytes = (s.m * s.k + s.k * s.n + s.m * s.n) * element_bytes;  // A + B + C
  result.work_items = context.pool.size();
  result.work_per_iteration = 2.0 * double(s.m) * double(s.n) * double(s.k);
}

}  // namespace

const KernelEntry kernel_MATMUL_NAIVE{&run_matmul};
const KernelEntry kernel_MATMUL_TILED{&run_matmul};
#ifdef GPUPROBE_CPU_HAVE_OPENBLAS
const KernelEntry kernel_MATMUL_VENDOR{&run_matmul};
#endif

}  // namespace gpuprobe::cpu
