// Host entry points to the device code of kernels.cu (shaders/*.cu): plain C++ functions, so
// the host side of every kernel is compiled by the C++ compiler and nvcc compiles one
// translation unit. Each queues one launch on `stream` and returns cudaGetLastError().
#pragma once

#include <cuda_runtime_api.h>

#include <cstdint>

namespace gpuprobe::cuda::launch {

struct Grid1d {
  uint32_t blocks = 1;
  uint32_t threads = 1;
};

// Streaming kernels, VEC = vector_width (1, 2, 4, 8, 16 words); buffers in words.
cudaError_t read(cudaStream_t stream, Grid1d grid, uint32_t vec, const uint32_t* data,
                 uint64_t vectors, uint32_t* partial, uint32_t fault);
cudaError_t write(cudaStream_t stream, Grid1d grid, uint32_t vec, uint32_t* data, uint64_t vectors,
                  uint32_t seed, uint32_t* tally, uint32_t fault);
cudaError_t copy(cudaStream_t stream, Grid1d grid, uint32_t vec, const uint32_t* src, uint32_t* dst,
                 uint64_t vectors, uint64_t offset_vectors, uint32_t* tally, uint32_t fault);

cudaError_t pointer_chase(cudaStream_t stream, const uint32_t* nodes, uint32_t steps,
                          uint32_t* position, uint32_t fault);
cudaError_t launch_latency(cudaStream_t stream, uint32_t* marker, uint32_t key, uint32_t* tally,
                           uint32_t fault);
// `words` words of `pattern` (cudaMemset sets bytes only): poison and zeroing.
cudaError_t fill_words(cudaStream_t stream, uint32_t* data, uint32_t pattern, uint64_t words);

// The VRAM test's sweeps (shaders/memtest.cu, include/gpuprobe/memtest.h); n words per chunk.
cudaError_t memtest_fill(cudaStream_t stream, uint32_t* words, uint32_t n, uint32_t code,
                         uint32_t base, uint32_t salt, uint32_t xor_mask);
// status: 2 counters + 3 words per record, `capacity` records.
cudaError_t memtest_verify(cudaStream_t stream, uint32_t* words, uint32_t n, uint32_t code,
                           uint32_t base, uint32_t salt, uint32_t xor_mask,
                           uint32_t write_complement, uint32_t* status, uint32_t capacity);

// Holds the stream until *open != 0 (mapped host memory) or max_cycles pass.
cudaError_t queue_gate(cudaStream_t stream, const volatile uint32_t* open, uint32_t* timed_out,
                       long long max_cycles);

// Shared words per block: threads * kLocalWords + kLocalPad.
uint32_t local_tile_words(uint32_t threads);
uint32_t local_words_per_repetition();
uint32_t local_pad();
cudaError_t local_bandwidth(cudaStream_t stream, Grid1d grid, const uint32_t* input, uint32_t reps,
                            uint32_t* out, uint32_t fault);

enum class ComputeType { kFp32, kFp16, kFp64, kInt32 };
uint32_t compute_chains();
uint32_t compute_lanes(ComputeType type);  // fp16: 2 (half2), others 1
// a, b: the chain's multiplier and addend (exact in the type; int32: the LCG constants).
cudaError_t compute(cudaStream_t stream, Grid1d grid, ComputeType type, void* out, double a,
                    double b, uint32_t iterations, uint32_t key, uint32_t stride, uint32_t* tally,
                    uint32_t fault);

struct MatmulArgs {
  const void* a;
  const void* b;
  void* c;
  uint32_t m, n, k;
  float alpha;
  bool half;
  uint32_t* tally;
  uint32_t fault;
};
// Threads per block side of matmul_naive (16 x 16), tile of matmul_tiled (64 x 64, 16 x 16).
cudaError_t matmul_naive(cudaStream_t stream, const MatmulArgs& args);
cudaError_t matmul_tiled(cudaStream_t stream, const MatmulArgs& args);
// matmul_tensor (shaders/matmul_tensor.cu, WMMA): fp16 A (m x k) and B (k x n), fp32 C;
// m, n and k multiples of kTensorGranule (the host pads).
inline constexpr uint32_t kTensorGranule = 16;
cudaError_t matmul_tensor(cudaStream_t stream, const void* a, const void* b, float* c, uint32_t m,
                          uint32_t n, uint32_t k, float alpha, uint32_t fault, uint32_t* tally);
uint64_t matmul_tensor_threads(uint32_t m, uint32_t n);
uint64_t matmul_naive_threads(uint32_t m, uint32_t n);
uint64_t matmul_tiled_threads(uint32_t m, uint32_t n);

}  // namespace gpuprobe::cuda::launch
