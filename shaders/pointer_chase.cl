// pointer_chase: one work-item follows a random cycle of 64-byte nodes (Sattolo), one
// dependent load per step: the address of each load is the value of the previous one, so
// nothing overlaps and the time per step is the load-to-use latency of whichever level of
// the memory hierarchy holds the working set. Word 0 of node i is the index of its
// successor; the node reached after `steps` loads is written for the host to check.

kernel void pointer_chase(global const uint* restrict nodes, uint start, uint steps,
                          global uint* restrict last) {
  uint node = start;
  for (uint s = 0; s < steps; ++s) node = nodes[(ulong)node * 16];
  last[0] = node;
}
