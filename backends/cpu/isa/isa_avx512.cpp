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

// 12 x 32 tile: 24 accumulators + 2 B vectors + broadcasts of 32 registers. KC = 384 keeps
// an A panel (12 x 384 floats, 18 KiB) in L1; the packed B block (384 x 512, 768 KiB) in L2.
constexpr const char* kIsaName = "AVX-512";
constexpr unsigned kVectorBytes = 64;
constexpr unsigned kGemmRows = 12, kGemmKc = 384, kGemmMc = 240, kGemmNc = 512;

#include "isa/isa_fp32_table.inl"

}  // namespace

const IsaKernels* avx512_kernels() { return &kKernels; }

}  // namespace gpuprobe::cpu::isa
