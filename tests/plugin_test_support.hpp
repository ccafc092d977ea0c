// Test helper: open one backend plugin straight through the C ABI (no core), for tests
// that check a backend's own behaviour (device info against clinfo/vulkaninfo, ...).
#pragma once

#include <dlfcn.h>

#include <string>

#include "gpuprobe/plugin.h"

namespace gpuprobe::test {

class DirectPlugin {
 public:
  explicit DirectPlugin(const std::string& backend) {
    const std::string path = std::string(GPUPROBE_BIN_DIR) + "/gpuprobe-backend-" + backend + ".so";
    handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle_) {
      error_ = dlerror();
      return;
    }
    auto entry = reinterpret_cast<gp_plugin_entry_fn>(dlsym(handle_, GP_PLUGIN_ENTRY_SYMBOL));
    if (!entry) {
      error_ = "missing entry symbol";
      return;
    }
    plugin_ = entry();
    if (plugin_->init() != GP_OK) {
      error_ = plugin_->last_error();
      plugin_ = nullptr;
    }
  }
  ~DirectPlugin() {
    if (plugin_) plugin_->shutdown();
    if (handle_) dlclose(handle_);
  }
  DirectPlugin(const DirectPlugin&) = delete;
  DirectPlugin& operator=(const DirectPlugin&) = delete;

  const gp_plugin* get() const { return plugin_; }  // null when unavailable
  const std::string& error() const { return error_; }

 private:
  void* handle_ = nullptr;
  const gp_plugin* plugin_ = nullptr;
  std::string error_;
};

inline gp_run_params default_params(gp_kernel_id kernel, uint64_t size_bytes) {
  gp_run_params p{};
  p.struct_size = sizeof p;
  p.kernel = kernel;
  p.size_bytes = size_bytes;
  p.vector_width = 1;
  p.iterations = 1;
  p.samples = 1;
  p.warmup = 0;
  p.seed = 4242;
  p.min_sample_seconds = 0.0;
  return p;
}

}  // namespace gpuprobe::test
