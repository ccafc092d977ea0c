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

// 6 x 8 tile: 12 accumulators + 2 B vectors + 1 broadcast of 16 registers.
constexpr const char* kIsaName = "generic";
constexpr unsigned kVectorBytes = 16;
constexpr unsigned kGemmRows = 6, kGemmKc = 256, kGemmMc = 120, kGemmNc = 512;

#include "isa/isa_fp32_table.inl"

}  // namespace

const IsaKernels& generic_kernels() { return kKernels; }

}  // namespace gpuprobe::cpu::isa
