// gpuprobe-gui: every device and API side by side. The main loop only: options, window,
// one frame at a time; everything else lives in App, the panels and the model.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>

#include "app/app.hpp"
#include "app/options.hpp"
#include "app/platform.hpp"
#include "app/scripted.hpp"
#include "app/settings.hpp"

namespace {

struct ImGuiContextOwner {
  ImGuiContextOwner() { ImGui::CreateContext(); }
  ~ImGuiContextOwner() { ImGui::DestroyContext(); }  // writes imgui.ini
};

// Loading or shooting screenshots, the window redraws 40 times a second; idle, it sleeps
// until input arrives, waking now and then for hover tooltips. During a run it yields the
// machine to the benchmark: RunFramePacer draws only on input, at point boundaries and at
// most twice a second otherwise.
constexpr double kBusyFrameSeconds = 1.0 / 40.0;
constexpr double kIdleFrameSeconds = 0.25;
// A run that has not stopped this long after the window was closed has a point that ignores
// its cancel (a hung driver): its worker is killed so the window can close.
constexpr double kCloseGraceSeconds = 2.0;

}  // namespace

int main(int argc, char** argv) {
  using namespace gpuprobe::gui;
  GuiOptions options;
  if (auto code = parse_options(argc, argv, options)) return *code;

  IMGUI_CHECKVERSION();
  // Declared before the context: ImGui writes the ini (reading `state`) when it is destroyed.
  PersistedState state;
  ImGuiContextOwner context;
  const std::string dir = config_dir();
  install_settings(state, dir.empty() ? std::string() : dir + "/imgui.ini");
  // Scripted runs use the size asked for, so screenshots do not depend on the last session.
  const int width = options.scripted() ? options.width : state.width;
  const int height = options.scripted() ? options.height : state.height;

  std::unique_ptr<Platform> platform;
  try {
    platform = std::make_unique<Platform>(width, height, "gpuprobe", !options.scripted());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gpuprobe-gui: %s\n", e.what());
    return 1;
  }

  App app(options, state);
  app.set_renderer(platform->renderer());
  StartupScript script(options);
  bool closing = false, aborted = false;
  std::chrono::steady_clock::time_point close_requested;
  auto frame_start = std::chrono::steady_clock::now();
  while (true) {
    // Closing during a run cancels it and waits for the worker, still drawing, so no
    // point is left half-written and --save still gets the (partial) result.
    // A buyer's check is cancelled the same way; it stops at its next step.
    if (platform->should_close() || script.wants_close()) {
      if (!app.measuring()) break;
      app.cancel_check();
      if (app.run_active() && !app.cancelling()) app.cancel_run();
      platform->set_should_close(false);
      if (!closing) close_requested = std::chrono::steady_clock::now();
      closing = true;
    }
    if (closing && !aborted && app.run_active() &&
        std::chrono::steady_clock::now() - close_requested >
            std::chrono::duration<double>(kCloseGraceSeconds)) {
      app.abort_run();
      aborted = true;
    }
    if (closing && !app.measuring()) break;

    app.update();
    script.step(app);
    // During a run a turn of the loop that nothing asked to draw costs only update().
    const bool paced = app.measuring();
    const auto now = std::chrono::steady_clock::now();
    const uint64_t input = Platform::input_events(), points = app.progress_events();
    const auto cause = paced ? app.run_pacer().due(now, input, points, app.wants_frame())
                             : std::optional<FrameCause>();
    if (paced && !cause) {
      // A close asked by the script is acted on at the top of the loop, not after a wait.
      if (!script.wants_close()) platform->wait(app.run_pacer().seconds_to_timer(now));
      frame_start = std::chrono::steady_clock::now();
      continue;
    }
    if (cause) app.run_pacer().drew(now, *cause, input, points);
    platform->begin_frame(options.scripted());
    app.draw();
    platform->render();
    app.after_render();
    platform->present();

    if (!options.scripted()) {
      int w = 0, h = 0;
      platform->window_size(w, h);
      if (w != state.width || h != state.height) {
        state.width = w;
        state.height = h;
        mark_settings_dirty();
      }
    }
    // Pace frames from their start, not their end: drawing itself takes time on a
    // software renderer, and a fixed sleep after it would fall short of the rate.
    if (app.measuring()) {
      if (!script.wants_close())
        platform->wait(app.run_pacer().seconds_to_timer(std::chrono::steady_clock::now()));
      frame_start = std::chrono::steady_clock::now();
      continue;
    }
    const double period = app.busy() || script.active() ? kBusyFrameSeconds : kIdleFrameSeconds;
    const double spent =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - frame_start).count();
    platform->wait(std::max(period - spent, 0.0));
    frame_start = std::chrono::steady_clock::now();
  }
  return script.exit_code(app);
}
