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

RunOutcome plugin_run(const gp_plugin& table, uint32_t device, const gp_run_params& params) {
  gp_run_result r{};
  r.struct_size = sizeof r;
  const gp_status status = table.run(device, &params, &r);
  return copy_run_result(status, status != GP_OK ? table.last_error() : nullptr, r);
}

PluginBackend::PluginBackend(const gp_plugin& table, BackendStatus status)
    : table_(table), status_(std::move(status)) {}

SupportAnswer PluginBackend::supports(uint32_t device, const gp_run_params& params, double) {
  return plugin_supports(table_, device, params);
}

RunOutcome PluginBackend::run(uint32_t device, const gp_run_params& params, double) {
  return plugin_run(table_, device, params);
}

}  // namespace gpuprobe
