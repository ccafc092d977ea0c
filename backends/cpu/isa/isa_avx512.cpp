// AVX-512F variant (compiled with -mavx512f): 512-bit registers, 32 of them. Used when the
// CPU has AVX-512F.
#include <immintrin.h>

#include <cstdint>

#include "isa/isa_kernels.hpp"

namespace gpuprobe::cpu::isa {
namespace {

#include "isa/compute_chains.inl"
#include "isa/sgemm_blocked.inl"
#include "isa/stream_loops.inl"

typedef float f32x16 __attribute__((vector_size(64)));
typedef double f64x8 __attribute__((vector_size(64)));
typedef uint32_t u32x16 __attribute__((vector_size(64)));

void fp32_chains(uint64_t iterations, float a, float b, float first, float spacing, float* out) {
  run_chains<f32x16, float, float>(iterations, a, b, first, spacing, out);
}
void fp64_chains(uint64_t iterations, double a, double b, double first, double spacing,
                 double* out) {
  run_chains<f64x8, double, double>(iterations, a, b, first, spacing, out);
}
void int32_chains(uint64_t iterations, uint32_t a, uint32_t b, uint32_t first, uint32_t spacing,
                  uint32_t* out) {
  run_chains<u32x16, uint32_t, uint32_t>(iterations, a, b, first, spacing, out);
}

// 12 x 32 tile: 24 accumulators + 2 B vectors + broadcasts of 32 registers. KC = 384 keeps
// an A panel (12 x 384 floats, 18 KiB) in L1; the packed B block (384 x 512, 768 KiB) in L2.
using Sgemm = Gemm<float, f32x16, ScalarBroadcast<float, f32x16>, 12, 384, 240, 512>;

constexpr IsaKernels kKernels = {
    .name = "AVX-512",
    .vector_bits = 512,
    .stream = {stream_loops<1>(), stream_loops<2>(), stream_loops<4>(), stream_loops<8>(),
               stream_loops<16>()},
    .native_stream_width = 16,
    .repeated_sum = &repeated_sum<16>,
    .lanes_fp32 = 16,
    .lanes_fp64 = 8,
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

const IsaKernels* avx512_kernels() { return &kKernels; }

}  // namespace gpuprobe::cpu::isa
