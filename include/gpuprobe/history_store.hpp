// Run history: every `gpuprobe run` saved as rows a trend or a fleet comparison can be rebuilt
// from. One interface, two stores: an SQLite file on this host (the default) and a shared
// PostgreSQL database for a fleet (`--db postgresql://...`). Errors are exceptions that name
// the database and say what to do: std::invalid_argument for a locator that cannot be a
// store, HistoryError for a store that cannot be opened or written (the CLI exits 2).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe {

// Bumped when the tables change; a store written by a newer gpuprobe is refused, not altered.
inline constexpr int kHistorySchemaVersion = 1;

struct HistoryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One measured point as stored: enough to draw a trend and compare hosts without the document.
struct HistoryPoint {
  std::string backend;
  uint32_t device_index = 0;
  std::string device_name;
  std::string pci_id;  // "10de:2204", empty where the device reports none
  std::string kernel;
  std::string params;  // describe_params() of the effective parameters
  std::string unit;
  double median = 0, min = 0, max = 0, cv = 0;
  bool noisy = false, verified = false;
  std::string status;  // to_string(MeasurementStatus)
};

struct HistoryRun {
  int64_t id = 0;
  std::string started_utc, host, tool_version, mode, origin;
  bool complete = true;
  size_t points = 0;
};

// One kernel's point on one device in one run, oldest run first in a trend.
struct TrendPoint {
  HistoryRun run;
  HistoryPoint point;
};

// A run as exported: its row, its points, and the whole result document where it was stored.
struct StoredRun {
  HistoryRun run;
  std::vector<HistoryPoint> points;
  std::string document;  // JSON text, or empty
};

class HistoryStore {
 public:
  virtual ~HistoryStore() = default;
  // The database in words for messages: the file path, or the URL without its password.
  virtual std::string describe() const = 0;
  // Saves the run and its points in one transaction; returns the run's id. `document`
  // (the result JSON) is optional.
  virtual int64_t save(const RunReport& report, const std::string& document) = 0;
  // Newest first; limit 0: every run.
  virtual std::vector<HistoryRun> list_runs(size_t limit) = 0;
  // The Ok points of `kernel` in the newest `newest_runs` runs that have any (0: every run),
  // oldest run first (filter devices with matches_device()).
  virtual std::vector<TrendPoint> kernel_points(const std::string& kernel,
                                                size_t newest_runs = 0) = 0;
  virtual std::vector<StoredRun> export_runs() = 0;
  // For each host, device model, backend, kernel and params: the point of the newest run.
  virtual std::vector<TrendPoint> latest_points() = 0;
};

// "" : the default SQLite file; postgresql://... or postgres://... : PostgreSQL; else an
// SQLite file path. Opens (creating the schema on first use) and checks the store.
std::unique_ptr<HistoryStore> open_history_store(const std::string& locator);
bool is_postgres_locator(const std::string& locator);
// $XDG_DATA_HOME/gpuprobe/history.sqlite, else ~/.local/share/gpuprobe/history.sqlite.
std::string default_history_path();

// The rows a run is stored as: one per point of every kernel of every device.
std::vector<HistoryPoint> history_points(const RunReport& report);
// The Ok rows of a run, one per device, kernel and params (the last where a run repeats one):
// what replaces the host's newest figures.
std::vector<HistoryPoint> newest_rows(const std::vector<HistoryPoint>& points);
// The run's own row (id 0 until saved).
HistoryRun history_run(const RunReport& report);
// SELECTOR is BACKEND:INDEX ("opencl:0"), or text found in the device's name (any case).
bool matches_device(const HistoryPoint& point, const std::string& selector);
// "cpu:0 (AMD EPYC ...)"
std::string device_label(const HistoryPoint& point);
// Whether a larger figure is better for this kernel (false for latencies).
bool higher_is_better(const std::string& kernel);

// A host whose newest figure for a kernel is worse than its siblings' (same GPU model: PCI id,
// else device name; same backend, kernel and params, other hosts) by more than `threshold`
// (0.10 = 10 %) and whose own measured spread does not reach the siblings' median.
struct FleetOutlier {
  std::string model, backend, kernel, params, unit, host;
  double figure = 0;           // the host's newest median
  double siblings_median = 0;  // median of the other hosts' newest medians
  size_t siblings = 0;
  double shortfall = 0;  // fraction worse than the siblings (0.2 = 20 % worse)
};
struct FleetGroup {
  std::string model, backend;
  std::vector<std::string> hosts;
};
struct FleetReport {
  std::vector<FleetGroup> groups;
  std::vector<FleetOutlier> outliers;
  size_t within_spread = 0;  // shortfalls beyond the threshold that the host's spread covers
};
FleetReport find_fleet_outliers(const std::vector<TrendPoint>& latest, double threshold = 0.10);

}  // namespace gpuprobe
