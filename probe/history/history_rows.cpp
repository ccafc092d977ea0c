// Turning a RunReport into history rows, and the questions asked of them (device selectors,
// the fleet's outliers) that do not depend on which database holds them.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <tuple>

#include "gpuprobe/history_store.hpp"
#include "gpuprobe/kernels.hpp"
#include "gpuprobe/report_format.hpp"
#include "gpuprobe/spec_match.hpp"

namespace gpuprobe {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

bool is_postgres_locator(const std::string& locator) {
  return locator.rfind("postgresql://", 0) == 0 || locator.rfind("postgres://", 0) == 0;
}

std::string default_history_path() {
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    base = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home)
    base = std::filesystem::path(home) / ".local" / "share";
  else
    throw std::invalid_argument(
        "no history location: neither XDG_DATA_HOME nor HOME is set; pass --db PATH or "
        "--no-history");
  return (base / "gpuprobe" / "history.sqlite").string();
}

HistoryRun history_run(const RunReport& report) {
  HistoryRun run;
  run.started_utc = report.started_utc;
  run.host = report.host.hostname;
  run.tool_version = report.tool_version;
  run.mode = report.mode;
  run.origin = report.origin ? report.origin->front_end : "";
  run.complete = report.complete;
  return run;
}

std::vector<HistoryPoint> history_points(const RunReport& report) {
  std::vector<HistoryPoint> rows;
  for (const DeviceResult& device : report.devices) {
    const auto id = device_pci_id(device.device);
    for (const KernelResult& kernel : device.kernels)
      for (const Measurement& m : kernel.points) {
        rows.push_back(HistoryPoint{.backend = device.device.backend,
                                    .device_index = device.device.index,
                                    .device_name = device.device.name,
                                    .pci_id = id ? to_string(*id) : "",
                                    .kernel = kernel.kernel,
                                    .params = describe_params(kernel.kernel, m.effective),
                                    .unit = kernel.unit,
                                    .median = m.figure.median,
                                    .min = m.figure.min,
                                    .max = m.figure.max,
                                    .cv = m.figure.cv,
                                    .noisy = m.noisy,
                                    .verified = m.verified,
                                    .status = to_string(m.status)});
      }
  }
  return rows;
}

std::vector<HistoryPoint> newest_rows(const std::vector<HistoryPoint>& points) {
  std::map<std::tuple<std::string, uint32_t, std::string, std::string, std::string, std::string>,
           size_t>
      index;
  std::vector<HistoryPoint> out;
  for (const HistoryPoint& p : points) {
    if (p.status != "ok") continue;
    const auto [it, added] = index.try_emplace(
        {p.backend, p.device_index, p.device_name, p.pci_id, p.kernel, p.params}, out.size());
    if (added)
      out.push_back(p);
    else
      out[it->second] = p;
  }
  return out;
}

bool matches_device(const HistoryPoint& point, const std::string& selector) {
  if (selector.empty()) return true;
  if (selector == point.backend + ":" + std::to_string(point.device_index)) return true;
  if (selector == point.backend) return true;
  return lower(point.device_name).find(lower(selector)) != std::string::npos;
}

std::string device_label(const HistoryPoint& point) {
  return point.backend + ":" + std::to_string(point.device_index) + " (" + point.device_name + ")";
}

bool higher_is_better(const std::string& kernel) {
  const KernelSpec* spec = find_kernel(kernel);
  return !(spec && spec->metric == GP_METRIC_LATENCY);
}

FleetReport find_fleet_outliers(const std::vector<TrendPoint>& latest, double threshold) {
  // The same card model is compared with itself: its PCI id where known, else its name.
  using Key = std::tuple<std::string, std::string, std::string,
                         std::string>;  // model, backend, kernel, params
  std::map<Key, std::vector<const TrendPoint*>> by_point;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> hosts;
  for (const TrendPoint& t : latest) {
    if (t.point.status != "ok") continue;
    const std::string model = t.point.pci_id.empty()
                                  ? t.point.device_name
                                  : t.point.device_name + " [" + t.point.pci_id + "]";
    by_point[{model, t.point.backend, t.point.kernel, t.point.params}].push_back(&t);
    auto& list = hosts[{model, t.point.backend}];
    if (std::find(list.begin(), list.end(), t.run.host) == list.end()) list.push_back(t.run.host);
  }
  FleetReport report;
  for (auto& [key, list] : hosts) {
    std::sort(list.begin(), list.end());
    report.groups.push_back({key.first, key.second, list});
  }
  for (const auto& [key, points] : by_point) {
    const bool higher = higher_is_better(std::get<2>(key));
    for (const TrendPoint* t : points) {
      std::vector<double> others;
      for (const TrendPoint* o : points)
        if (o->run.host != t->run.host) others.push_back(o->point.median);
      if (others.empty()) continue;
      const double siblings = median_of(others);
      if (siblings <= 0) continue;
      const double shortfall = higher ? (siblings - t->point.median) / siblings
                                      : (t->point.median - siblings) / siblings;
      if (shortfall <= threshold) continue;
      // Noise-aware: a host whose own samples reach the siblings' median is not called slow.
      const bool spread_reaches = higher ? t->point.max >= siblings : t->point.min <= siblings;
      if (spread_reaches) {
        ++report.within_spread;
        continue;
      }
      report.outliers.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key),
                                 std::get<3>(key), t->point.unit, t->run.host, t->point.median,
                                 siblings, others.size(), shortfall});
    }
  }
  std::sort(report.outliers.begin(), report.outliers.end(),
            [](const FleetOutlier& a, const FleetOutlier& b) { return a.shortfall > b.shortfall; });
  return report;
}

}  // namespace gpuprobe
