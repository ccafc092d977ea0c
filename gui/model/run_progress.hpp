// Progress of a running suite, written by the Session's worker thread (progress callback)
// and read by the UI thread every frame. One bar per device.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "gpuprobe/session.hpp"

namespace gpuprobe::gui {

struct DeviceProgress {
  DeviceRef device;
  std::string label;
  size_t done = 0, total = 0;
  std::string message;  // what runs now on this device, "done" when finished
  bool finished() const { return total > 0 && done >= total; }
  float fraction() const { return total ? float(done) / float(total) : 0.0f; }
};

struct ProgressView {
  std::vector<DeviceProgress> devices;  // in the order they started
  size_t done = 0, total = 0;
  std::string current;  // latest message
  double elapsed_seconds = 0;
};

class RunProgress {
 public:
  // Forget the last run; `planned` lists the devices about to run, so each has a bar
  // before its first point starts.
  void reset(const std::vector<DeviceProgress>& planned);
  void update(const Progress& p);  // from the worker thread
  ProgressView view() const;       // from the UI thread

 private:
  mutable std::mutex mutex_;
  ProgressView state_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace gpuprobe::gui
