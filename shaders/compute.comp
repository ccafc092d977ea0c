#version 450
// Peak arithmetic: 16 independent multiply-add chains per invocation (four 4-wide vectors),
// x = x * a + b, `iterations` times. a, b and the iteration count arrive as push constants
// and the start values come from the invocation id, so nothing folds at compile time; the
// 16 results are summed and stored so nothing is dead. The host replays the recurrence for
// a sample of invocations.
//
// One source, four modules (glslc -D): COMPUTE_FP32, COMPUTE_FP16, COMPUTE_FP64,
// COMPUTE_INT32. Floating types use fma() so every device does one fused operation per
// step and the host replays exactly that; int32 uses a wrapping multiply-add.
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
#define START(id, chain) SCALAR((id) + (chain))
#else
#define STEP(x) x = fma(x, a, b)
#define FROM_BITS(bits) SCALAR(uintBitsToFloat(bits))
// Start values in [0, 1): (id + chain) mod 64 / 64, exact in every float type.
#define START(id, chain) SCALAR(float(((id) + (chain)) & 63u) * 0.015625)
#endif

layout(local_size_x_id = 0) in;

layout(std430, binding = 0) writeonly buffer Results { RESULT results[]; };

layout(push_constant) uniform Params {
  uint iterations;
  uint invocations;
  uint a_bits;  // fp32 bit pattern (or the integer) of the multiplier
  uint b_bits;  // fp32 bit pattern (or the integer) of the addend
} params;

void main() {
  const uint id = gl_GlobalInvocationID.x;
  const VEC a = VEC(FROM_BITS(params.a_bits));
  const VEC b = VEC(FROM_BITS(params.b_bits));
  VEC x0 = VEC(START(id, 0u), START(id, 1u), START(id, 2u), START(id, 3u));
  VEC x1 = VEC(START(id, 4u), START(id, 5u), START(id, 6u), START(id, 7u));
  VEC x2 = VEC(START(id, 8u), START(id, 9u), START(id, 10u), START(id, 11u));
  VEC x3 = VEC(START(id, 12u), START(id, 13u), START(id, 14u), START(id, 15u));
  for (uint i = 0; i < params.iterations; i += 8u) {
    [[unroll]] for (uint u = 0; u < 8u; ++u) {
      STEP(x0);
      STEP(x1);
      STEP(x2);
      STEP(x3);
    }
  }
  const VEC s = (x0 + x1) + (x2 + x3);
  if (id < params.invocations) results[id] = RESULT((s.x + s.y) + (s.z + s.w));
}
