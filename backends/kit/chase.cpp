#include "kit/chase.hpp"

#include <algorithm>

#include "gpuprobe/reference.hpp"
#include "kit/checks.hpp"

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
  const uint64_t steps = std::clamp<uint64_t>(nodes, min_steps, std::max(min_steps, max_steps));
  // Whole laps would end every launch where it started: the end position would then be the
  // same however many launches ran, and a skipped or stale launch would pass. One step
  // more moves each launch's start one node along the cycle.
  return steps % nodes == 0 ? steps + 1 : steps;
}

void check_chase_end(gp_run_result& result, uint32_t position, uint32_t tally,
                     const ChaseCycle& cycle, const Ledger& ledger, uint64_t steps,
                     const gp_run_params& params) {
  const uint32_t expected = cycle.position_after(ledger.launches * steps);
  begin_checks(result);
  if (position != expected)
    fail_check(result, "chase ended at node " + std::to_string(position) + " after " +
                           std::to_string(ledger.launches) + " launches of " +
                           std::to_string(steps) + " steps, expected node " +
                           std::to_string(expected));
  // The state is never poisoned (it is the chase's own), so the tally counts the warm-up.
  check_launch_tally(result, tally, ledger, params, params.warmup);
}

}  // namespace gpuprobe::kit
