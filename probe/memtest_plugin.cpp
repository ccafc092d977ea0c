#include "memtest_plugin.hpp"

#include <dlfcn.h>

#include <memory>
#include <stdexcept>

#include "abi_check.hpp"
#include "plugin_registry.hpp"

namespace gpuprobe {
namespace {

// The plugin LoadedPlugin already opened, opened once more (RTLD_NOLOAD: never a second
// copy) to look up the optional entry; closing drops only this reference.
struct DlHandle {
  void* handle = nullptr;
  ~DlHandle() {
    if (handle) dlclose(handle);
  }
};

void on_progress(void* user, double fraction, const char* step) {
  const auto* progress = static_cast<const MemtestProgress*>(user);
  (*progress)(fraction, step ? step : "");
}

}  // namespace

MemtestReport run_memtest_in_process(const std::vector<std::string>& plugin_dirs,
                                     const MemtestRequest& request, const MemtestProgress& progress,
                                     const volatile int* cancel) {
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
  const LoadedPlugin plugin(*file);
  const BackendStatus& status = plugin.status();
  if (!status.available)
    throw std::runtime_error("backend " + request.backend + " is unavailable: " + status.reason);
  if (request.device >= status.devices.size())
    throw std::invalid_argument("device " + request.backend + ":" + std::to_string(request.device) +
                                " does not exist (" + request.backend + " has " +
                                std::to_string(status.devices.size()) +
                                " device(s); `gpuprobe list` shows them)");
  DlHandle dl{dlopen(file->path.c_str(), RTLD_NOW | RTLD_NOLOAD)};
  auto entry =
      dl.handle ? reinterpret_cast<gp_memtest_entry_fn>(dlsym(dl.handle, GP_MEMTEST_ENTRY_SYMBOL))
                : nullptr;
  const gp_memtest* table = entry ? entry() : nullptr;
  if (!table)
    throw std::invalid_argument("backend " + request.backend +
                                " has no memory test (its plugin exports no " +
                                GP_MEMTEST_ENTRY_SYMBOL + "); choose another backend");
  if (table->version != GP_MEMTEST_VERSION || !table->run || !table->last_error)
    throw std::runtime_error("backend " + request.backend + ": memory test table version " +
                             std::to_string(table->version) + " (expected " +
                             std::to_string(GP_MEMTEST_VERSION) +
                             ") or missing entries; rebuild the plugin");

  gp_memtest_params params{};
  params.struct_size = sizeof params;
  params.passes = request.passes;
  params.max_bytes = request.max_bytes;
  params.max_chunk_bytes = request.max_chunk_bytes;
  params.patterns = request.patterns;
  params.seed = request.seed;
  params.idle_seconds = request.idle_seconds;
  params.cancel = cancel;
  if (progress) {
    params.progress = &on_progress;
    params.progress_user = const_cast<MemtestProgress*>(&progress);
  }
  // Large (tens of KiB): on the heap.
  auto result = std::make_unique<gp_memtest_result>();
  result->struct_size = sizeof *result;
  const gp_status s = table->run(request.device, &params, result.get());
  const std::string error = s == GP_OK ? "" : plugin_string(table->last_error());
  if (s == GP_ERR_INVALID_ARGUMENT) throw std::invalid_argument(error);
  MemtestReport report = memtest_report_from(*result, s, error);
  report.backend = request.backend;
  report.device = request.device;
  report.device_name = status.devices[request.device].name;
  report.passes_asked = request.passes;
  return report;
}

}  // namespace gpuprobe
