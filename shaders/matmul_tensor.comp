#version 450
// Matrix-unit matmul C = alpha x A x B (row-major; A is m x k, B is k x n) through
// VK_KHR_cooperative_matrix: fp16 A and B, fp32 accumulate, fp32 C. The Vulkan twin of
// shaders/matmul_tensor.cu (mma.sync) and the matrix-unit rung next to matmul_tiled.comp.
//
// One subgroup per workgroup computes one TILE_M x TILE_N tile of C: per TILE_K step of k
// it loads a TILE_M x TILE_K tile of A and a TILE_K x TILE_N tile of B as cooperative
// matrices and issues one coopMatMulAdd (the matrix unit's fused multiply-accumulate).
// TILE_M/N/K are the fp16 x fp16 + fp32 shape the device lists
// (vkGetPhysicalDeviceCooperativeMatrixPropertiesKHR), passed as specialization constants;
// SUBGROUP is the device's subgroup size. The host pads m, n and k to whole tiles with zero
// rows and columns (exact: they add nothing), so the shader needs no edge handling.
//
// alpha (kit::matmul_alpha of the launch key, a power of two) scales the accumulator once
// before the store: exact, and the last launch's C differs from the one before it.
// LaunchTally (last binding): invocation 0 of workgroup (0, 0) adds 1 per launch
// (kit::check_launch_tally), so launches before the last are proven too.
// GP_FAULT (spec constant 7, tests only): the subgroup holding the last tile of C skips its
// last k step (1) or its store (2).

#extension GL_KHR_cooperative_matrix : require
#extension GL_KHR_memory_scope_semantics : require
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require

layout(constant_id = 0) const uint TILE_M = 16;
layout(constant_id = 1) const uint TILE_N = 16;
layout(constant_id = 2) const uint TILE_K = 16;
layout(constant_id = 3) const uint SUBGROUP = 32;
layout(constant_id = 7) const uint GP_FAULT = 0;
layout(local_size_x_id = 3, local_size_y = 1, local_size_z = 1) in;

layout(std430, binding = 0) readonly buffer MatrixA { float16_t a[]; };
layout(std430, binding = 1) readonly buffer MatrixB { float16_t b[]; };
layout(std430, binding = 2) writeonly buffer MatrixC { float c[]; };
layout(std430, binding = 3) buffer LaunchTally { uint tally; };

// Padded sizes: m, n, k are multiples of TILE_M, TILE_N, TILE_K.
layout(push_constant) uniform Push {
  uint m, n, k;
  float alpha;
} pc;

void main() {
  if (gl_LocalInvocationIndex == 0u && gl_WorkGroupID.x == 0u && gl_WorkGroupID.y == 0u)
    atomicAdd(tally, 1u);
  const uint tile_row = gl_WorkGroupID.y, tile_col = gl_WorkGroupID.x;
  const bool last_tile =
      tile_row == gl_NumWorkGroups.y - 1u && tile_col == gl_NumWorkGroups.x - 1u;

  coopmat<float, gl_ScopeSubgroup, TILE_M, TILE_N, gl_MatrixUseAccumulator> acc =
      coopmat<float, gl_ScopeSubgroup, TILE_M, TILE_N, gl_MatrixUseAccumulator>(0.0);
  uint steps = pc.k / TILE_K;
  if (GP_FAULT == 1u && last_tile) steps -= 1u;
  for (uint s = 0u; s < steps; ++s) {
    coopmat<float16_t, gl_ScopeSubgroup, TILE_M, TILE_K, gl_MatrixUseA> tile_a;
    coopmat<float16_t, gl_ScopeSubgroup, TILE_K, TILE_N, gl_MatrixUseB> tile_b;
    coopMatLoad(tile_a, a, tile_row * TILE_M * pc.k + s * TILE_K, pc.k,
                gl_CooperativeMatrixLayoutRowMajor);
    coopMatLoad(tile_b, b, s * TILE_K * pc.n + tile_col * TILE_N, pc.n,
                gl_CooperativeMatrixLayoutRowMajor);
    acc = coopMatMulAdd(tile_a, tile_b, acc);
  }
  acc = acc * pc.alpha;
  if (GP_FAULT == 2u && last_tile) return;
  coopMatStore(acc, c, tile_row * TILE_M * pc.n + tile_col * TILE_N, pc.n,
               gl_CooperativeMatrixLayoutRowMajor);
}
