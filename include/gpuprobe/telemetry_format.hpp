// Telemetry in words, for the CLI table and the GUI's hover text: one line per field
// ("SM clock  1500 / 1525 / 1550 MHz (min / mean / max, 4 samples)"), the clock events seen,
// or why the device has none. Only what the summary holds is shown.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe {

std::vector<std::string> describe_telemetry(const TelemetrySummary& summary);

// Every point's telemetry of one device folded into one summary (min of mins, max of maxes,
// means weighted by their sample counts); nullopt when no point carries any.
std::optional<TelemetrySummary> device_telemetry(const DeviceResult& device);

}  // namespace gpuprobe
