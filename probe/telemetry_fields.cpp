#include "gpuprobe/telemetry_fields.hpp"

#include <algorithm>
#include <cmath>

#include "gpuprobe/telemetry.h"

namespace gpuprobe {
namespace {

// Indexed by gp_telemetry_field.
constexpr TelemetryFieldSpec kFields[GP_TELEMETRY_FIELD_COUNT] = {
    {"sm_clock_mhz", "SM clock", "MHz"},
    {"memory_clock_mhz", "memory clock", "MHz"},
    {"temperature_c", "temperature", "C"},
    {"hotspot_temperature_c", "hotspot temperature", "C"},
    {"memory_temperature_c", "memory temperature", "C"},
    {"power_w", "power draw", "W"},
    {"power_limit_w", "power limit", "W"},
    {"fan_percent", "fan", "%"},
};

}  // namespace

const TelemetryFieldSpec* telemetry_field(uint32_t field) {
  return field < GP_TELEMETRY_FIELD_COUNT ? &kFields[field] : nullptr;
}

const TelemetryFieldSpec* telemetry_field(const std::string& name) {
  for (const auto& f : kFields)
    if (name == f.name) return &f;
  return nullptr;
}

std::string telemetry_inconsistency(const TelemetrySummary& t) {
  if (!t.unavailable.empty() && (t.samples != 0 || !t.fields.empty()))
    return "telemetry says unavailable but has samples";
  if (!std::isfinite(t.interval_seconds) || t.interval_seconds < 0)
    return "telemetry interval is not a non-negative time";
  for (const auto& [name, r] : t.fields) {
    if (name.empty()) return "telemetry has a field with no name";
    if (r.count == 0 || r.count > t.samples)
      return "telemetry field " + name + " counts " + std::to_string(r.count) + " of " +
             std::to_string(t.samples) + " samples";
    if (!std::isfinite(r.min) || !std::isfinite(r.mean) || !std::isfinite(r.max))
      return "telemetry field " + name + " is not finite";
    // The mean of doubles can round a hair outside [min, max].
    const double slack = 1e-9 * std::max(std::fabs(r.min), std::fabs(r.max));
    if (!(r.min <= r.max) || r.mean < r.min - slack || r.mean > r.max + slack)
      return "telemetry field " + name + " does not have min <= mean <= max";
  }
  if (!t.clock_events.empty() && !t.clock_events_reported)
    return "telemetry lists clock events but says its source reports none";
  return {};
}

}  // namespace gpuprobe
