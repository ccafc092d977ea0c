#include "plugin_backend.hpp"

#include "abi_check.hpp"

namespace gpuprobe {

SupportAnswer plugin_supports(const gp_plugin& table, uint32_t device,
                              const gp_run_params& params) {
  SupportAnswer a;
  a.status = table.supports(device, &params);
  if (a.status != GP_OK) a.reason = plugin_string(table.last_error());
  return a;
}

RunOutcome plugin_run(const gp_plugin& table, uint32_t device, const gp_run_params& params,
                      TelemetrySource* telemetry) {
  gp_run_result r{};
  r.struct_size = sizeof r;
  gp_status status = GP_OK;
  std::string error;
  auto run = [&] {
    status = table.run(device, &params, &r);
    // last_error() is per thread: read it here, on run()'s thread.
    if (status != GP_OK) error = plugin_string(table.last_error());
  };
  std::optional<TelemetrySummary> seen;
  if (telemetry)
    seen = telemetry->sample_while(device, run);
  else
    run();
  RunOutcome outcome = copy_run_result(status, status != GP_OK ? error.c_str() : nullptr, r);
  outcome.telemetry = std::move(seen);
  return outcome;
}

PluginBackend::PluginBackend(const gp_plugin& table, BackendStatus status,
                             TelemetrySource* telemetry)
    : table_(table), status_(std::move(status)), telemetry_(telemetry) {}

SupportAnswer PluginBackend::supports(uint32_t device, const gp_run_params& params, double) {
  return plugin_supports(table_, device, params);
}

RunOutcome PluginBackend::run(uint32_t device, const gp_run_params& params, double) {
  return plugin_run(table_, device, params, telemetry_);
}

}  // namespace gpuprobe
