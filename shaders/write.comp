#version 450
// Global-memory write bandwidth. Word w of the buffer receives w * 2654435761 ^ seed
// (reference::write_pattern): one multiply and one xor per word keep the kernel
// store-bound, and the host can check every word.
//
// COMPONENTS and kElementsPerStep as in read.comp.

#if COMPONENTS == 1
#define ELEMENT uint
#define LANES uint(0)
#elif COMPONENTS == 2
#define ELEMENT uvec2
#define LANES uvec2(0, 1)
#else
#define ELEMENT uvec4
#define LANES uvec4(0, 1, 2, 3)
#endif

#extension GL_EXT_control_flow_attributes : require

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint kElementsPerStep = 1;

layout(std430, binding = 0) writeonly buffer Destination { ELEMENT destination[]; };

layout(push_constant) uniform Params {
  uint step_count;
  uint invocations;
  uint seed;
} params;

void main() {
  const uint id = gl_GlobalInvocationID.x;
  if (id >= params.invocations) return;
  for (uint step = id; step < params.step_count; step += params.invocations) {
    const uint base = step * kElementsPerStep;
    [[unroll]] for (uint j = 0; j < kElementsPerStep; ++j) {
      const uint element = base + j;
      const ELEMENT word = ELEMENT(element * COMPONENTS) + LANES;
      destination[element] = (word * 2654435761u) ^ params.seed;
    }
  }
}
