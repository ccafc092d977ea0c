// The seam between the core's policy (measure.cpp, session.cpp) and a backend plugin: one
// interface, two implementations. PluginBackend calls a gp_plugin table in this process
// (--in-process, and the tests that drive a table directly); WorkerBackend runs the plugin
// in a gpuprobe-worker child process under a watchdog, so a crash or hang costs one point.
// Whatever a plugin returns arrives here as owned, checked data (abi_check.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gpuprobe/plugin.h"
#include "gpuprobe/results.hpp"

namespace gpuprobe {

// A plugin's answer to supports(): GP_OK, or a status and its reason.
struct SupportAnswer {
  gp_status status = GP_OK;
  std::string reason;
};

// An owned copy of one run(): its status, last_error() and gp_run_result. A worker that
// died or was stopped comes back as a failed status with the reason in `error`.
struct RunOutcome {
  gp_status status = GP_OK;
  std::string error;  // last_error() when status != GP_OK, or why the worker failed
  uint32_t iterations = 0;
  std::vector<double> sample_seconds;  // at most GP_MAX_SAMPLES, all finite
  uint64_t size_bytes = 0;
  uint64_t work_items = 0;
  double work_per_iteration = 0;
  uint32_t verification = GP_VERIFY_NOT_RUN;  // gp_verification
  uint32_t timer = GP_TIMER_DEVICE;           // gp_timer
  uint32_t adjustments = 0;                   // GP_ADJUST_*
  std::string note;
  // What the plugin's telemetry entry saw during the run; empty for a plugin without one.
  std::optional<TelemetrySummary> telemetry;
  bool operator==(const RunOutcome&) const = default;
};

class BackendHandle {
 public:
  virtual ~BackendHandle() = default;
  // Name, availability (or why not), devices and their capabilities.
  virtual const BackendStatus& status() const = 0;
  // `timeout_seconds` bounds the call where the backend can enforce it (0: no bound);
  // params.cancel, when set, is honoured as the plugin checks it.
  virtual SupportAnswer supports(uint32_t device, const gp_run_params& params,
                                 double timeout_seconds) = 0;
  virtual RunOutcome run(uint32_t device, const gp_run_params& params, double timeout_seconds) = 0;
  // Stops the call in flight at once (a worker is SIGKILLed; the call returns Cancelled).
  // Async-signal-safe: atomics and kill() only. False where nothing can be stopped.
  virtual bool kill_now() noexcept { return false; }
};

}  // namespace gpuprobe
