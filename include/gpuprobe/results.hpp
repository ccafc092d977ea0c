// Result types shared by the CLI, the GUI, the tests and the result files. Immutable once a
// run hands them out; everything a later comparison needs is kept (every sample, params).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "gpuprobe/spec_comparison.hpp"

namespace gpuprobe {

// Version of the JSON result document. Bump the major on incompatible changes; readers
// refuse a newer major with a clear message.
inline constexpr int kResultSchemaMajor = 1;
// 1.1: noisy, adjustments, devices[].memory_plan; 1.2: complete, incomplete_reason;
// 1.3: matmul precisions tf32, bf16 and int8, the matmul_tensor kernel, points[].telemetry;
// 1.4: origin.
// 1.5: devices[].spec (the matched spec row and the shares of it reached).
inline constexpr int kResultSchemaMinor = 5;

struct InfoValue {
  std::string key;
  std::variant<int64_t, bool, double, std::string> value;
  std::string unit;
  std::string to_string() const;  // value with unit, for tables
};

struct DeviceInfo {
  std::string backend;  // plugin name: "cpu", "opencl", ...
  std::string api;      // "OpenCL"
  uint32_t index = 0;   // device index inside the backend
  std::string name;
  std::vector<InfoValue> info;
  const InfoValue* find(const std::string& key) const;
  std::optional<int64_t> find_int(const std::string& key) const;
  std::string label() const;  // "opencl:0 (pthread-Intel Xeon)"
};

struct BackendStatus {
  std::string name;
  std::string library;  // path of the plugin file
  bool available = false;
  std::string reason;  // why unavailable
  std::vector<DeviceInfo> devices;
};

// A point whose samples still spread more than this (CV) after adaptive sampling is noisy:
// its median is reported, and marked, but it should not be trusted to a few percent.
inline constexpr double kNoisyCv = 0.05;

struct Statistics {
  size_t count = 0;
  double median = 0, min = 0, max = 0, mean = 0, p90 = 0;
  double cv = 0;  // coefficient of variation: stddev / mean
};

// Skipped: the suite's time budget left the point out (its estimated run time is in the
// message); the device could run it, so it is neither unsupported nor failed.
enum class MeasurementStatus { Ok, Unsupported, VerificationFailed, Error, Cancelled, Skipped };
const char* to_string(MeasurementStatus s);
std::optional<MeasurementStatus> measurement_status_from_string(const std::string& s);

struct KernelParams {
  uint64_t size_bytes = 0;
  uint32_t vector_width = 1;
  uint64_t work_items = 0;
  uint64_t m = 0, n = 0, k = 0;
  std::string precision = "fp32";
  bool pinned = false;
  bool operator==(const KernelParams&) const = default;
};

// What the plugin changed about a figure (plugin.h GP_ADJUST_*); the message says how.
struct Adjustments {
  bool clamped = false;      // size, work-items or shape reduced to what the device allows
  bool substituted = false;  // a measured value replaced by a bound (e.g. timer resolution)
  bool operator==(const Adjustments&) const = default;
};

// min/mean/max of one telemetry field over the samples that had it.
struct TelemetryRange {
  uint32_t count = 0;  // samples that held the field
  double min = 0, mean = 0, max = 0;
  bool operator==(const TelemetryRange&) const = default;
};

// What the plugin's telemetry entry (telemetry.h) saw while one point ran. Only fields the
// source reported are present; a plugin without the entry leaves Measurement::telemetry empty.
struct TelemetrySummary {
  std::string unavailable;  // why the device has no telemetry (then samples == 0)
  uint32_t samples = 0;     // samples taken while the point ran
  double interval_seconds = 0;
  // Keyed by telemetry_field_name(): "sm_clock_mhz", "temperature_c", "power_w", ...
  std::map<std::string, TelemetryRange> fields;
  bool clock_events_reported = false;     // the source reports clock-event reasons
  std::vector<std::string> clock_events;  // union of reasons seen, in bit order
  bool operator==(const TelemetrySummary&) const = default;
};

// One point of a kernel's sweep on one device.
struct Measurement {
  KernelParams requested;
  KernelParams effective;  // after the plugin clamped sizes
  MeasurementStatus status = MeasurementStatus::Ok;
  std::string message;            // reason for non-Ok; notes (clamping, timer fallback) for Ok
  uint32_t iterations = 0;        // launches per sample
  double work_per_iteration = 0;  // counted as kernels.def says
  std::vector<double> sample_seconds;
  std::string timer;  // "device" or "host"
  bool verified = false;
  Statistics figure;   // in the kernel's unit (GB/s, ns/load, ...)
  bool noisy = false;  // figure.cv > kNoisyCv after adaptive sampling
  Adjustments adjustments;
  std::optional<TelemetrySummary> telemetry;  // schema 1.3; only from plugins with telemetry
};

struct KernelResult {
  std::string kernel;  // kernels.def name
  std::string family;
  std::string unit;
  std::vector<Measurement> points;
  // Best figure among Ok points: max for rates, min for latencies.
  std::optional<double> best() const;
};

// How the suite sized the working set its DRAM figures use on one device, and what the
// pointer chase said about the last-level cache the platform reports (which can lie: a VM's
// CPUID once claimed a 508 MiB L3 that the chase left at 32 MiB).
struct MemoryPlan {
  uint64_t reported_llc_bytes = 0;         // the device's own, else its host's (0: none)
  std::string reported_by;                 // "the device" / "the host"
  uint64_t measured_dram_knee_bytes = 0;   // where the chase reaches DRAM (0: not measured)
  bool reported_llc_contradicted = false;  // the report is far above the measured knee
  uint64_t dram_working_set_bytes = 0;     // read/write/copy at their largest size, latency_hiding
  std::string basis;                       // how that size was chosen, in plain words
};

struct DeviceResult {
  DeviceInfo device;
  MemoryPlan memory;  // empty (all 0) for results from before the plan was recorded
  std::vector<KernelResult> kernels;
  std::optional<SpecComparison> spec;  // schema 1.4; absent where no spec database was used
  const KernelResult* find(const std::string& kernel) const;
};

struct HostInfo {
  std::string hostname, os, cpu;
  uint64_t memory_bytes = 0;
  uint32_t logical_cpus = 0;
};

// How a run was taken (1.4): its front-end, and for the GUI the frames per second its
// window drew while the run was in flight (the window shares the machine, and on a GPU the
// device, with the benchmark).
struct RunOrigin {
  std::string front_end;  // "cli" or "gui"
  std::optional<double> window_frames_per_second;
  std::string renderer;  // the window's GL_RENDERER (gui only): which device it drew on
};

struct RunReport {
  int schema_major = kResultSchemaMajor;
  int schema_minor = kResultSchemaMinor;
  std::string tool_version;
  std::string started_utc;  // ISO 8601
  std::string mode;         // "quick" / "full"
  HostInfo host;
  std::vector<BackendStatus> backends;
  std::vector<DeviceResult> devices;
  // false: the run did not finish (stopped early, or recovered from its journal); the
  // reason says why. Documents before schema 1.2 have neither and are complete.
  bool complete = true;
  std::string incomplete_reason;
  std::optional<RunOrigin> origin;  // absent before 1.4 and in a journal's recovery
  std::string source;          // file it was loaded from, empty for a live run (not serialised)
  bool any_failure() const;    // a verification failure or a device error
  bool any_cancelled() const;  // a point was cancelled (the run was interrupted)
};

}  // namespace gpuprobe
