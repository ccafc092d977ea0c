// pointer_chase: one work-item follows a random cycle of 64-byte nodes (Sattolo), one
// dependent load per step: the address of each load is the value of the previous one, so
// nothing overlaps and the time per step is the load-to-use latency of whichever level of
// the memory hierarchy holds the working set. Word 0 of node i is the index of its
// successor.
//
// The chase continues across launches (kit/chase.hpp): each launch starts at the node kept
// in `position` and stores where it stopped, so a large working set is walked through, not
// its first 2^20 nodes again and again, and the final position proves every step of every
// launch.
//
// Build options: -D GP_FAULT=0|1|2 (tests only, kit/fault.hpp: 1 = one step fewer,
// 2 = the end position is not stored; 0 compiles to the plain kernel).

#ifndef GP_FAULT
#define GP_FAULT 0
#endif

kernel void pointer_chase(global const uint* restrict nodes, uint steps,
                          global uint* restrict position) {
  uint node = position[0];
#if GP_FAULT == 1
  steps -= 1;
#endif
  for (uint s = 0; s < steps; ++s) node = nodes[(ulong)node * 16];
#if GP_FAULT != 2
  position[0] = node;
  position[1] += 1;  // launch tally (kit::check_chase_end): a lap back to node 0 is not a store
#endif
}
