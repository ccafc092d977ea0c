#include "memtest_plugin.hpp"

#include <stdexcept>

#include "plugin_registry.hpp"
#include "worker_backend.hpp"

namespace gpuprobe {
namespace {

void check_device(const BackendStatus& status, const MemtestRequest& request) {
  if (!status.available)
    throw std::runtime_error("backend " + request.backend + " is unavailable: " + status.reason);
  if (request.device >= status.devices.size())
    throw std::invalid_argument("device " + request.backend + ":" + std::to_string(request.device) +
                                " does not exist (" + request.backend + " has " +
                                std::to_string(status.devices.size()) +
                                " device(s); `gpuprobe list` shows them)");
}

MemtestReport report_of(const MemtestOutcome& outcome, const MemtestRequest& request,
                        const BackendStatus& status) {
  if (outcome.status == GP_ERR_INVALID_ARGUMENT || outcome.status == GP_ERR_UNSUPPORTED)
    throw std::invalid_argument(outcome.error);
  MemtestReport report = memtest_report_from(*outcome.result, outcome.status, outcome.error);
  report.backend = request.backend;
  report.device = request.device;
  report.device_name = status.devices[request.device].name;
  report.passes_asked = request.passes;
  return report;
}

}  // namespace

MemtestReport run_memtest(const std::vector<std::string>& plugin_dirs,
                          const MemtestRequest& request, bool in_process,
                          const MemtestProgress& progress, const volatile int* cancel) {
  const PluginFile* file = nullptr;
  const std::vector<PluginFile> files = find_plugin_files(plugin_dirs);
  std::string names;
  for (const PluginFile& f : files) {
    names += (names.empty() ? "" : ", ") + f.name;
    if (f.name == request.backend) file = &f;
  }
  if (!file)
    throw std::invalid_argument("no backend '" + request.backend +
                                "' (found: " + (names.empty() ? "none" : names) + ")");
  const gp_memtest_params params = memtest_params(request);
  if (in_process) {
    const LoadedPlugin plugin(*file);
    check_device(plugin.status(), request);
    if (!plugin.memtest()) throw std::invalid_argument(plugin.memtest_missing());
    return report_of(plugin_memtest(*plugin.memtest(), request.device, params, progress, cancel),
                     request, plugin.status());
  }
  const std::string worker_path = find_worker_executable(plugin_dirs);
  if (worker_path.empty())
    throw std::runtime_error(std::string(kWorkerExecutableName) +
                             " was not found next to this program or in the plugin directories; "
                             "reinstall gpuprobe, set GPUPROBE_WORKER, or use --in-process");
  worker::WorkerLauncher launcher;
  MemtestReport report;
  {
    WorkerBackend backend(*file, worker_path, launcher);
    backend.await_ready(kWorkerStartSeconds);
    check_device(backend.status(), request);
    report = report_of(
        backend.memtest(request.device, params, progress, cancel, kMemtestHeartbeatSeconds),
        request, backend.status());
  }  // the worker ends before the launcher that forked it
  return report;
}

}  // namespace gpuprobe
