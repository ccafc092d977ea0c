// AVX512-FP16 variant (compiled with -mavx512fp16): native half-precision FMA on 32 lanes.
// Used for compute_fp16 and fp16 matmul, and only when the CPU reports avx512fp16.
#include <cstdint>

#include "isa/isa_kernels.hpp"

namespace gpuprobe::cpu::isa {
namespace {

#include "isa/compute_chains.inl"
#include "isa/sgemm_blocked.inl"

typedef _Float16 f16x32 __attribute__((vector_size(64)));
static_assert(sizeof(f16x32) / sizeof(_Float16) == kFp16Lanes);

void fp16_chains(uint64_t rounds, uint64_t iterations, float a, float b, float back,
                 const float* starts, float* out) {
  run_chains<f16x32, _Float16, float>(rounds, iterations, static_cast<_Float16>(a),
                                      static_cast<_Float16>(b), static_cast<_Float16>(back), starts,
                                      out);
}

typedef uint32_t u32x16 __attribute__((vector_size(64)));

// x86 has no 16-bit broadcast that is a plain load (vpbroadcastw also takes a uop on the
// shuffle port, which is an FMA port), so packed A keeps each half twice in a 32-bit word
// and broadcasts it with vpbroadcastd, which is one: about +30 % HGEMM throughput here.
struct PairBroadcast {
  using Stored = uint32_t;
  static Stored pack(_Float16 x) {
    uint16_t bits;
    __builtin_memcpy(&bits, &x, sizeof bits);
    return bits | uint32_t{bits} << 16;
  }
  static GP_ALWAYS_INLINE f16x32 broadcast(const Stored* p) {
    const u32x16 pairs = u32x16{} + *p;
    return __builtin_bit_cast(f16x32, pairs);
  }
};

// 12 x 64 tile, as the AVX-512 SGEMM's 12 x 32 with twice the lanes; half the bytes per
// element, so the same KC x NC block takes half the L2.
using Hgemm = Gemm<_Float16, f16x32, PairBroadcast, 12, 384, 240, 512>;

// The textbook loop in half precision, like the fp32 naive matmul: one C entry per
// (row, column), summed in the element type over `depth` <= k steps, scaled at the store.
void naive_rows(const _Float16* a, const _Float16* b, _Float16* c, uint64_t n, uint64_t k,
                uint64_t depth, uint64_t row_begin, uint64_t row_end, _Float16 alpha) {
  for (uint64_t i = row_begin; i < row_end; ++i) {
    for (uint64_t j = 0; j < n; ++j) {
      _Float16 sum = 0;
      for (uint64_t p = 0; p < depth; ++p) sum += a[i * k + p] * b[p * n + j];
      c[i * n + j] = sum * alpha;
    }
  }
}

constexpr Fp16Kernels kKernels = {
    .chains = &fp16_chains,
    .hgemm = &Hgemm::run,
    .hgemm_workspace_halves = Hgemm::kWorkspaceElements,
    .hgemm_tile_rows = Hgemm::kTileRows,
    .hgemm_tile_cols = Hgemm::NR,
    .naive_rows = &naive_rows,
};

}  // namespace

const Fp16Kernels* avx512fp16_kernels() { return &kKernels; }

}  // namespace gpuprobe::cpu::isa
