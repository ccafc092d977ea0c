// AVX2 + FMA variant (compiled with -mavx2 -mfma): 256-bit registers, 16 of them. Used
// when the CPU has AVX2 and FMA but not AVX-512F.
#include <immintrin.h>

#include <cstdint>

#include "isa/isa_kernels.hpp"

namespace gpuprobe::cpu::isa {
namespace {

#include "isa/compute_chains.inl"
#include "isa/sgemm_blocked.inl"
#include "isa/stream_loops.inl"

typedef float f32x8 __attribute__((vector_size(32)));
typedef double f64x4 __attribute__((vector_size(32)));
typedef uint32_t u32x8 __attribute__((vector_size(32)));

void fp32_chains(uint64_t iterations, float a, float b, float first, float spacing, float* out) {
  run_chains<f32x8, float, float>(iterations, a, b, first, spacing, out);
}
void fp64_chains(uint64_t iterations, double a, double b, double first, double spacing,
                 double* out) {
  run_chains<f64x4, double, double>(iterations, a, b, first, spacing, out);
}
void int32_chains(uint64_t iterations, uint32_t a, uint32_t b, uint32_t first, uint32_t spacing,
                  uint32_t* out) {
  run_chains<u32x8, uint32_t, uint32_t>(iterations, a, b, first, spacing, out);
}

// 6 x 16 tile: 12 accumulators + 2 B vectors + 1 broadcast of 16 registers.
using Sgemm = Gemm<float, f32x8, ScalarBroadcast<float, f32x8>, 6, 256, 120, 512>;

constexpr IsaKernels kKernels = {
    .name = "AVX2+FMA",
    .vector_bits = 256,
    .stream = {stream_loops<1>(), stream_loops<2>(), stream_loops<4>(), stream_loops<8>(),
               stream_loops<16>()},
    .native_stream_width = 8,
    .repeated_sum = &repeated_sum<8>,
    .lanes_fp32 = 8,
    .lanes_fp64 = 4,
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

const IsaKernels* avx2_kernels() { return &kKernels; }

}  // namespace gpuprobe::cpu::isa
