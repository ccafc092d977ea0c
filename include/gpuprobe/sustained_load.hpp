// Sustained load for the buyer's check: one kernel (compute_fp32 by default, the FMA chain)
// run back to back on one device for minutes, its throughput and telemetry recorded once per
// interval (about a second), then a phase at partial load (busy half of each period, idle
// the other half: clock transitions at 40-60 % load expose faults that full load hides).
// Every interval is a normal verified point run through the Session, so a device that
// starts computing wrong answers when hot is caught, not just a slow one.
//
// analyse_throttling() reads such a series (or a synthetic one in tests): throttled when
// the late throughput falls more than the threshold below the early throughput, with the
// reasons the driver gave (telemetry clock events) and what the clocks, temperature and
// power did meanwhile.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gpuprobe/results.hpp"
#include "gpuprobe/session.hpp"

namespace gpuprobe {

// One interval of the load.
struct LoadInterval {
  double end_seconds = 0;  // since the load started
  bool partial = false;    // taken in the partial-load phase
  double busy_fraction = 1.0;
  MeasurementStatus status = MeasurementStatus::Ok;
  std::string message;    // why the interval failed (verification, error)
  double throughput = 0;  // median over the interval's samples, in `unit`
  std::optional<TelemetrySummary> telemetry;
};

struct SustainedLoad {
  DeviceRef device;
  std::string device_label, kernel, unit;
  double full_seconds = 0, partial_seconds = 0;
  std::vector<LoadInterval> intervals;
  bool cancelled = false;
};

struct SustainedLoadOptions {
  DeviceRef device;
  std::string kernel = "compute_fp32";
  double seconds = 300;           // the whole load: full phase, then partial phase
  double partial_share = 0.25;    // of `seconds` spent at partial load (0: none)
  double partial_busy = 0.5;      // busy fraction of each period in the partial phase
  double interval_seconds = 1.0;  // timed work per interval (5 samples of a fifth each)
  double point_timeout_seconds = 30.0;
};

using LoadProgress = std::function<void(const SustainedLoad& so_far)>;

// Throws std::invalid_argument for a bad option (naming it) and std::runtime_error when the
// device cannot run the kernel at all (its reason). `cancel` (optional) is checked between
// intervals; a cancelled load keeps what it measured and says so.
SustainedLoad run_sustained_load(Session& session, const SustainedLoadOptions& options,
                                 const LoadProgress& progress = {},
                                 const std::atomic<bool>* cancel = nullptr);

inline constexpr double kThrottleThreshold = 0.10;  // late more than 10 % below early

struct ThrottleAnalysis {
  bool judged = false;  // enough full-load intervals to compare early and late
  bool throttled = false;
  double early = 0, late = 0;  // median throughput of the first and last fifth (full load)
  double change = 0;           // late / early - 1
  size_t failed_intervals = 0, failed_at_partial_load = 0;
  std::optional<double> partial_vs_full;  // busy-time throughput at partial / full load
  std::vector<std::string> reasons;       // clock events the driver gave, in the late fifth
  std::vector<std::string> evidence;      // clocks, temperature, power early vs late
  std::string reading;                    // one plain sentence
};

// Judges a series: the first interval (warm-up) is left out; early and late are the medians
// of the first and last fifth of the full-load intervals (at least one each, three in all).
ThrottleAnalysis analyse_throttling(const SustainedLoad& load,
                                    double threshold = kThrottleThreshold);

}  // namespace gpuprobe
