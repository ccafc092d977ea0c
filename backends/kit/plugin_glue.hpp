// The C-ABI glue every backend shares: the gp_plugin table, exceptions turned into status
// codes with last_error() (plugin::guard), device-index and null checks, a zeroed result,
// cancel before start, and one run at a time per plugin (info and supports never wait
// behind a run). A backend is a class with static members:
//
//   static constexpr const char* kName = "opencl", *kApi = "OpenCL";
//   static void init();                          // throws plugin::Error (GP_ERR_UNAVAILABLE, ...)
//   static void shutdown() noexcept;
//   static uint32_t device_count();
//   static const plugin::InfoList& device_info(uint32_t device);
//   static void check_supported(uint32_t device, const gp_run_params& params);  // throws
//   static void run(uint32_t device, const gp_run_params& params, gp_run_result& result);
//
// and exports its table with GPUPROBE_KIT_EXPORT_PLUGIN(Backend).
#pragma once

#include <cstring>
#include <mutex>
#include <string>

#include "gpuprobe/plugin.h"
#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::kit {

template <typename Backend>
class PluginGlue {
 public:
  static const gp_plugin* table() {
    static const gp_plugin t = {GP_PLUGIN_ABI_VERSION, Backend::kName, Backend::kApi, &init,
                                &device_count,         &device_info,   &supports,     &run,
                                &last_error,           &shutdown};
    return &t;
  }

  // For optional entries (memtest_glue.hpp): whether init() succeeded and shutdown() has not run.
  static bool is_initialised() { return initialised(); }

 private:
  static bool& initialised() {
    static bool value = false;
    return value;
  }
  static std::mutex& run_mutex() {
    static std::mutex m;
    return m;
  }
  static void check_device(uint32_t device) {
    if (!initialised())
      throw plugin::Error(GP_ERR_INVALID_ARGUMENT, "plugin not initialised: call init() first");
    const uint32_t count = Backend::device_count();
    if (device >= count) {
      throw plugin::Error(GP_ERR_INVALID_ARGUMENT,
                          "device " + std::to_string(device) + " does not exist (" +
                              std::string(Backend::kName) + " has " + std::to_string(count) +
                              (count == 1 ? " device)" : " devices)"));
    }
  }

  static gp_status init() {
    return plugin::guard([] {
      if (!initialised()) {
        Backend::init();
        initialised() = true;
      }
      return GP_OK;
    });
  }
  static uint32_t device_count() {
    try {
      return initialised() ? Backend::device_count() : 0u;
    } catch (...) {
      return 0u;
    }
  }
  static gp_status device_info(uint32_t device, const gp_info_entry** entries, uint32_t* count) {
    return plugin::guard([&] {
      if (!entries || !count) return plugin::fail(GP_ERR_INVALID_ARGUMENT, "null output pointer");
      check_device(device);
      const plugin::InfoList& info = Backend::device_info(device);
      *entries = info.data();
      *count = info.size();
      return GP_OK;
    });
  }
  static gp_status supports(uint32_t device, const gp_run_params* params) {
    return plugin::guard([&] {
      if (!params) return plugin::fail(GP_ERR_INVALID_ARGUMENT, "null params");
      check_device(device);
      if (params->kernel >= GP_KERNEL_COUNT)
        return plugin::fail(GP_ERR_UNSUPPORTED,
                            "unknown kernel id " + std::to_string(params->kernel));
      Backend::check_supported(device, *params);
      return GP_OK;
    });
  }
  static gp_status run(uint32_t device, const gp_run_params* params, gp_run_result* result) {
    return plugin::guard([&] {
      if (!params || !result) return plugin::fail(GP_ERR_INVALID_ARGUMENT, "null params or result");
      std::memset(result, 0, sizeof *result);
      result->struct_size = sizeof *result;
      check_device(device);
      if (params->kernel >= GP_KERNEL_COUNT)
        return plugin::fail(GP_ERR_UNSUPPORTED,
                            "unknown kernel id " + std::to_string(params->kernel));
      Backend::check_supported(device, *params);
      if (plugin::cancelled(params)) return plugin::fail(GP_ERR_CANCELLED, "cancelled");
      std::lock_guard<std::mutex> lock(run_mutex());
      Backend::run(device, *params, *result);
      if (plugin::cancelled(params)) return plugin::fail(GP_ERR_CANCELLED, "cancelled");
      return GP_OK;
    });
  }
  static const char* last_error() { return plugin::last_error(); }
  static void shutdown() {
    std::lock_guard<std::mutex> lock(run_mutex());
    if (initialised()) Backend::shutdown();
    initialised() = false;
  }
};

}  // namespace gpuprobe::kit

#define GPUPROBE_KIT_EXPORT_PLUGIN(Backend)                                  \
  extern "C" GP_PLUGIN_EXPORT const gp_plugin* gpuprobe_plugin_entry(void) { \
    return ::gpuprobe::kit::PluginGlue<Backend>::table();                    \
  }
