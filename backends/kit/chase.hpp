// Pointer chase shared by every backend: one random cycle through all nodes (Sattolo), a
// node table with the successor in the first word of each node, and the continuation rule:
// every launch starts where the previous one stopped (the device keeps the position in a
// one-word buffer), so the largest point walks its whole working set instead of re-walking
// the same cache-resident prefix, and the end position proves every step of every launch.
#pragma once

#include <cstdint>
#include <vector>

#include "gpuprobe/plugin.h"
#include "kit/sampling.hpp"

namespace gpuprobe::kit {

class ChaseCycle {
 public:
  ChaseCycle(uint32_t nodes, uint32_t seed);

  uint32_t nodes() const { return static_cast<uint32_t>(next_.size()); }
  // Writes the node table: `node_words` uint32 per node, word 0 the successor's index,
  // the other words random (incompressible).
  void write_nodes(uint32_t* table, uint32_t node_words, uint32_t seed) const;
  // Node reached from node 0 after `steps` dependent loads, however many launches they
  // were spread over.
  uint32_t position_after(uint64_t steps) const;

 private:
  std::vector<uint32_t> next_;
};

// Loads per launch: the whole cycle, kept between min_steps (a launch long enough to time
// even from L1) and max_steps (a launch short enough for a watchdog); with continuation the
// launches of a point cover the cycle in ceil(nodes / steps) launches. Never a whole number
// of laps (then one step more), so the end position depends on the number of launches.
uint64_t chase_steps_per_launch(uint32_t nodes, uint64_t min_steps, uint64_t max_steps);

// The device's chase state: word 0 the node reached, word 1 a launch tally. The end
// position alone cannot tell "never stored" from "went round whole laps back to node 0"
// (launches x steps a multiple of the cycle: 1024 launches of a 64 KiB chase), so every
// launch also adds 1 to the tally in the same store; both start at 0 before the warm-up.
inline constexpr uint32_t kChaseStateWords = 2;

// Checks the end position against the cycle and the tally against every launch (warm-up
// included): either one wrong fails the point with what was found and expected.
void check_chase_end(gp_run_result& result, uint32_t position, uint32_t tally,
                     const ChaseCycle& cycle, const Ledger& ledger, uint64_t steps,
                     const gp_run_params& params);

}  // namespace gpuprobe::kit
