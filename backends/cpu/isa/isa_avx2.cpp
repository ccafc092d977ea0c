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

// 6 x 16 tile: 12 accumulators + 2 B vectors + 1 broadcast of 16 registers.
constexpr const char* kIsaName = "AVX2+FMA";
constexpr unsigned kVectorBytes = 32;
constexpr unsigned kGemmRows = 6, kGemmKc = 256, kGemmMc = 120, kGemmNc = 512;

#include "isa/isa_fp32_table.inl"

}  // namespace

const IsaKernels* avx2_kernels() { return &kKernels; }

}  // namespace gpuprobe::cpu::isa
