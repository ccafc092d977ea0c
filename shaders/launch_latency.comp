#version 450
// Launch overhead: a one-invocation kernel that only bumps a counter, so a round trip costs
// what submitting and completing a dispatch costs. The host compares the counter with the
// launches it made, which proves that every launch ran.

layout(local_size_x = 1) in;

layout(std430, binding = 0) buffer Counter { uint launches; };

void main() { launches += 1u; }
