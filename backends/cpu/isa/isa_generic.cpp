// Baseline variant: the architecture's default instruction set (SSE2 on x86-64, NEON on
// AArch64), 128-bit registers. Runs anywhere; wider widths are split by the compiler.
#include <cstdint>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "isa/isa_kernels.hpp"

namespace gpuprobe::cpu::isa {
namespace {

#include "isa/compute_chains.inl"
#include "isa/sgemm_blocked.inl"
#include "isa/stream_loops.inl"

typedef float f32x4 __attribute__((vector_size(16)));
typedef double f64x2 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));

void fp32_chains(uint64_t iterations, float a, float b, float first, float spacing, float* out) {
  run_chains<f32x4, float, float>(iterations, a, b, first, spacing, out);
}
void fp64_chains(uint64_t iterations, double a, double b, double first, double spacing,
                 double* out) {
  run_chains<f64x2, double, double>(iterations, a, b, first, spacing, out);
}
void int32_chains(uint64_t iterations, uint32_t a, uint32_t b, uint32_t first, uint32_t spacing,
                  uint32_t* out) {
  run_chains<u32x4, uint32_t, uint32_t>(iterations, a, b, first, spacing, out);
}

// 6 x 8 tile: 12 accumulators + 2 B vectors + 1 broadcast of 16 registers.
using Sgemm = Gemm<float, f32x4, ScalarBroadcast<float, f32x4>, 6, 256, 120, 512>;

constexpr IsaKernels kKernels = {
    .name = "generic",
    .vector_bits = 128,
    .stream = {stream_loops<1>(), stream_loops<2>(), stream_loops<4>(), stream_loops<8>(),
               stream_loops<16>()},
    .native_stream_width = 4,
    .repeated_sum = &repeated_sum<4>,
    .lanes_fp32 = 4,
    .lanes_fp64 = 2,
    .fused_multiply_add = kFusedMultiplyAdd,
    .fp32_chains = &fp32_chains,
    .fp64_chains = &fp64_chains,
    .int32_chains = &int32_chains,
    .sgemm = &Sgemm::run,
    .sgemm_workspace_floats = Sgemm::kWorkspaceElements,
    .sgemm_tile_rows = Sgemm::kTileRows,
    .sgemm_tile_cols = Sgemm::NR,
};

}  // namespace

const IsaKernels& generic_kernels() { return kKernels; }

}  // namespace gpuprobe::cpu::isa
