// Runs a backend's VRAM test (the optional gp_plugin_memtest entry, include/gpuprobe/memtest.h)
// in this process: opens only that backend's plugin, checks the table, runs one device,
// returns the analysed report. In-process on purpose for now: the worker protocol has one
// reply per request and no progress messages, and a test that runs for minutes needs both.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gpuprobe/memtest_report.hpp"

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

// Throws std::invalid_argument for what the user can fix (no such backend or device, a
// backend without a memory test, a size the device does not have), std::runtime_error when
// the backend is unavailable. A test that ran, found errors or was cancelled comes back as a
// report (status and error say which).
MemtestReport run_memtest_in_process(const std::vector<std::string>& plugin_dirs,
                                     const MemtestRequest& request,
                                     const MemtestProgress& progress = {},
                                     const volatile int* cancel = nullptr);

}  // namespace gpuprobe
