#version 450
// Launch overhead: a one-invocation kernel that only stores its launch's key in a marker
// word, so a round trip costs what submitting and completing a dispatch costs. The host
// checks that the marker holds the last launch's key (it was poisoned before the timed
// launches), which proves the last launch ran.
// The key is key_base (a word the host writes before each submit: launch_latency reuses
// one recorded command buffer) plus key_offset (a push constant: launch_gap records its
// dispatches with their keys).
// LaunchTally (last binding): invocation 0 adds 1 per launch (kit::check_launch_tally), so
// launches before the last are proven too, not only the last one's output.
// GP_FAULT (spec constant 7, tests only): 2 does not store the marker.

layout(local_size_x = 1) in;
layout(constant_id = 7) const uint GP_FAULT = 0;

layout(std430, binding = 0) writeonly buffer Marker { uint marker; };
layout(std430, binding = 1) readonly buffer KeyBase { uint key_base; };
layout(std430, binding = 2) buffer LaunchTally { uint tally; };

layout(push_constant) uniform Params {
  uint key_offset;
} params;

void main() {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  if (gl_GlobalInvocationID.x == 0u) tally += 1u;
  if (GP_FAULT == 2u) return;
  marker = key_base + params.key_offset;
}
