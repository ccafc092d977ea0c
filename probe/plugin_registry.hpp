// Finds, loads and unloads backend plugins. A plugin that cannot be used (dlopen fails
// because its runtime library is missing, no entry symbol, ABI mismatch, a table with a
// missing entry, init fails) is kept as an unavailable BackendStatus with the reason; the
// others carry on. The gpuprobe-worker loads one plugin with the same LoadedPlugin.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gpuprobe/memtest.h"
#include "gpuprobe/plugin.h"
#include "gpuprobe/results.hpp"
#include "telemetry_sampler.hpp"

namespace gpuprobe {

// Plugin directories: $GPUPROBE_PLUGIN_PATH (colon-separated) if set, else the directory
// of the running executable.
std::vector<std::string> default_plugin_dirs();

// A gpuprobe-backend-<name>.so found on the plugin path.
struct PluginFile {
  std::string name;  // from the file name; the table's own name wins once loaded
  std::string path;
};

// Every plugin file in `dirs`, sorted by name within a directory; a name found in an
// earlier directory hides the same name in later ones, and a link to a file already found
// is skipped. What the search passed over (a missing directory, a second copy) is appended
// to `notes` when given, one line each, for the front-end to show.
std::vector<PluginFile> find_plugin_files(const std::vector<std::string>& dirs,
                                          std::vector<std::string>* notes = nullptr);

// The note for a second copy of a backend: the first found wins.
std::string ignored_copy_note(const std::string& path, const std::string& name,
                              const std::string& first_path);

// The backend name a plugin file gives ("gpuprobe-backend-opencl.so" -> "opencl").
std::string backend_name_from_path(const std::string& path);

// One plugin opened in this process: dlopen, check the table, init, read its devices.
// Never throws for a bad plugin: status() says why it is unavailable.
class LoadedPlugin {
 public:
  explicit LoadedPlugin(const PluginFile& file);
  ~LoadedPlugin();  // shutdown(), then dlclose
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;

  const BackendStatus& status() const { return status_; }
  const gp_plugin* table() const { return table_; }  // non-null only when available
  // The optional telemetry entry (telemetry.h); null when the plugin exports none.
  TelemetrySource* telemetry() const { return telemetry_.get(); }
  // The optional VRAM test entry (memtest.h): null with `memtest_missing()` saying why (no
  // such export, or a table of another version).
  const gp_memtest* memtest() const { return memtest_; }
  const std::string& memtest_missing() const { return memtest_missing_; }

 private:
  void find_memtest();  // after a successful init
  void* handle_ = nullptr;
  const gp_plugin* table_ = nullptr;
  std::unique_ptr<TelemetrySource> telemetry_;
  const gp_memtest* memtest_ = nullptr;
  std::string memtest_missing_;
  BackendStatus status_;
};

class PluginRegistry {
 public:
  explicit PluginRegistry(const std::vector<std::string>& dirs);
  ~PluginRegistry();  // unloads in reverse order
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  const std::vector<BackendStatus>& backends() const { return statuses_; }
  // What the search passed over (see find_plugin_files), and later copies of a backend
  // whose table names one already loaded (a renamed file).
  const std::vector<std::string>& notes() const { return notes_; }
  // Loaded, initialised plugin by backend name, or null.
  const gp_plugin* plugin(const std::string& backend) const;
  // Its telemetry, or null (no such plugin, or it exports no telemetry entry).
  TelemetrySource* telemetry(const std::string& backend) const;

 private:
  std::vector<std::unique_ptr<LoadedPlugin>> loaded_;
  std::vector<BackendStatus> statuses_;
  std::vector<std::string> notes_;
};

}  // namespace gpuprobe
