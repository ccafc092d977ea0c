// The C-ABI glue for a plugin's telemetry entry (gpuprobe/telemetry.h): a plugin writes one
// function that opens a device's telemetry as a C++ object (or throws Unavailable with the
// reason) and exports the table with GPUPROBE_EXPORT_TELEMETRY(open_function).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/telemetry.h"

namespace gpuprobe::telemetry {

// One device's telemetry, open until destroyed.
class Source {
 public:
  virtual ~Source() = default;
  // Every field readable now; the rest absent. Throws plugin::Error on a failed read.
  virtual gp_telemetry_sample sample() = 0;
};

// Thrown by an open function: the device has no telemetry, and why ("NVML not found ...").
inline plugin::Error unavailable(std::string why) {
  return plugin::Error(GP_ERR_UNAVAILABLE, std::move(why));
}

// An empty sample: nothing present.
inline gp_telemetry_sample empty_sample() {
  gp_telemetry_sample s{};
  s.struct_size = sizeof s;
  return s;
}

inline void set_field(gp_telemetry_sample& s, gp_telemetry_field field, double value) {
  s.values[field] = value;
  s.present |= 1u << field;
}

using OpenFunction = std::unique_ptr<Source> (*)(uint32_t device);

// The static table over `Open`.
template <OpenFunction Open>
const gp_telemetry* table() {
  static const gp_telemetry t = {
      GP_TELEMETRY_VERSION,
      [](uint32_t device, gp_telemetry_session** session) {
        return plugin::guard([&] {
          if (!session) return plugin::fail(GP_ERR_INVALID_ARGUMENT, "no session pointer");
          *session = reinterpret_cast<gp_telemetry_session*>(Open(device).release());
          return GP_OK;
        });
      },
      [](gp_telemetry_session* session, gp_telemetry_sample* out) {
        return plugin::guard([&] {
          if (!session || !out) return plugin::fail(GP_ERR_INVALID_ARGUMENT, "null argument");
          *out = reinterpret_cast<Source*>(session)->sample();
          return GP_OK;
        });
      },
      [](gp_telemetry_session* session) { delete reinterpret_cast<Source*>(session); },
      plugin::last_error};
  return &t;
}

}  // namespace gpuprobe::telemetry

// Exports gp_plugin_telemetry() over `open_function` (a gpuprobe::telemetry::OpenFunction).
#define GPUPROBE_EXPORT_TELEMETRY(open_function)                              \
  extern "C" GP_PLUGIN_EXPORT const gp_telemetry* gp_plugin_telemetry(void) { \
    return gpuprobe::telemetry::table<open_function>();                       \
  }
