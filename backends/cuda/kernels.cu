// Every CUDA kernel in one nvcc translation unit: nvcc runs its front end and code
// generation once per target architecture, so one unit instead of eight keeps the build
// within CI's budget. The kernels live in shaders/<kernel>.cu beside the .cl and .comp
// versions; this file only instantiates them and launches them (kernels.cuh).
#include <cuda_fp16.h>

#include <algorithm>

#include "compute.cu"
#include "copy.cu"
#include "kernels.cuh"
#include "launch_latency.cu"
#include "local_bandwidth.cu"
#include "matmul_naive.cu"
#include "memtest.cu"
#include "matmul_tensor.cu"
#include "matmul_tiled.cu"
#include "pointer_chase.cu"
#include "read.cu"
#include "write.cu"

namespace gpuprobe::cuda::device {

// Not a benchmark kernel: cudaMemset with a 4-byte pattern (poison, zeroed counters).
__global__ void fill_words(uint32_t* __restrict__ data, uint32_t pattern, uint64_t words) {
  const uint64_t step = uint64_t{gridDim.x} * blockDim.x;
  for (uint64_t i = global_id(); i < words; i += step) data[i] = pattern;
}

}  // namespace gpuprobe::cuda::device

namespace gpuprobe::cuda::launch {
namespace {

namespace dev = gpuprobe::cuda::device;

template <int VEC>
const dev::Words<VEC>* words(const uint32_t* p) {
  return reinterpret_cast<const dev::Words<VEC>*>(p);
}
template <int VEC>
dev::Words<VEC>* words(uint32_t* p) {
  return reinterpret_cast<dev::Words<VEC>*>(p);
}

// Calls body(std::integral_constant<int, VEC>) for the runtime width.
template <typename Body>
cudaError_t with_vec(uint32_t vec, Body&& body) {
  switch (vec) {
    case 1:
      return body(std::integral_constant<int, 1>{});
    case 2:
      return body(std::integral_constant<int, 2>{});
    case 4:
      return body(std::integral_constant<int, 4>{});
    case 8:
      return body(std::integral_constant<int, 8>{});
    case 16:
      return body(std::integral_constant<int, 16>{});
  }
  return cudaErrorInvalidValue;
}

}  // namespace

cudaError_t read(cudaStream_t stream, Grid1d grid, uint32_t vec, const uint32_t* data,
                 uint64_t vectors, uint32_t* partial, uint32_t fault) {
  return with_vec(vec, [&](auto v) {
    dev::read_bandwidth<v()>
        <<<grid.blocks, grid.threads, 0, stream>>>(words<v()>(data), vectors, partial, fault);
    return cudaGetLastError();
  });
}

cudaError_t write(cudaStream_t stream, Grid1d grid, uint32_t vec, uint32_t* data, uint64_t vectors,
                  uint32_t seed, uint32_t* tally, uint32_t fault) {
  return with_vec(vec, [&](auto v) {
    dev::write_bandwidth<v()>
        <<<grid.blocks, grid.threads, 0, stream>>>(words<v()>(data), vectors, seed, tally, fault);
    return cudaGetLastError();
  });
}

cudaError_t copy(cudaStream_t stream, Grid1d grid, uint32_t vec, const uint32_t* src, uint32_t* dst,
                 uint64_t vectors, uint64_t offset_vectors, uint32_t* tally, uint32_t fault) {
  return with_vec(vec, [&](auto v) {
    dev::copy_bandwidth<v()><<<grid.blocks, grid.threads, 0, stream>>>(
        words<v()>(src), words<v()>(dst), vectors, offset_vectors, tally, fault);
    return cudaGetLastError();
  });
}

cudaError_t pointer_chase(cudaStream_t stream, const uint32_t* nodes, uint32_t steps,
                          uint32_t* position, uint32_t fault) {
  dev::pointer_chase<<<1, 1, 0, stream>>>(nodes, steps, position, fault);
  return cudaGetLastError();
}

cudaError_t launch_latency(cudaStream_t stream, uint32_t* marker, uint32_t key, uint32_t* tally,
                           uint32_t fault) {
  dev::launch_latency<<<1, 1, 0, stream>>>(marker, key, tally, fault);
  return cudaGetLastError();
}

cudaError_t fill_words(cudaStream_t stream, uint32_t* data, uint32_t pattern, uint64_t words) {
  constexpr uint32_t kThreads = 256;
  const uint64_t blocks = std::min<uint64_t>((words + kThreads - 1) / kThreads, 65535);
  dev::fill_words<<<static_cast<uint32_t>(blocks), kThreads, 0, stream>>>(data, pattern, words);
  return cudaGetLastError();
}

namespace {
// Grid of the memtest sweeps: enough blocks for any GPU, each thread striding the chunk.
constexpr uint32_t kMemtestThreads = 256;
uint32_t memtest_blocks(uint32_t words) {
  return std::max(1u, std::min((words + kMemtestThreads - 1) / kMemtestThreads, 4096u));
}
}  // namespace

cudaError_t memtest_fill(cudaStream_t stream, uint32_t* words, uint32_t n, uint32_t code,
                         uint32_t base, uint32_t salt, uint32_t xor_mask) {
  dev::memtest_fill<<<memtest_blocks(n), kMemtestThreads, 0, stream>>>(words, n, code, base, salt,
                                                                        xor_mask);
  return cudaGetLastError();
}

cudaError_t memtest_verify(cudaStream_t stream, uint32_t* words, uint32_t n, uint32_t code,
                           uint32_t base, uint32_t salt, uint32_t xor_mask,
                           uint32_t write_complement, uint32_t* status, uint32_t capacity) {
  dev::memtest_verify<<<memtest_blocks(n), kMemtestThreads, 0, stream>>>(
      words, n, code, base, salt, xor_mask, write_complement, status, capacity);
  return cudaGetLastError();
}

cudaError_t queue_gate(cudaStream_t stream, const volatile uint32_t* open, uint32_t* timed_out,
                       long long max_cycles) {
  dev::queue_gate<<<1, 1, 0, stream>>>(open, timed_out, max_cycles);
  return cudaGetLastError();
}

uint32_t local_tile_words(uint32_t threads) { return threads * dev::kLocalWords + dev::kLocalPad; }
uint32_t local_words_per_repetition() { return dev::kLocalWords; }
uint32_t local_pad() { return dev::kLocalPad; }

cudaError_t local_bandwidth(cudaStream_t stream, Grid1d grid, const uint32_t* input, uint32_t reps,
                            uint32_t* out, uint32_t fault) {
  const size_t shared = size_t{local_tile_words(grid.threads)} * 4;
  dev::local_bandwidth<<<grid.blocks, grid.threads, shared, stream>>>(input, reps, out, fault);
  return cudaGetLastError();
}

uint32_t compute_chains() { return dev::kComputeChains; }
uint32_t compute_lanes(ComputeType type) { return type == ComputeType::kFp16 ? 2 : 1; }

cudaError_t compute(cudaStream_t stream, Grid1d grid, ComputeType type, void* out, double a,
                    double b, uint32_t iterations, uint32_t key, uint32_t stride, uint32_t* tally,
                    uint32_t fault) {
  const dim3 blocks(grid.blocks), threads(grid.threads);
  switch (type) {
    case ComputeType::kFp32:
      dev::compute<dev::ComputeFp32><<<blocks, threads, 0, stream>>>(
          static_cast<float*>(out), static_cast<float>(a), static_cast<float>(b), iterations, key,
          stride, tally, fault);
      break;
    case ComputeType::kFp64:
      dev::compute<dev::ComputeFp64><<<blocks, threads, 0, stream>>>(
          static_cast<double*>(out), a, b, iterations, key, stride, tally, fault);
      break;
    case ComputeType::kFp16:
      dev::compute<dev::ComputeFp16><<<blocks, threads, 0, stream>>>(
          static_cast<float*>(out), __float2half2_rn(static_cast<float>(a)),
          __float2half2_rn(static_cast<float>(b)), iterations, key, stride, tally, fault);
      break;
    case ComputeType::kInt32:
      dev::compute<dev::ComputeInt32><<<blocks, threads, 0, stream>>>(
          static_cast<uint32_t*>(out), static_cast<uint32_t>(a), static_cast<uint32_t>(b),
          iterations, key, stride, tally, fault);
      break;
  }
  return cudaGetLastError();
}

namespace {
constexpr uint32_t kNaiveSide = 16;
dim3 naive_blocks(uint32_t m, uint32_t n) {
  return dim3((n + kNaiveSide - 1) / kNaiveSide, (m + kNaiveSide - 1) / kNaiveSide);
}
dim3 tiled_blocks(uint32_t m, uint32_t n) {
  return dim3((n + dev::kTileN - 1) / dev::kTileN, (m + dev::kTileM - 1) / dev::kTileM);
}
}  // namespace

cudaError_t matmul_naive(cudaStream_t stream, const MatmulArgs& x) {
  const dim3 blocks = naive_blocks(x.m, x.n), threads(kNaiveSide, kNaiveSide);
  if (x.half)
    dev::matmul_naive<__half><<<blocks, threads, 0, stream>>>(
        static_cast<const __half*>(x.a), static_cast<const __half*>(x.b), static_cast<__half*>(x.c),
        x.m, x.n, x.k, __float2half(x.alpha), x.tally, x.fault);
  else
    dev::matmul_naive<float><<<blocks, threads, 0, stream>>>(
        static_cast<const float*>(x.a), static_cast<const float*>(x.b), static_cast<float*>(x.c),
        x.m, x.n, x.k, x.alpha, x.tally, x.fault);
  return cudaGetLastError();
}

cudaError_t matmul_tiled(cudaStream_t stream, const MatmulArgs& x) {
  const dim3 blocks = tiled_blocks(x.m, x.n), threads(dev::kTileCols, dev::kTileRows);
  if (x.half)
    dev::matmul_tiled<__half><<<blocks, threads, 0, stream>>>(
        static_cast<const __half*>(x.a), static_cast<const __half*>(x.b), static_cast<__half*>(x.c),
        x.m, x.n, x.k, __float2half(x.alpha), x.tally, x.fault);
  else
    dev::matmul_tiled<float><<<blocks, threads, 0, stream>>>(
        static_cast<const float*>(x.a), static_cast<const float*>(x.b), static_cast<float*>(x.c),
        x.m, x.n, x.k, x.alpha, x.tally, x.fault);
  return cudaGetLastError();
}

// A 64 x 64 tile of C per block of 4 warps (the layout matmul_tensor.cu documents).
static dim3 tensor_blocks(uint32_t m, uint32_t n) { return dim3((n + 63) / 64, (m + 63) / 64); }
constexpr uint32_t kTensorThreads = 128;

cudaError_t matmul_tensor(cudaStream_t stream, const void* a, const void* b, float* c, uint32_t m,
                          uint32_t n, uint32_t k, float alpha, uint32_t fault, uint32_t* tally) {
  ::matmul_tensor<<<tensor_blocks(m, n), kTensorThreads, 0, stream>>>(
      static_cast<const __half*>(a), static_cast<const __half*>(b), c, m, n, k, alpha, fault,
      tally);
  return cudaGetLastError();
}
uint64_t matmul_tensor_threads(uint32_t m, uint32_t n) {
  const dim3 b = tensor_blocks(m, n);
  return uint64_t{b.x} * b.y * kTensorThreads;
}

uint64_t matmul_naive_threads(uint32_t m, uint32_t n) {
  const dim3 b = naive_blocks(m, n);
  return uint64_t{b.x} * b.y * kNaiveSide * kNaiveSide;
}
uint64_t matmul_tiled_threads(uint32_t m, uint32_t n) {
  const dim3 b = tiled_blocks(m, n);
  return uint64_t{b.x} * b.y * dev::kTileThreads;
}

}  // namespace gpuprobe::cuda::launch
