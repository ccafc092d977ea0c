#version 450
// Local (shared) memory bandwidth. Each workgroup copies a 8 KiB tile of random words from
// global memory into shared memory once, then every invocation reads the tile
// rounds x 4 times with 16-byte loads. The loaded words are summed (uint32, wrapping) and
// ADDED to the invocation's own slot (`slot += sum`), so the loads cannot be dropped and
// every launch counts: the host recomputes every invocation's sum from the same random
// words and checks slot = poison + timed launches x sum.
//
// Read pattern: in round r, invocation l loads tile[(l + r + q * 128) % 512] for q = 0..3.
// Neighbouring invocations read neighbouring 16-byte words (no bank conflicts beyond what
// 16-byte accesses need), and the four loads of a round are independent of each other.
// GP_FAULT (spec constant 7, tests only): 1 makes the last invocation run one round fewer,
// 2 makes it skip its store.

layout(local_size_x = 256) in;
layout(constant_id = 7) const uint GP_FAULT = 0;

const uint kTileVectors = 512u;  // uvec4 = 8 KiB, under the 16 KiB every device offers

layout(std430, binding = 0) readonly buffer Source { uvec4 source[]; };
layout(std430, binding = 1) buffer Slots { uint slots[]; };

layout(push_constant) uniform Params {
  uint rounds;
} params;

shared uvec4 tile[kTileVectors];

void main() {
  const uint l = gl_LocalInvocationID.x;
  const uint tile_base = gl_WorkGroupID.x * kTileVectors;
  tile[l] = source[tile_base + l];
  tile[l + 256u] = source[tile_base + l + 256u];
  barrier();

  const uint id = gl_GlobalInvocationID.x;
  const bool faulty = id == gl_NumWorkGroups.x * 256u - 1u;
  const uint rounds = (GP_FAULT == 1u && faulty) ? params.rounds - 1u : params.rounds;
  uvec4 acc0 = uvec4(0), acc1 = uvec4(0), acc2 = uvec4(0), acc3 = uvec4(0);
  for (uint r = 0; r < rounds; ++r) {
    const uint i = l + r;
    acc0 += tile[i & 511u];
    acc1 += tile[(i + 128u) & 511u];
    acc2 += tile[(i + 256u) & 511u];
    acc3 += tile[(i + 384u) & 511u];
  }
  if (GP_FAULT == 2u && faulty) return;
  const uvec4 acc = acc0 + acc1 + acc2 + acc3;
  slots[id] += acc.x + acc.y + acc.z + acc.w;
}
