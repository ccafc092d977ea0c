#version 450
// Peak arithmetic: 16 independent multiply-add chains per invocation (four 4-wide vectors),
// x = x * a + b, `iterations` times. a, b and the iteration count arrive as push constants
// and the start values come from the chain id and the launch key, so nothing folds at
// compile time; the 16 results are summed and stored so nothing is dead.
// Exact chains (backends/kit/checks.hpp): floats run with a = 1 and b = exact_step(
// iterations), starting at chain_start(chain, key) = -((chain + key) & 63) / 64, so every
// step adds b exactly (fp16 included, for up to 1024 steps) and the host checks every
// invocation for equality; int32 runs x = x * kIntMul + kIntAdd from int_chain_start.
// Chain c of invocation i has id i * 16 + c.
//
// One source, four modules (glslc -D): COMPUTE_FP32, COMPUTE_FP16, COMPUTE_FP64,
// COMPUTE_INT32. Floating types use fma() so every device does one fused operation per
// step and the host replays exactly that; int32 uses a wrapping multiply-add.
// LaunchTally (last binding): invocation 0 adds 1 per launch (kit::check_launch_tally), so
// launches before the last are proven too, not only the last one's output.
// Eight steps per loop iteration (params.iterations is a multiple of 8): the loop's own
// compare-and-branch would otherwise cost a visible share of the issue slots, and on
// lavapipe, whose loops are expensive, the unrolled loop runs about 4x faster.

#extension GL_EXT_control_flow_attributes : require
#if defined(COMPUTE_FP16)
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#define SCALAR float16_t
#define VEC f16vec4
#define RESULT float
#elif defined(COMPUTE_FP64)
#define SCALAR double
#define VEC dvec4
#define RESULT double
#elif defined(COMPUTE_INT32)
#define SCALAR uint
#define VEC uvec4
#define RESULT uint
#else
#define SCALAR float
#define VEC vec4
#define RESULT float
#endif

#if defined(COMPUTE_INT32)
#define STEP(x) x = x * a + b
#define FROM_BITS(bits) (bits)
// kit::int_chain_start(chain, key)
#define START(chain) ((chain) * 0x9E3779B9u + params.key * 0x85EBCA6Bu)
#else
#define STEP(x) x = fma(x, a, b)
#define FROM_BITS(bits) SCALAR(uintBitsToFloat(bits))
// kit::chain_start(chain, key): a multiple of 1/64 in [-63/64, 0], exact in every float type.
#define START(chain) SCALAR(-float(((chain) + params.key) & 63u) * 0.015625)
#endif
#define STARTS(first) VEC(START(first), START((first) + 1u), START((first) + 2u), START((first) + 3u))

layout(local_size_x_id = 0) in;
// Tests only: 1 makes the last invocation skip one iteration of its main loop (8 steps of
// every chain), 2 makes it skip its store.
layout(constant_id = 7) const uint GP_FAULT = 0;

layout(std430, binding = 0) writeonly buffer Results { RESULT results[]; };
layout(std430, binding = 1) buffer LaunchTally { uint tally; };

layout(push_constant) uniform Params {
  uint iterations;
  uint invocations;
  uint a_bits;  // fp32 bit pattern (or the integer) of the multiplier
  uint b_bits;  // fp32 bit pattern (or the integer) of the addend
  uint key;     // launch key: the chains' start values
} params;

void main() {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  if (gl_GlobalInvocationID.x == 0u) tally += 1u;
  const uint id = gl_GlobalInvocationID.x;
  const VEC a = VEC(FROM_BITS(params.a_bits));
  const VEC b = VEC(FROM_BITS(params.b_bits));
  const uint chain = id * 16u;
  VEC x0 = STARTS(chain);
  VEC x1 = STARTS(chain + 4u);
  VEC x2 = STARTS(chain + 8u);
  VEC x3 = STARTS(chain + 12u);
  const bool faulty = id == params.invocations - 1u;
  const uint first = (GP_FAULT == 1u && faulty) ? 8u : 0u;
  for (uint i = first; i < params.iterations; i += 8u) {
    [[unroll]] for (uint u = 0; u < 8u; ++u) {
      STEP(x0);
      STEP(x1);
      STEP(x2);
      STEP(x3);
    }
  }
  const VEC s = (x0 + x1) + (x2 + x3);
  if (GP_FAULT == 2u && faulty) return;
  if (id < params.invocations) results[id] = RESULT((s.x + s.y) + (s.z + s.w));
}
