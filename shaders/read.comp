#version 450
// Global-memory read bandwidth. Every invocation sums its share of the buffer in uint32
// (wrapping) and writes one partial; the host adds the partials and compares with
// reference::sum_random_words, so a skipped or doubled element fails verification.
//
// COMPONENTS (glslc -D): 1, 2 or 4 words per element (uint, uvec2, uvec4).
// kElementsPerStep (spec constant 1): elements one invocation reads back to back per step,
// so widths 8 and 16 are uvec4 x2 / x4 (one 32- or 64-byte access per invocation).
// Grid-stride: step s of invocation i reads step i + s * invocations, so neighbouring
// invocations touch neighbouring addresses (coalesced on a GPU).
// On lavapipe, which ends an invocation after 65535 loop iterations in total, the host
// launches enough invocations that none needs more steps than that.

#if COMPONENTS == 1
#define ELEMENT uint
#define HSUM(v) (v)
#elif COMPONENTS == 2
#define ELEMENT uvec2
#define HSUM(v) ((v).x + (v).y)
#else
#define ELEMENT uvec4
#define HSUM(v) ((v).x + (v).y + (v).z + (v).w)
#endif

#extension GL_EXT_control_flow_attributes : require

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint kElementsPerStep = 1;

layout(std430, binding = 0) readonly buffer Source { ELEMENT source[]; };
layout(std430, binding = 1) writeonly buffer Partials { uint partials[]; };

layout(push_constant) uniform Params {
  uint step_count;   // elements in the buffer / kElementsPerStep
  uint invocations;  // invocations doing work (the grid stride)
} params;

void main() {
  const uint id = gl_GlobalInvocationID.x;
  if (id >= params.invocations) return;
  ELEMENT acc = ELEMENT(0);
  for (uint step = id; step < params.step_count; step += params.invocations) {
    const uint base = step * kElementsPerStep;
    [[unroll]] for (uint j = 0; j < kElementsPerStep; ++j) acc += source[base + j];
  }
  partials[id] = HSUM(acc);
}
