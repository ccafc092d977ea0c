#include "clock_events.hpp"

#include "gpuprobe/telemetry.h"
#include "nvml_api.hpp"

namespace gpuprobe::telemetry {

uint32_t clock_events_from_nvml(uint64_t nvml) {
  struct Map {
    uint64_t nvml;
    uint32_t gp;
  };
  static constexpr Map kMap[] = {
      {nvml::kEventGpuIdle, GP_CLOCK_EVENT_IDLE},
      {nvml::kEventApplicationsClocksSetting, GP_CLOCK_EVENT_APPLICATION_CLOCKS},
      {nvml::kEventSwPowerCap, GP_CLOCK_EVENT_SW_POWER_CAP},
      {nvml::kEventHwSlowdown, GP_CLOCK_EVENT_HW_SLOWDOWN},
      {nvml::kEventSyncBoost, GP_CLOCK_EVENT_SYNC_BOOST},
      {nvml::kEventSwThermalSlowdown, GP_CLOCK_EVENT_SW_THERMAL},
      {nvml::kEventHwThermalSlowdown, GP_CLOCK_EVENT_HW_THERMAL},
      {nvml::kEventHwPowerBrakeSlowdown, GP_CLOCK_EVENT_HW_POWER_BRAKE},
      {nvml::kEventDisplayClockSetting, GP_CLOCK_EVENT_DISPLAY_CLOCKS},
  };
  uint32_t out = 0;
  uint64_t known = 0;
  for (const Map& m : kMap) {
    known |= m.nvml;
    if (nvml & m.nvml) out |= m.gp;
  }
  if (nvml & ~known) out |= GP_CLOCK_EVENT_OTHER;
  return out;
}

std::vector<std::string> clock_event_names(uint32_t events) {
  std::vector<std::string> names;
  for (uint32_t bit = 1; bit; bit <<= 1)
    if (events & bit)
      names.push_back(gp_clock_event_name(bit) ? gp_clock_event_name(bit) : "other");
  return names;
}

}  // namespace gpuprobe::telemetry
