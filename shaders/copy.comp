#version 450
// Global-memory copy bandwidth: destination[i] = source[i]. The host binds the source as
// the window at kit::window_offset_bytes(launch key) of a longer buffer (a descriptor range
// per window position), so the last launch's copy differs from the one before it. Counted as bytes read plus bytes
// written. COMPONENTS and kElementsPerStep as in read.comp.
// LaunchTally (last binding): invocation 0 adds 1 per launch (kit::check_launch_tally), so
// launches before the last are proven too, not only the last one's output.
// GP_FAULT (spec constant 7, tests only): 1 makes the last invocation with work skip its
// first step, 2 makes it skip its stores.

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
layout(constant_id = 7) const uint GP_FAULT = 0;

layout(std430, binding = 0) readonly buffer Source { ELEMENT source[]; };
layout(std430, binding = 1) writeonly buffer Destination { ELEMENT destination[]; };
layout(std430, binding = 2) buffer LaunchTally { uint tally; };

layout(push_constant) uniform Params {
  uint step_count;
  uint invocations;
} params;

void main() {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  if (gl_GlobalInvocationID.x == 0u) tally += 1u;
  const uint id = gl_GlobalInvocationID.x;
  if (id >= params.invocations) return;
  const bool faulty = id == min(params.invocations, params.step_count) - 1u;
  if (GP_FAULT == 2u && faulty) return;
  uint first = id;
  if (GP_FAULT == 1u && faulty) first += params.invocations;
  for (uint step = first; step < params.step_count; step += params.invocations) {
    const uint base = step * kElementsPerStep;
    [[unroll]] for (uint j = 0; j < kElementsPerStep; ++j)
      destination[base + j] = source[base + j];
  }
}
