#include "app/check_job.hpp"

#include <stdexcept>

namespace gpuprobe::gui {

CheckJob::~CheckJob() {
  cancel_ = true;
  if (thread_.joinable()) thread_.join();
}

void CheckJob::start(Session& session, const BuyerCheckOptions& options,
                     std::function<void()> on_line) {
  if (running_) throw std::invalid_argument("a check is already running");
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    log_.clear();
    error_.clear();
    pending_.reset();
  }
  report_.reset();
  cancel_ = false;
  running_ = true;
  thread_ = std::thread([this, &session, options, on_line] {
    try {
      BuyerCheckReport report = run_buyer_check(
          session, options,
          [this, &on_line](const std::string& line) {
            {
              std::lock_guard<std::mutex> lock(mutex_);
              log_.push_back(line);
            }
            if (on_line) on_line();
          },
          &cancel_);
      std::lock_guard<std::mutex> lock(mutex_);
      pending_ = std::move(report);
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mutex_);
      error_ = e.what();
    }
    running_ = false;
    if (on_line) on_line();  // the window collects the report at once
  });
}

bool CheckJob::collect() {
  if (running_ || !thread_.joinable()) return false;
  thread_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  report_ = std::move(pending_);
  pending_.reset();
  return report_.has_value();
}

std::string CheckJob::error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

std::vector<std::string> CheckJob::log() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return log_;
}

}  // namespace gpuprobe::gui
