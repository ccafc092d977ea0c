#include "model/run_frame_pacer.hpp"

#include <algorithm>

namespace gpuprobe::gui {

void RunFramePacer::start(Clock::time_point now, uint64_t input_events, uint64_t progress_events) {
  stats_ = {};
  last_frame_ = now;
  drawn_any_ = false;
  seen_input_ = input_events;
  seen_progress_ = progress_events;
}

std::optional<FrameCause> RunFramePacer::due(Clock::time_point now, uint64_t input_events,
                                             uint64_t progress_events, bool app_wants_frame) const {
  // Input first: a click must show at once, whatever else is pending.
  if (input_events != seen_input_) return FrameCause::Input;
  if (progress_events != seen_progress_) return FrameCause::PointBoundary;
  if (app_wants_frame || !drawn_any_) return FrameCause::App;
  if (seconds_to_timer(now) <= 0) return FrameCause::Timer;
  return std::nullopt;
}

void RunFramePacer::drew(Clock::time_point now, FrameCause cause, uint64_t input_events,
                         uint64_t progress_events) {
  if (drawn_any_)
    stats_.longest_gap_seconds = std::max(stats_.longest_gap_seconds,
                                          std::chrono::duration<double>(now - last_frame_).count());
  drawn_any_ = true;
  last_frame_ = now;
  seen_input_ = input_events;
  seen_progress_ = progress_events;
  ++stats_.frames;
  switch (cause) {
    case FrameCause::Input:
      ++stats_.input;
      break;
    case FrameCause::PointBoundary:
      ++stats_.point_boundary;
      break;
    case FrameCause::App:
      ++stats_.app;
      break;
    case FrameCause::Timer:
      ++stats_.timer;
      break;
  }
}

double RunFramePacer::seconds_to_timer(Clock::time_point now) const {
  const double since = std::chrono::duration<double>(now - last_frame_).count();
  return std::max(kTimerPeriodSeconds - since, 0.0);
}

}  // namespace gpuprobe::gui
