#version 450
// Naive matmul C = alpha x A x B (row-major, A is m x k, B is k x n): one invocation per
// element of C, every operand straight from global memory. The baseline that matmul_tiled
// improves on. alpha (kit::matmul_alpha of the launch key, a power of two) is applied once
// at the store, so the last launch's C differs from the one before it.
// LaunchTally (last binding): invocation 0 adds 1 per launch (kit::check_launch_tally), so
// launches before the last are proven too, not only the last one's output.
// GP_FAULT (spec constant 7, tests only): the invocation of C[m-1][n-1] skips its last
// k-step (1) or its store (2).
//
// INPUT_FP16 (glslc -D): A and B are stored as fp16 (half the bytes), products are
// accumulated in fp32, the usual mixed-precision contract of fp16 GEMM.

#ifdef INPUT_FP16
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#define INPUT float16_t
#else
#define INPUT float
#endif

layout(local_size_x = 16, local_size_y = 16) in;
layout(constant_id = 7) const uint GP_FAULT = 0;

layout(std430, binding = 0) readonly buffer MatrixA { INPUT a[]; };
layout(std430, binding = 1) readonly buffer MatrixB { INPUT b[]; };
layout(std430, binding = 2) writeonly buffer MatrixC { float c[]; };
layout(std430, binding = 3) buffer LaunchTally { uint tally; };

layout(push_constant) uniform Params {
  uint m;
  uint n;
  uint k;
  float alpha;
} params;

void main() {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  if (gl_GlobalInvocationID.x == 0u && gl_GlobalInvocationID.y == 0u) tally += 1u;
  const uint col = gl_GlobalInvocationID.x;
  const uint row = gl_GlobalInvocationID.y;
  if (row >= params.m || col >= params.n) return;
  const bool faulty = row == params.m - 1u && col == params.n - 1u;
  const uint k = (GP_FAULT == 1u && faulty) ? params.k - 1u : params.k;
  float acc = 0.0;
  for (uint i = 0; i < k; ++i)
    acc = fma(float(a[row * params.k + i]), float(b[i * params.n + col]), acc);
  if (GP_FAULT == 2u && faulty) return;
  c[row * params.n + col] = params.alpha * acc;
}
