// Non-x86 builds: no AVX variants are compiled, so the dispatcher gets nullptr and uses
// the generic variant.
#include "isa/isa_kernels.hpp"

namespace gpuprobe::cpu::isa {

const IsaKernels* avx2_kernels() { return nullptr; }
const IsaKernels* avx512_kernels() { return nullptr; }
const Fp16Kernels* avx512fp16_kernels() { return nullptr; }

}  // namespace gpuprobe::cpu::isa
