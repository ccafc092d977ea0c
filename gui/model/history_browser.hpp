// What the History panel shows, without ImGui: the runs of the history store (the default
// SQLite file or --db), and one kernel's trend on the chosen device as series a chart draws
// (one per device and params, oldest run first, with each point's measured spread).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gpuprobe/history_store.hpp"

namespace gpuprobe::gui {

struct TrendSample {
  double x = 0;  // position on the time axis: the run's rank among the runs shown (0, 1, ...)
  int64_t run_id = 0;
  std::string started_utc, host;
  double median = 0, min = 0, max = 0;
  bool noisy = false;
};

struct TrendSeries {
  std::string label;  // "cpu:0 (AMD EPYC) read 1 MiB w4"
  std::string unit;
  std::vector<TrendSample> samples;
};

// One kernel's points as series; `device` filters as `gpuprobe history --device` does.
// Every series shares one x axis: the distinct runs, oldest first.
std::vector<TrendSeries> trend_series(const std::vector<TrendPoint>& points,
                                      const std::string& device);

// The trend chart shows the newest runs that have the kernel: more would not fit its width.
inline constexpr size_t kTrendRuns = 100;

class HistoryBrowser {
 public:
  // "" : the default store. Nothing is opened until load().
  explicit HistoryBrowser(std::string locator) : locator_(std::move(locator)) {}

  // Opens the store and reads its runs and the kernels and devices it holds; a store that
  // cannot be opened leaves error() set and the lists empty. The trend's kernel defaults to
  // the first kernel (in kernels.def order) the store has points of.
  void load(size_t run_limit = 200);
  bool loaded() const { return loaded_; }
  const std::string& error() const { return error_; }
  const std::string& described() const { return described_; }
  const std::vector<HistoryRun>& runs() const { return runs_; }
  const std::vector<std::string>& kernels() const { return kernels_; }
  const std::vector<std::string>& devices() const { return devices_; }  // "backend:index"

  void select(const std::string& kernel, const std::string& device);
  const std::string& kernel() const { return kernel_; }
  const std::string& device() const { return device_; }  // "" : every device
  const std::vector<TrendSeries>& series() const { return series_; }

 private:
  std::string locator_, described_, error_;
  std::unique_ptr<HistoryStore> store_;
  bool loaded_ = false;
  std::vector<HistoryRun> runs_;
  std::vector<std::string> kernels_, devices_;
  std::string kernel_, device_;
  std::vector<TrendSeries> series_;
};

}  // namespace gpuprobe::gui
