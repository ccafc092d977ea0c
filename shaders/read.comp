#version 450
// Global-memory read bandwidth. Every invocation sums its share of the buffer in uint32
// (wrapping) and ADDS that sum to its own slot (`slot += sum`), so the slots hold the
// poison plus one sum per launch: the host checks the sum of all slots against
// kit::accumulated_total, and a skipped element, a skipped launch or a dropped store fails.
//
// COMPONENTS (glslc -D): 1, 2 or 4 words per element (uint, uvec2, uvec4).
// kElementsPerStep (spec constant 1): elements one invocation reads back to back per step,
// so widths 8 and 16 are uvec4 x2 / x4 (one 32- or 64-byte access per invocation).
// Grid-stride: step s of invocation i reads step i + s * invocations, so neighbouring
// invocations touch neighbouring addresses (coalesced on a GPU).
// On lavapipe, which ends an invocation after 65535 loop iterations in total, the host
// launches enough invocations that none needs more steps than that.
// GP_FAULT (spec constant 7, tests only): 1 makes the last invocation with work skip its
// first step, 2 makes it skip its store.

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
layout(constant_id = 7) const uint GP_FAULT = 0;

layout(std430, binding = 0) readonly buffer Source { ELEMENT source[]; };
layout(std430, binding = 1) buffer Slots { uint slots[]; };

layout(push_constant) uniform Params {
  uint step_count;   // elements in the buffer / kElementsPerStep
  uint invocations;  // invocations (the grid stride), one slot each
} params;

void main() {
  const uint id = gl_GlobalInvocationID.x;
  if (id >= params.invocations) return;
  const bool faulty = id == min(params.invocations, params.step_count) - 1u;
  uint first = id;
  if (GP_FAULT == 1u && faulty) first += params.invocations;
  ELEMENT acc = ELEMENT(0);
  for (uint step = first; step < params.step_count; step += params.invocations) {
    const uint base = step * kElementsPerStep;
    [[unroll]] for (uint j = 0; j < kElementsPerStep; ++j) acc += source[base + j];
  }
  if (GP_FAULT == 2u && faulty) return;
  slots[id] += HSUM(acc);
}
