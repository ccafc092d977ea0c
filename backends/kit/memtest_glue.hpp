// The C-ABI glue of the optional memtest entry (include/gpuprobe/memtest.h), like
// plugin_glue.hpp for the main table. A backend adds one static member
//
//   static void memtest(uint32_t device, const gp_memtest_params& params,
//                       gp_memtest_result& result);  // throws plugin::Error
//
// (usually kit::run_memtest over its MemtestDevice) and exports the table with
// GPUPROBE_KIT_EXPORT_MEMTEST(Backend) next to GPUPROBE_KIT_EXPORT_PLUGIN(Backend).
#pragma once

#include <cstring>
#include <mutex>
#include <string>

#include "gpuprobe/memtest.h"
#include "gpuprobe/plugin_support.hpp"
#include "kit/plugin_glue.hpp"

namespace gpuprobe::kit {

template <typename Backend>
class MemtestGlue {
 public:
  static const gp_memtest* table() {
    static const gp_memtest t = {GP_MEMTEST_VERSION, &run, &last_error};
    return &t;
  }

 private:
  static gp_status run(uint32_t device, const gp_memtest_params* params,
                       gp_memtest_result* result) {
    return plugin::guard([&] {
      if (!params || !result) return plugin::fail(GP_ERR_INVALID_ARGUMENT, "null params or result");
      std::memset(result, 0, sizeof *result);
      result->struct_size = sizeof *result;
      if (!PluginGlue<Backend>::is_initialised())
        return plugin::fail(GP_ERR_INVALID_ARGUMENT, "plugin not initialised: call init() first");
      const uint32_t count = Backend::device_count();
      if (device >= count)
        return plugin::fail(GP_ERR_INVALID_ARGUMENT,
                            "device " + std::to_string(device) + " does not exist (" +
                                std::string(Backend::kName) + " has " + std::to_string(count) +
                                (count == 1 ? " device)" : " devices)"));
      static std::mutex one_at_a_time;
      std::lock_guard<std::mutex> lock(one_at_a_time);
      Backend::memtest(device, *params, *result);
      return GP_OK;
    });
  }
  static const char* last_error() { return plugin::last_error(); }
};

}  // namespace gpuprobe::kit

#define GPUPROBE_KIT_EXPORT_MEMTEST(Backend)                              \
  extern "C" GP_PLUGIN_EXPORT const gp_memtest* gp_plugin_memtest(void) { \
    return ::gpuprobe::kit::MemtestGlue<Backend>::table();                \
  }
