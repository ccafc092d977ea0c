// launch_latency: the smallest useful kernel. It stores one word so the host can check the
// launch really ran (an empty kernel could be skipped by a driver without anyone knowing).

kernel void launch_latency(global uint* restrict out, uint value) {
  if (get_global_id(0) == 0) out[0] = value;
}
