// NVML's clock-event reason bits -> the ABI's GP_CLOCK_EVENT_* bits (telemetry.h), whose
// names gp_clock_event_name() gives. A bit NVML adds later becomes GP_CLOCK_EVENT_OTHER.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gpuprobe::telemetry {

uint32_t clock_events_from_nvml(uint64_t nvml_reasons);
// Names of the GP_CLOCK_EVENT_* bits set, in bit order ("sw_power_cap", "hw_thermal").
std::vector<std::string> clock_event_names(uint32_t events);

}  // namespace gpuprobe::telemetry
