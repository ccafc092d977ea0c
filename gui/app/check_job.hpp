// The buyer's check run from the window: run_buyer_check (gpuprobe/buyer_check.hpp) on a
// thread of its own over the App's Session, its progress lines kept for the panel, Cancel
// honoured between steps. One check or one suite run at a time (they share the Session).
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gpuprobe/buyer_check.hpp"

namespace gpuprobe::gui {

class CheckJob {
 public:
  ~CheckJob();  // cancels and joins a check in flight
  // Throws std::invalid_argument for bad options (the panel shows it).
  // `on_line` runs on the check's thread after each progress line (the window wakes up).
  void start(Session& session, const BuyerCheckOptions& options,
             std::function<void()> on_line = {});
  bool running() const { return running_; }
  void cancel() { cancel_ = true; }
  bool finished() const { return !running_ && report_.has_value(); }
  // The report once done (nullopt while running or before any check).
  const std::optional<BuyerCheckReport>& report() const { return report_; }
  std::string error() const;
  std::vector<std::string> log() const;  // progress lines so far
  // Joins the thread once it has finished; true when a report just arrived.
  bool collect();

 private:
  std::thread thread_;
  std::atomic<bool> running_{false}, cancel_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> log_;
  std::string error_;
  std::optional<BuyerCheckReport> pending_, report_;
};

}  // namespace gpuprobe::gui
