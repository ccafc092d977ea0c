// launch_latency: the smallest useful kernel. It stores its launch's key (kit::BatchPlan)
// in one word, so the host can check that the last launch really ran (an empty kernel could
// be skipped by a driver without anyone knowing).
// `tally`: work-item 0 adds 1 per launch (kit::check_launch_tally), so every launch is
// proven, not only the last.
//
// Build options: -D GP_FAULT=0|2 (tests only, kit/fault.hpp: 2 = the key is not stored).

#ifndef GP_FAULT
#define GP_FAULT 0
#endif

kernel void launch_latency(global uint* restrict marker, uint key, global uint* restrict tally) {
  // Launch tally (kit::check_launch_tally): one add per launch, nothing next to the work.
  if (get_global_id(0) == 0) tally[0] += 1;
#if GP_FAULT != 2
  if (get_global_id(0) == 0) marker[0] = key;
#endif
}
