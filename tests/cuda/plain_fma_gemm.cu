// Test-only: a GEMM of plain fp32 FMAs (no tensor cores). check_tensor_ptx.cmake must refuse
// its PTX, which proves the matmul_tensor PTX check can fail.
extern "C" __global__ void plain_fma_gemm(const float* a, const float* b, float* c, unsigned m,
                                          unsigned n, unsigned k) {
  const unsigned row = blockIdx.y * blockDim.y + threadIdx.y;
  const unsigned col = blockIdx.x * blockDim.x + threadIdx.x;
  if (row >= m || col >= n) return;
  float sum = 0.0f;
  for (unsigned i = 0; i < k; ++i) sum = fmaf(a[row * k + i], b[i * n + col], sum);
  c[row * n + col] = sum;
}
