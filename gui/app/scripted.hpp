// What the command line asks for at start-up, played frame by frame so the window keeps
// drawing: open --load files, start the --run once the devices are known, wait for it,
// then (scripted mode) show each requested panel, let it settle and write its PNG, and
// close with --exit.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "app/options.hpp"

namespace gpuprobe::gui {

class App;

class StartupScript {
 public:
  explicit StartupScript(const GuiOptions& options);

  // Once per frame, after App::update() and before drawing.
  void step(App& app);
  // Still working: the main loop keeps redrawing without waiting for input.
  bool active() const { return stage_ != Stage::Done; }
  // The script wants the window closed (--exit, or the --close-after-seconds test hook).
  bool wants_close() const { return close_; }
  // 0 when every step worked; 1 when an error was reported (bad file, failed run start,
  // screenshot not written) so tests can tell.
  int exit_code(const App& app) const;

 private:
  enum class Stage {
    LoadFiles,
    WaitBackends,
    StartRun,
    WaitRun,
    StartCheck,
    WaitCheck,
    Shoot,
    Done
  };
  const GuiOptions& options_;
  Stage stage_ = Stage::LoadFiles;
  std::vector<std::pair<Panel, std::string>> shots_;  // panel, PNG path
  size_t next_shot_ = 0;
  int settle_frames_ = 0;
  std::chrono::steady_clock::time_point settle_started_;
  bool capture_requested_ = false;
  bool close_ = false;
  bool run_failed_ = false;
  std::chrono::steady_clock::time_point run_started_{};
};

}  // namespace gpuprobe::gui
