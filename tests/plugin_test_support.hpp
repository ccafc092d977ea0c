// Test helper: open one backend plugin straight through the C ABI (no core), for tests
// that check a backend's own behaviour (device info against clinfo/vulkaninfo, ...).
#pragma once

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "gpuprobe/plugin.h"
#include "required_components.hpp"

// For a test that cannot run because its backend's runtime did not load or initialise:
// a skip where the backend is optional, a failure where GPUPROBE_REQUIRE lists it (CI),
// so CI cannot pass by skipping. Every such skip of a backend test goes through here.
//   if (!plugin_->get()) GPUPROBE_SKIP_UNLESS_REQUIRED("opencl", plugin_->error());
#define GPUPROBE_SKIP_UNLESS_REQUIRED(backend, reason)                                         \
  do {                                                                                         \
    const std::string gpuprobe_unavailable_reason = (reason);                                  \
    if (::gpuprobe::test::component_required(backend))                                         \
      FAIL() << (backend) << " backend is required (GPUPROBE_REQUIRE) but unavailable: "       \
             << gpuprobe_unavailable_reason << " (needs "                                      \
             << ::gpuprobe::test::runtime_hint(backend) << ")";                                \
    GTEST_SKIP() << (backend) << " backend unavailable here: " << gpuprobe_unavailable_reason; \
  } while (0)

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

struct Outcome {
  gp_status status;
  gp_run_result result;
  std::string error;
};

// Device info as key -> entry.
using Info = std::map<std::string, gp_info_entry>;

// Base fixture for tests that drive one device of one plugin through the ABI: subclasses
// set api_ and device_ in SetUp().
class PluginDeviceTest : public ::testing::Test {
 protected:
  Info info(uint32_t device) const {
    const gp_info_entry* entries = nullptr;
    uint32_t count = 0;
    EXPECT_EQ(api_->device_info(device, &entries, &count), GP_OK);
    Info out;
    for (uint32_t i = 0; i < count; ++i) out[entries[i].key] = entries[i];
    return out;
  }
  std::string string_info(uint32_t device, const std::string& key) const {
    const Info all = info(device);
    const auto it = all.find(key);
    return it != all.end() && it->second.type == GP_VALUE_STRING ? it->second.string_value : "";
  }
  int64_t int_info(const std::string& key) const {
    const Info all = info(device_);
    const auto it = all.find(key);
    EXPECT_NE(it, all.end()) << key;
    return it == all.end() ? 0 : it->second.int_value;
  }
  Outcome run(const gp_run_params& params) const {
    Outcome o{};
    o.status = api_->run(device_, &params, &o.result);
    if (o.status != GP_OK) o.error = api_->last_error();
    return o;
  }

  const gp_plugin* api_ = nullptr;
  uint32_t device_ = 0;
};

}  // namespace gpuprobe::test
