// BackendHandle over a gp_plugin table in this process: today's behaviour (--in-process,
// and tests that drive a table directly). No watchdog: a crash or hang here is the caller's.
#pragma once

#include "backend_handle.hpp"
#include "telemetry_sampler.hpp"

namespace gpuprobe {

class PluginBackend : public BackendHandle {
 public:
  // `table` and `telemetry` (null: the plugin has none) must outlive this object
  // (PluginRegistry / LoadedPlugin own them).
  explicit PluginBackend(const gp_plugin& table, BackendStatus status = {},
                         TelemetrySource* telemetry = nullptr);
  const BackendStatus& status() const override { return status_; }
  SupportAnswer supports(uint32_t device, const gp_run_params& params,
                         double timeout_seconds) override;
  RunOutcome run(uint32_t device, const gp_run_params& params, double timeout_seconds) override;

 private:
  const gp_plugin& table_;
  BackendStatus status_;
  TelemetrySource* telemetry_;
};

// The same calls, for the worker process (no BackendStatus needed).
SupportAnswer plugin_supports(const gp_plugin& table, uint32_t device, const gp_run_params& params);
// With `telemetry`, the device is sampled while run() works (telemetry_sampler.hpp).
RunOutcome plugin_run(const gp_plugin& table, uint32_t device, const gp_run_params& params,
                      TelemetrySource* telemetry = nullptr);

}  // namespace gpuprobe
