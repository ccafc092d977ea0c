// The core's side of the telemetry entry (gpuprobe/telemetry.h): one plugin's table, a
// session per device opened on first use and kept until the plugin unloads, and a thread
// that samples while a point runs and folds the samples into min/mean/max per field.
// Lives wherever the plugin does: in the gpuprobe-worker by default, in this process with
// --in-process; either way the summary travels with the run's outcome.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "gpuprobe/results.hpp"
#include "gpuprobe/telemetry.h"

namespace gpuprobe {

// Between 50 and 100 ms: often enough to see a clock drop within a short point, rarely
// enough that reading NVML or sysfs costs the run nothing measurable.
inline constexpr double kTelemetryIntervalSeconds = 0.05;

// Folds samples into a summary; every value is checked here, once.
class TelemetryAccumulator {
 public:
  void add(const gp_telemetry_sample& sample);
  TelemetrySummary summary(double interval_seconds) const;

 private:
  struct Sums {
    uint32_t count = 0;
    double min = 0, max = 0, sum = 0;
  };
  uint32_t samples_ = 0;
  Sums fields_[GP_TELEMETRY_FIELD_COUNT];
  bool clock_events_reported_ = false;
  uint32_t clock_events_ = 0;
};

class TelemetrySource {
 public:
  // A table that passed the version check; `broken` (non-empty) makes every device
  // unavailable with that reason instead (a table of another version, a missing entry).
  TelemetrySource(const gp_telemetry* table, std::string broken = {});
  ~TelemetrySource();  // closes every session; call before the plugin's shutdown()
  TelemetrySource(const TelemetrySource&) = delete;
  TelemetrySource& operator=(const TelemetrySource&) = delete;

  // Runs `body` while a thread samples `device` every `interval_seconds` (once before,
  // once after, and in between). A device without telemetry gives `unavailable`.
  TelemetrySummary sample_while(uint32_t device, const std::function<void()>& body,
                                double interval_seconds = kTelemetryIntervalSeconds);

 private:
  struct Device {
    gp_telemetry_session* session = nullptr;
    std::string unavailable;
  };
  Device& open(uint32_t device);

  const gp_telemetry* table_;
  std::string broken_;
  std::map<uint32_t, Device> devices_;
};

// The table behind `entry` checked: "" when usable, else why not.
std::string telemetry_table_violation(const gp_telemetry* table);

}  // namespace gpuprobe
