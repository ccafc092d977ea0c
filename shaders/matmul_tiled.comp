#version 450
// Tiled matmul C = alpha x A x B (row-major, A is m x k, B is k x n). A 16 x 16 workgroup computes a
// 64 x 64 block of C: it stages 64 x 16 of A and 16 x 64 of B in shared memory per step of
// k (each global element is then read once per block instead of 64 times), and every
// invocation keeps a 4 x 4 block of C in registers (register blocking: 8 shared loads feed
// 16 FMAs). Rows and columns of an invocation are 16 apart so neighbouring invocations
// read neighbouring shared words and write neighbouring words of C.
// Edges: out-of-range elements load as zero and are never stored, so any m, n, k work.
//
// alpha (kit::matmul_alpha of the launch key, a power of two) is applied once at the store.
//
// LaunchTally (last binding): invocation 0 adds 1 per launch (kit::check_launch_tally), so
// launches before the last are proven too, not only the last one's output.
// INPUT_FP16: A and B stored as fp16, converted on load, accumulated in fp32.
// GP_FAULT (spec constant 7, tests only): the invocation holding C[m-1][n-1] skips the
// compute of its last k-slice (1: one iteration of the main loop) or all its stores (2);
// it still loads tiles and meets every barrier.

#ifdef INPUT_FP16
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#define INPUT float16_t
#else
#define INPUT float
#endif

#extension GL_EXT_control_flow_attributes : require

layout(local_size_x = 16, local_size_y = 16) in;
layout(constant_id = 7) const uint GP_FAULT = 0;

const uint kBlock = 64u;   // C block per workgroup (kBlock x kBlock)
const uint kDepth = 16u;   // k-slice staged per step
const uint kThreads = 256u;
const uint kPerThread = 4u;  // C is kPerThread x kPerThread per invocation

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

// A is stored transposed ([depth][row]) so the compute loop reads rows with unit stride;
// +1 column of padding keeps the transposing stores free of bank conflicts.
shared float tile_a[kDepth][kBlock + 1u];
shared float tile_b[kDepth][kBlock];

void main() {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  if (gl_GlobalInvocationID.x == 0u && gl_GlobalInvocationID.y == 0u) tally += 1u;
  const uint tx = gl_LocalInvocationID.x;
  const uint ty = gl_LocalInvocationID.y;
  const uint t = ty * 16u + tx;
  const uint row0 = gl_WorkGroupID.y * kBlock;
  const uint col0 = gl_WorkGroupID.x * kBlock;
  // Rows row0 + ty + 16 i and columns col0 + tx + 16 j belong to this invocation.
  const uint last_row = params.m - 1u, last_col = params.n - 1u;
  const bool faulty = last_row >= row0 && last_row < row0 + kBlock &&
                      (last_row - row0) % 16u == ty && last_col >= col0 &&
                      last_col < col0 + kBlock && (last_col - col0) % 16u == tx;

  float acc[kPerThread][kPerThread];
  [[unroll]] for (uint i = 0; i < kPerThread; ++i)
    [[unroll]] for (uint j = 0; j < kPerThread; ++j) acc[i][j] = 0.0;

  for (uint k0 = 0; k0 < params.k; k0 += kDepth) {
    [[unroll]] for (uint e = 0; e < (kBlock * kDepth) / kThreads; ++e) {
      const uint idx = t + e * kThreads;
      // A: 64 rows x 16 depths, consecutive invocations walk along k.
      const uint ar = idx / kDepth, ak = idx % kDepth;
      const uint grow = row0 + ar, gk = k0 + ak;
      tile_a[ak][ar] = (grow < params.m && gk < params.k) ? float(a[grow * params.k + gk]) : 0.0;
      // B: 16 depths x 64 columns, consecutive invocations walk along a row.
      const uint bk = idx / kBlock, bc = idx % kBlock;
      const uint gk2 = k0 + bk, gcol = col0 + bc;
      tile_b[bk][bc] = (gk2 < params.k && gcol < params.n) ? float(b[gk2 * params.n + gcol]) : 0.0;
    }
    barrier();
    const bool skip = GP_FAULT == 1u && faulty && k0 + kDepth >= params.k;
    if (!skip) {
      [[unroll]] for (uint kk = 0; kk < kDepth; ++kk) {
        float av[kPerThread], bv[kPerThread];
        [[unroll]] for (uint i = 0; i < kPerThread; ++i) av[i] = tile_a[kk][ty + 16u * i];
        [[unroll]] for (uint j = 0; j < kPerThread; ++j) bv[j] = tile_b[kk][tx + 16u * j];
        [[unroll]] for (uint i = 0; i < kPerThread; ++i)
          [[unroll]] for (uint j = 0; j < kPerThread; ++j) acc[i][j] = fma(av[i], bv[j], acc[i][j]);
      }
    }
    barrier();
  }

  if (GP_FAULT == 2u && faulty) return;
  [[unroll]] for (uint i = 0; i < kPerThread; ++i) {
    const uint row = row0 + ty + 16u * i;
    if (row >= params.m) continue;
    [[unroll]] for (uint j = 0; j < kPerThread; ++j) {
      const uint col = col0 + tx + 16u * j;
      if (col < params.n) c[row * params.n + col] = params.alpha * acc[i][j];
    }
  }
}
