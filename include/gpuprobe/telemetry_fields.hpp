// The telemetry fields a result document may hold (telemetry.h gp_telemetry_field): the
// name a document uses, a label and a unit for tables and tooltips, and the check every
// summary passes before it is trusted (from a worker's reply or a file).
#pragma once

#include <cstdint>
#include <string>

#include "gpuprobe/results.hpp"

namespace gpuprobe {

struct TelemetryFieldSpec {
  const char* name;   // "sm_clock_mhz": the key in a document
  const char* label;  // "SM clock"
  const char* unit;   // "MHz"
};

// The spec of a gp_telemetry_field, or null past GP_TELEMETRY_FIELD_COUNT.
const TelemetryFieldSpec* telemetry_field(uint32_t field);
// The spec for a document key, or null for a name this gpuprobe does not know (a newer
// minor version's field: kept, shown with its key as the label).
const TelemetryFieldSpec* telemetry_field(const std::string& name);

// "" when the summary keeps its promises: finite ranges with min <= mean <= max, no range
// counting more samples than were taken, no samples when it says unavailable.
std::string telemetry_inconsistency(const TelemetrySummary& summary);

}  // namespace gpuprobe
