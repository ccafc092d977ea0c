// The hot loops, compiled once per instruction set (isa_*.cpp, each with its own -m flags)
// and reached only through these tables, so the plugin runs on any x86-64 and still uses
// 512-bit registers where the CPU has them. Every function works on one thread's share;
// splitting the work over the pool is the caller's job.
#pragma once

#include <cstdint>

namespace gpuprobe::cpu::isa {

// Wrap-around uint32 sum of `count` words (count: a multiple of 16, data 64-byte aligned).
using SumFn = uint32_t (*)(const uint32_t* data, uint64_t count);
// data[i] = write_pattern(seed, first_index + i); `streaming`: non-temporal stores.
using WriteFn = void (*)(uint32_t* data, uint64_t first_index, uint64_t count, uint32_t seed,
                         bool streaming);
using CopyFn = void (*)(uint32_t* dst, const uint32_t* src, uint64_t count, bool streaming);

// Accesses of one vector width: the loop moves exactly `width` words per load or store.
struct StreamLoops {
  SumFn sum;
  WriteFn write;
  CopyFn copy;
};

// Sum of `count` words, read `passes` times over (local_bandwidth's L1-resident block).
using RepeatedSumFn = uint32_t (*)(const uint32_t* block, uint64_t count, uint64_t passes);

// Peak-compute chains: kComputeChains independent accumulators per lane, each updated
// `iterations` times by x = x * a + b (one FMA or one integer multiply-add). Chain c of
// lane l starts at starts[c * lanes + l]; lane_sums[l] = the chains' final values summed in
// chain order (in float for fp16). See compute_chains.inl.
constexpr unsigned kComputeChains = 16;
using Fp32ChainsFn = void (*)(uint64_t iterations, float a, float b, const float* starts,
                              float* lane_sums);
using Fp64ChainsFn = void (*)(uint64_t iterations, double a, double b, const double* starts,
                              double* lane_sums);
using Int32ChainsFn = void (*)(uint64_t iterations, uint32_t a, uint32_t b, const uint32_t* starts,
                               uint32_t* lane_sums);
// fp16: `rounds` rounds of `iterations` steps, every chain stepping back by `back` between
// rounds (iterations * b = back keeps half-precision chains exact). Values are rounded to
// _Float16 inside; sums are returned as float.
using Fp16ChainsFn = void (*)(uint64_t rounds, uint64_t iterations, float a, float b, float back,
                              const float* starts, float* lane_sums);

// Blocked SGEMM for the rows [row_begin, row_end) of C = alpha * A x B (row-major, A m x k,
// B k x n) over the first `depth` <= k steps of k (fewer only under an injected fault);
// row_begin is a multiple of the tile's rows. `workspace` holds sgemm_workspace_floats
// floats, 64-byte aligned, private to the calling thread.
using SgemmFn = void (*)(const float* a, const float* b, float* c, uint64_t m, uint64_t n,
                         uint64_t k, uint64_t depth, uint64_t row_begin, uint64_t row_end,
                         float alpha, float* workspace);

struct IsaKernels {
  const char* name;                 // "AVX-512", "AVX2+FMA", "generic"
  unsigned vector_bits;             // register width the compute and matmul loops use
  StreamLoops stream[5];            // by vector width 1, 2, 4, 8, 16
  unsigned native_stream_width;     // widest width that is one register here (wider ones split)
  RepeatedSumFn repeated_sum;       // with the widest register
  unsigned lanes_fp32, lanes_fp64;  // lanes per register; int32 has lanes_fp32
  bool fused_multiply_add;          // x * a + b compiled to one FMA (false: multiply, then add)
  Fp32ChainsFn fp32_chains;
  Fp64ChainsFn fp64_chains;
  Int32ChainsFn int32_chains;
  SgemmFn sgemm;
  uint64_t sgemm_workspace_floats;
  unsigned sgemm_tile_rows, sgemm_tile_cols;  // register tile; threads split C by tile rows
};

// Half precision, only with AVX512-FP16: the same chains and GEMM on 32-lane registers,
// plus the naive matmul loop (scalar half FMAs). Matrices are _Float16, accumulation too.
using HgemmFn = void (*)(const _Float16* a, const _Float16* b, _Float16* c, uint64_t m, uint64_t n,
                         uint64_t k, uint64_t depth, uint64_t row_begin, uint64_t row_end,
                         _Float16 alpha, _Float16* workspace);
using NaiveHgemmRowsFn = void (*)(const _Float16* a, const _Float16* b, _Float16* c, uint64_t n,
                                  uint64_t k, uint64_t depth, uint64_t row_begin, uint64_t row_end,
                                  _Float16 alpha);
struct Fp16Kernels {
  Fp16ChainsFn chains;
  HgemmFn hgemm;
  uint64_t hgemm_workspace_halves;
  unsigned hgemm_tile_rows, hgemm_tile_cols;
  NaiveHgemmRowsFn naive_rows;
};
constexpr unsigned kFp16Lanes = 32;

const IsaKernels& generic_kernels();
// nullptr when this build has no such variant (not an x86-64 build).
const IsaKernels* avx2_kernels();
const IsaKernels* avx512_kernels();
const Fp16Kernels* avx512fp16_kernels();

}  // namespace gpuprobe::cpu::isa
