// One call of a plugin's VRAM test (memtest.h), as both the front-end (--in-process) and the
// gpuprobe-worker make it: the request, the progress callback and the owned outcome.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "gpuprobe/memtest.h"

namespace gpuprobe {

struct MemtestRequest {
  std::string backend;
  uint32_t device = 0;
  uint64_t max_bytes = 0;        // 0: the plugin's default share of the device's memory
  uint64_t max_chunk_bytes = 0;  // 0: the API's largest allocation
  uint32_t passes = 1;
  uint32_t patterns = 0;  // 0: all
  uint32_t seed = 1;
  double idle_seconds = 5;
};

using MemtestProgress = std::function<void(double fraction, const std::string& step)>;

// What one gp_memtest.run() returned: its status, last_error() and result (owned).
struct MemtestOutcome {
  gp_status status = GP_OK;
  std::string error;
  std::shared_ptr<gp_memtest_result> result;  // always set
};

// The request as the plugin's params (no cancel or progress: each side sets its own).
gp_memtest_params memtest_params(const MemtestRequest& request);
// Calls the table on this thread; progress between sweeps.
MemtestOutcome plugin_memtest(const gp_memtest& table, uint32_t device,
                              const gp_memtest_params& params, const MemtestProgress& progress,
                              const volatile int* cancel);

}  // namespace gpuprobe
