#include "model/run_progress.hpp"

namespace gpuprobe::gui {

void RunProgress::reset(const std::vector<DeviceProgress>& planned) {
  std::lock_guard lock(mutex_);
  state_ = {};
  state_.devices = planned;
  started_ = std::chrono::steady_clock::now();
}

void RunProgress::update(const Progress& p) {
  std::lock_guard lock(mutex_);
  DeviceProgress* d = nullptr;
  for (auto& x : state_.devices)
    if (x.device == p.device) d = &x;
  if (!d) {
    state_.devices.push_back({p.device, p.device_label, 0, 0, ""});
    d = &state_.devices.back();
  }
  d->label = p.device_label;
  d->done = p.device_done;
  d->total = p.device_total;
  d->message = p.message;
  state_.done = p.done;
  state_.total = p.total;
  state_.current = p.device_label + ": " + p.message;
}

ProgressView RunProgress::view() const {
  std::lock_guard lock(mutex_);
  ProgressView v = state_;
  v.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return v;
}

}  // namespace gpuprobe::gui
