// launch_latency: the smallest useful kernel. It stores its launch's key (kit::BatchPlan)
// in one word, so the host can check that the last launch really ran (an empty kernel could
// be skipped by a driver without anyone knowing).
//
// Build options: -D GP_FAULT=0|2 (tests only, kit/fault.hpp: 2 = the key is not stored).

#ifndef GP_FAULT
#define GP_FAULT 0
#endif

kernel void launch_latency(global uint* restrict marker, uint key) {
#if GP_FAULT != 2
  if (get_global_id(0) == 0) marker[0] = key;
#endif
}
