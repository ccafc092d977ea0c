// Runs a backend's VRAM test (the optional gp_plugin_memtest entry, include/gpuprobe/memtest.h)
// on one device: opens only that backend's plugin, in a gpuprobe-worker child process (as
// every point of a run: a driver that crashes or hangs costs the test, not the front-end;
// progress comes back as messages) or, with `in_process`, in this process.
#pragma once

#include <string>
#include <vector>

#include "gpuprobe/memtest_report.hpp"
#include "memtest_call.hpp"

namespace gpuprobe {

// A worker that sends no progress for this long is taken as hung and stopped (a sweep of
// a large card at a slow link is well under it).
inline constexpr double kMemtestHeartbeatSeconds = 600;

// Throws std::invalid_argument for what the user can fix (no such backend or device, a
// backend without a memory test, a size the device does not have), std::runtime_error when
// the backend is unavailable. A test that ran, found errors, was cancelled or whose worker
// died comes back as a report (status and error say which).
MemtestReport run_memtest(const std::vector<std::string>& plugin_dirs,
                          const MemtestRequest& request, bool in_process,
                          const MemtestProgress& progress = {},
                          const volatile int* cancel = nullptr);

}  // namespace gpuprobe
