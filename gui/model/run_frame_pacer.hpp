// When the window draws while a run is in flight. The window shares the machine with the
// benchmark (on a real GPU it renders on the very device being measured), so during a run
// it draws only when something asks for it: user input, a point boundary (the Session's
// progress event), a one-off the app needs (a screenshot, a panel switch), and otherwise at
// most kMaxTimerFramesPerSecond so the elapsed time stays current. Pure logic, no window.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace gpuprobe::gui {

// Why a frame was drawn during a run.
enum class FrameCause { Input, PointBoundary, App, Timer };

// Frames drawn while a run was in flight, by cause.
struct FrameStats {
  size_t frames = 0;
  size_t input = 0, point_boundary = 0, app = 0, timer = 0;
  double longest_gap_seconds = 0;
  double seconds = 0;  // how long the run lasted (set when it ends)
};

class RunFramePacer {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr double kMaxTimerFramesPerSecond = 2.0;
  static constexpr double kTimerPeriodSeconds = 1.0 / kMaxTimerFramesPerSecond;

  // A run starts now: counts start from zero, and the first frame is drawn at once.
  void start(Clock::time_point now, uint64_t input_events, uint64_t progress_events);
  // Whether to draw now, and why: counters are monotonic (input seen by the window,
  // progress events from the Session); `app_wants_frame` is a one-off request.
  std::optional<FrameCause> due(Clock::time_point now, uint64_t input_events,
                                uint64_t progress_events, bool app_wants_frame) const;
  // A frame was drawn (for `cause`): counts it and remembers what it has seen.
  void drew(Clock::time_point now, FrameCause cause, uint64_t input_events,
            uint64_t progress_events);
  // How long the window may sleep before the next timer frame is due (>= 0).
  double seconds_to_timer(Clock::time_point now) const;

  const FrameStats& stats() const { return stats_; }
  FrameStats& stats() { return stats_; }

 private:
  FrameStats stats_;
  Clock::time_point last_frame_{};
  bool drawn_any_ = false;
  uint64_t seen_input_ = 0, seen_progress_ = 0;
};

}  // namespace gpuprobe::gui
