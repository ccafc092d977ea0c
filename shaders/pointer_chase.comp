#version 450
// Memory latency: one invocation follows a random cyclic chain of 64-byte nodes (word 0 of
// node i holds the index of its successor, a Sattolo cycle), so every load depends on the
// previous one and no prefetcher can guess the next address.
//
// The chase advances kUnroll steps per loop iteration (params.steps is a multiple of it):
// loop overhead is negligible next to a dependent load anyway, and lavapipe stops any
// invocation after 65535 loop iterations in total, which would silently cut a 1 Mi-step
// chase short.
#extension GL_EXT_control_flow_attributes : require

layout(local_size_x = 1) in;

layout(std430, binding = 0) readonly buffer Nodes { uint nodes[]; };
layout(std430, binding = 1) writeonly buffer Result { uint final_node; };

layout(push_constant) uniform Params {
  uint start;
  uint steps;  // multiple of kUnroll
} params;

const uint kWordsPerNode = 16u;  // 64-byte nodes: one cache line each
const uint kUnroll = 32u;

void main() {
  uint node = params.start;
  for (uint s = 0; s < params.steps; s += kUnroll) {
    [[unroll]] for (uint u = 0; u < kUnroll; ++u) node = nodes[node * kWordsPerNode];
  }
  final_node = node;  // the host checks it against reference::chase
}
