#include "model/history_browser.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "gpuprobe/kernels.hpp"

namespace gpuprobe::gui {

std::vector<TrendSeries> trend_series(const std::vector<TrendPoint>& points,
                                      const std::string& device) {
  std::vector<const TrendPoint*> kept;
  for (const auto& t : points)
    if (matches_device(t.point, device)) kept.push_back(&t);
  std::map<int64_t, double> rank;  // run id -> x
  for (const TrendPoint* t : kept) rank[t->run.id] = 0;
  double x = 0;
  for (auto& [id, position] : rank) position = x++;

  std::map<std::string, TrendSeries> by_label;
  std::vector<std::string> order;
  for (const TrendPoint* t : kept) {
    const std::string label =
        device_label(t->point) + " " + t->point.kernel + " " + t->point.params;
    auto [it, added] = by_label.try_emplace(label);
    if (added) {
      order.push_back(label);
      it->second.label = label;
      it->second.unit = t->point.unit;
    }
    it->second.samples.push_back({rank[t->run.id], t->run.id, t->run.started_utc, t->run.host,
                                  t->point.median, t->point.min, t->point.max, t->point.noisy});
  }
  std::vector<TrendSeries> out;
  for (const auto& label : order) out.push_back(std::move(by_label[label]));
  return out;
}

void HistoryBrowser::load(size_t run_limit) {
  loaded_ = true;
  error_.clear();
  runs_.clear();
  kernels_.clear();
  devices_.clear();
  series_.clear();
  try {
    // Looking is not writing: a store that does not exist yet is shown empty, not created.
    if (!is_postgres_locator(locator_)) {
      const std::string path = locator_.empty() ? default_history_path() : locator_;
      if (!std::filesystem::exists(path)) {
        described_ = path;
        store_.reset();
        return;
      }
    }
    store_ = open_history_store(locator_);
    described_ = store_->describe();
    runs_ = store_->list_runs(run_limit);
    std::set<std::string> kernels, devices;
    for (const TrendPoint& t : store_->latest_points()) {
      kernels.insert(t.point.kernel);
      devices.insert(t.point.backend + ":" + std::to_string(t.point.device_index));
    }
    for (const auto& spec : kernel_specs())
      if (kernels.count(spec.name)) kernels_.push_back(spec.name);
    devices_.assign(devices.begin(), devices.end());
    if (std::find(kernels_.begin(), kernels_.end(), kernel_) == kernels_.end())
      kernel_ = kernels_.empty() ? "" : kernels_.front();
    select(kernel_, device_);
  } catch (const std::exception& e) {
    store_.reset();
    error_ = e.what();
    if (described_.empty()) described_ = locator_.empty() ? "the default history" : locator_;
  }
}

void HistoryBrowser::select(const std::string& kernel, const std::string& device) {
  kernel_ = kernel;
  device_ = device;
  series_.clear();
  if (!store_ || kernel_.empty()) return;
  try {
    series_ = trend_series(store_->kernel_points(kernel_, kTrendRuns), device_);
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

}  // namespace gpuprobe::gui
