// AVX512-FP16 variant (compiled with -mavx512fp16): native half-precision FMA on 32 lanes.
// Used only for compute_fp16 and only when the CPU reports avx512fp16.
#include <cstdint>

#include "isa/isa_kernels.hpp"

namespace gpuprobe::cpu::isa {
namespace {

#include "isa/compute_chains.inl"

typedef _Float16 f16x32 __attribute__((vector_size(64)));
static_assert(sizeof(f16x32) / sizeof(_Float16) == kFp16Lanes);

void fp16_chains(uint64_t iterations, float a, float b, float first, float spacing, float* out) {
  run_chains<f16x32, _Float16, float>(iterations, static_cast<_Float16>(a),
                                      static_cast<_Float16>(b), first, spacing, out);
}

}  // namespace

Fp16ChainsFn avx512fp16_chains() { return &fp16_chains; }

}  // namespace gpuprobe::cpu::isa
