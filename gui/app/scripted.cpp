#include "app/scripted.hpp"

#include <filesystem>

#include "app/app.hpp"

namespace gpuprobe::gui {
namespace {

// Frames to draw after a panel is shown before it is captured: ImGui sizes table columns
// and tab bars from the previous frame's content. And time: a popup's dimmed background
// fades in over wall-clock time, however fast the frames come.
constexpr int kSettleFrames = 4;
constexpr double kSettleSeconds = 0.5;

}  // namespace

StartupScript::StartupScript(const GuiOptions& options) : options_(options) {
  if (!options.screenshot.empty())
    shots_.push_back(
        {options.panels.empty() ? Panel::Results : options.panels.front(), options.screenshot});
  if (!options.screenshot_dir.empty()) {
    std::vector<Panel> panels = options.panels;
    if (panels.empty()) panels.assign(std::begin(kAllPanels), std::end(kAllPanels));
    for (Panel p : panels)
      shots_.push_back({p, (std::filesystem::path(options.screenshot_dir) /
                            (std::string(panel_name(p)) + ".png"))
                               .string()});
  }
}

void StartupScript::step(App& app) {
  switch (stage_) {
    case Stage::LoadFiles:
      for (const auto& path : options_.load) app.open_file(path);
      stage_ = Stage::WaitBackends;
      [[fallthrough]];
    case Stage::WaitBackends:
      if (!app.session_ready() && app.discovery_error().empty()) return;
      if (app.loading_files()) return;  // screenshots show every --load file
      stage_ = options_.run ? Stage::StartRun : options_.check ? Stage::StartCheck : Stage::Shoot;
      [[fallthrough]];
    case Stage::StartRun:
      if (stage_ == Stage::StartRun) {
        RunOptions o;
        o.devices = options_.devices;
        o.kernels = options_.kernels;
        o.mode = options_.mode;
        if (options_.min_sample_ms) o.min_sample_seconds = *options_.min_sample_ms / 1000.0;
        if (options_.samples) o.samples = *options_.samples;
        run_failed_ = !app.start_run(o);
        run_started_ = std::chrono::steady_clock::now();
        stage_ = run_failed_ ? Stage::Shoot : Stage::WaitRun;
      }
      return;
    case Stage::StartCheck: {
      BuyerCheckOptions o;
      o.quick = true;
      o.load_seconds = options_.check_load_seconds;
      o.memtest_bytes = options_.check_memtest_bytes;
      o.memtest_idle_seconds = 0.5;
      o.price = options_.price;
      o.devices = options_.devices;
      run_failed_ = !app.start_check(o);
      stage_ = run_failed_ ? Stage::Shoot : Stage::WaitCheck;
      return;
    }
    case Stage::WaitCheck:
      if (app.check_job().running()) return;
      if (app.check_job().report()) stage_ = Stage::Shoot;
      return;
    case Stage::WaitRun:
      if (app.run_active()) {
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - run_started_).count();
        if (options_.close_after_seconds > 0 && elapsed >= options_.close_after_seconds)
          close_ = true;
        return;
      }
      stage_ = Stage::Shoot;
      return;
    case Stage::Shoot:
      if (!options_.scripted()) {
        stage_ = Stage::Done;
        return;
      }
      if (capture_requested_) {
        // after_render() of the previous frame wrote it.
        capture_requested_ = false;
        ++next_shot_;
      }
      if (next_shot_ >= shots_.size()) {
        stage_ = Stage::Done;
        close_ = options_.exit;
        return;
      }
      if (app.current_panel() != shots_[next_shot_].first) {
        app.show_panel(shots_[next_shot_].first);
        settle_frames_ = 0;
        return;
      }
      if (settle_frames_++ == 0) settle_started_ = std::chrono::steady_clock::now();
      if (settle_frames_ < kSettleFrames ||
          std::chrono::duration<double>(std::chrono::steady_clock::now() - settle_started_)
                  .count() < kSettleSeconds)
        return;
      if (shots_[next_shot_].first == Panel::Charts && !options_.chart_png_dir.empty()) {
        app.state.chart_dir = options_.chart_png_dir;
        app.export_charts_now = true;  // the panel requests one capture per chart this frame
      }
      app.request_capture(shots_[next_shot_].second);
      capture_requested_ = true;
      settle_frames_ = 0;
      return;
    case Stage::Done:
      close_ = close_ || (options_.exit && options_.scripted());
      return;
  }
}

int StartupScript::exit_code(const App& app) const {
  return app.errors_raised() > 0 || run_failed_ ? 1 : 0;
}

}  // namespace gpuprobe::gui
