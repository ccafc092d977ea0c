// Finds, loads and unloads backend plugins. A plugin that cannot be used (dlopen fails
// because its runtime library is missing, no entry symbol, ABI mismatch, init fails) is
// kept as an unavailable BackendStatus with the reason; the others carry on.
#pragma once

#include <string>
#include <vector>

#include "gpuprobe/plugin.h"
#include "gpuprobe/results.hpp"

namespace gpuprobe {

// Plugin directories: $GPUPROBE_PLUGIN_PATH (colon-separated) if set, else the directory
// of the running executable.
std::vector<std::string> default_plugin_dirs();

class PluginRegistry {
 public:
  explicit PluginRegistry(const std::vector<std::string>& dirs);
  ~PluginRegistry();  // shutdown() every plugin, then dlclose
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  const std::vector<BackendStatus>& backends() const { return statuses_; }
  // What the search passed over, for the front-end to show: a directory that does not
  // exist, a second copy of a backend already loaded (the first found wins).
  const std::vector<std::string>& notes() const { return notes_; }
  // Loaded, initialised plugin by backend name, or null.
  const gp_plugin* plugin(const std::string& backend) const;

 private:
  struct Loaded {
    std::string name;
    void* handle = nullptr;
    const gp_plugin* table = nullptr;  // non-null only when init() succeeded
  };
  void load(const std::string& path);
  const BackendStatus* find_status(const std::string& name) const;
  std::vector<Loaded> loaded_;
  std::vector<BackendStatus> statuses_;
  std::vector<std::string> notes_;
};

}  // namespace gpuprobe
