#version 450
// Naive matmul C = A x B (row-major, A is m x k, B is k x n): one invocation per element of
// C, every operand straight from global memory. The baseline that matmul_tiled improves on.
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

layout(std430, binding = 0) readonly buffer MatrixA { INPUT a[]; };
layout(std430, binding = 1) readonly buffer MatrixB { INPUT b[]; };
layout(std430, binding = 2) writeonly buffer MatrixC { float c[]; };

layout(push_constant) uniform Params {
  uint m;
  uint n;
  uint k;
} params;

void main() {
  const uint col = gl_GlobalInvocationID.x;
  const uint row = gl_GlobalInvocationID.y;
  if (row >= params.m || col >= params.n) return;
  float acc = 0.0;
  for (uint i = 0; i < params.k; ++i)
    acc = fma(float(a[row * params.k + i]), float(b[i * params.n + col]), acc);
  c[row * params.n + col] = acc;
}
