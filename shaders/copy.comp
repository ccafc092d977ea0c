#version 450
// Global-memory copy bandwidth: destination[i] = source[i]; counted as bytes read plus
// bytes written. COMPONENTS and kElementsPerStep as in read.comp.

#if COMPONENTS == 1
#define ELEMENT uint
#elif COMPONENTS == 2
#define ELEMENT uvec2
#else
#define ELEMENT uvec4
#endif

#extension GL_EXT_control_flow_attributes : require

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint kElementsPerStep = 1;

layout(std430, binding = 0) readonly buffer Source { ELEMENT source[]; };
layout(std430, binding = 1) writeonly buffer Destination { ELEMENT destination[]; };

layout(push_constant) uniform Params {
  uint step_count;
  uint invocations;
} params;

void main() {
  const uint id = gl_GlobalInvocationID.x;
  if (id >= params.invocations) return;
  for (uint step = id; step < params.step_count; step += params.invocations) {
    const uint base = step * kElementsPerStep;
    [[unroll]] for (uint j = 0; j < kElementsPerStep; ++j) destination[base + j] = source[base + j];
  }
}
