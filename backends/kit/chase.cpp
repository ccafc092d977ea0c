#include "kit/chase.hpp"

#include <algorithm>

#include "gpuprobe/reference.hpp"

namespace gpuprobe::kit {

ChaseCycle::ChaseCycle(uint32_t nodes, uint32_t seed)
    : next_(reference::sattolo_cycle(nodes, seed)) {}

void ChaseCycle::write_nodes(uint32_t* table, uint32_t node_words, uint32_t seed) const {
  reference::fill_random_words(table, uint64_t{nodes()} * node_words, seed);
  for (uint32_t i = 0; i < nodes(); ++i) table[uint64_t{i} * node_words] = next_[i];
}

uint32_t ChaseCycle::position_after(uint64_t steps) const {
  // The cycle has length nodes(), so only steps mod nodes() matter.
  return reference::chase(next_, 0, steps % nodes());
}

uint64_t chase_steps_per_launch(uint32_t nodes, uint64_t min_steps, uint64_t max_steps) {
  uint64_t steps = std::clamp<uint64_t>(nodes, min_steps, std::max(min_steps, max_steps));
  // A whole number of laps would end every launch on the node it started from, and a
  // launch that never ran would not show: one step more moves the end every launch.
  if (nodes > 1 && steps % nodes == 0) ++steps;
  return steps;
}

}  // namespace gpuprobe::kit
