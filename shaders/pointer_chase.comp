#version 450
// Memory latency: one invocation follows a random cyclic chain of 64-byte nodes (word 0 of
// node i holds the index of its successor, a Sattolo cycle), so every load depends on the
// previous one and no prefetcher can guess the next address.
//
// Continuation (backends/kit/chase.hpp): the position lives in a one-word buffer; every
// launch starts where the previous one stopped and stores where it ended, so the launches
// of a point walk the whole cycle, and the end position proves every step of every launch.
//
// kUnroll steps per loop iteration, then a tail of fewer: loop overhead is negligible next
// to a dependent load anyway, and lavapipe stops any invocation after 65535 loop iterations
// in total, which would silently cut a 1 Mi-step chase short.
// GP_FAULT (spec constant 7, tests only): 1 takes one step fewer, 2 does not store the end.
#extension GL_EXT_control_flow_attributes : require

layout(local_size_x = 1) in;
layout(constant_id = 7) const uint GP_FAULT = 0;

layout(std430, binding = 0) readonly buffer Nodes { uint nodes[]; };
layout(std430, binding = 1) buffer Position {
  uint position;
  uint tally;  // launches (kit::check_chase_end): a lap back to node 0 is not a store
};

layout(push_constant) uniform Params {
  uint steps;
} params;

const uint kWordsPerNode = 16u;  // 64-byte nodes: one cache line each
const uint kUnroll = 32u;

void main() {
  uint node = position;
  const uint steps = GP_FAULT == 1u ? params.steps - 1u : params.steps;
  const uint unrolled = steps - steps % kUnroll;
  for (uint s = 0; s < unrolled; s += kUnroll) {
    [[unroll]] for (uint u = 0; u < kUnroll; ++u) node = nodes[node * kWordsPerNode];
  }
  for (uint s = unrolled; s < steps; ++s) node = nodes[node * kWordsPerNode];
  if (GP_FAULT == 2u) return;
  position = node;  // the next launch continues from here
  tally += 1u;
}
