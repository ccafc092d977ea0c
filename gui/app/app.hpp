// The application state behind the panels: the Session (discovered on a worker thread so
// the window opens at once), the Workspace of result documents, the run's progress, and
// the derived views (tables, curves, verdicts) rebuilt only when the data changes. Panels
// read it and call its actions; none of them touches a plugin.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/check_job.hpp"
#include "app/options.hpp"
#include "app/screenshot.hpp"
#include "app/settings.hpp"
#include "app/thread_priority.hpp"
#include "gpuprobe/report_format.hpp"
#include "gpuprobe/session.hpp"
#include "model/capability_table.hpp"
#include "model/family_bars.hpp"
#include "model/file_loader.hpp"
#include "model/files_comparison.hpp"
#include "model/history_browser.hpp"
#include "model/latency_curve.hpp"
#include "model/latency_hiding.hpp"
#include "model/matmul_ladder.hpp"
#include "model/results_table.hpp"
#include "model/run_frame_pacer.hpp"
#include "model/run_progress.hpp"
#include "model/why_cuda.hpp"
#include "model/workspace.hpp"

namespace gpuprobe::gui {

// Everything the panels draw, computed from the Workspace (and the Session's backends).
struct Derived {
  ResultsTable table;  // table.columns are the columns of every chart too
  std::vector<FamilyChart> family_bars;
  std::vector<LatencyCurve> latency;
  std::vector<HidingCurve> hiding;
  std::vector<MatmulLadder> ladders;
  WhyCudaReport why;
  CapabilityTable capabilities;
  std::vector<std::string> capability_sources;  // per capability column: "" or file label
  FilesComparison files_comparison;             // two or more open files: ratios to the first
};

// What the Run panel has ticked.
struct RunChoices {
  bool initialised = false;
  std::map<std::string, bool> device_on;  // "backend:index"
  std::map<std::string, bool> kernel_on;  // kernel name
  bool full = false;
  float min_sample_ms = 20.0f;
  int samples = 5;
};

class App {
 public:
  App(const GuiOptions& options, PersistedState& state);
  ~App();  // cancels and joins a running suite
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Every turn of the main loop (also those that draw nothing during a run): discovery,
  // snapshots, end of run, derived data.
  void update();
  void draw();          // the whole window
  void after_render();  // captures requested this frame (reads the rendered back buffer)

  // ---- actions (panels and the scripted driver) ----
  // Read off the UI thread; the file shows (or its error pops up) a few frames later.
  void open_file(const std::string& path);
  bool start_run(RunOptions options);  // devices with index UINT32_MAX mean "all of it"
  RunOptions run_options_from_choices() const;
  void cancel_run();
  // Stops the point in flight at once (the Session kills its workers); for a window closed
  // while a point hangs.
  void abort_run();
  // The buyer's check (Buyer's check panel, --check): one at a time, never during a run.
  bool start_check(BuyerCheckOptions options);
  void cancel_check() { check_job_.cancel(); }
  const CheckJob& check_job() const { return check_job_; }
  bool save_live(const std::string& path);
  // The live run as saved (file, history): the snapshot with its origin (schema 1.4).
  std::shared_ptr<const RunReport> live_document() const;
  // How the live run is being taken (schema 1.4 origin): the GUI, its window's frame rate
  // during the run so far, and its renderer. Empty before the first run.
  std::optional<RunOrigin> live_origin() const;
  // The window's GL_RENDERER, set once the window exists.
  void set_renderer(std::string renderer) { renderer_ = std::move(renderer); }
  const std::string& renderer() const { return renderer_; }
  bool export_table(const std::string& path, TextFormat format);
  void request_capture(const std::string& path, ScreenRect rect = {});  // after this frame's render
  void show_panel(Panel p) { requested_panel_ = p; }
  void report_error(std::string message);
  void report_status(std::string message);
  // A status naming a file (opened, saved, written): scripted runs print it instead, so no
  // path (a /tmp one, say) ends up in the next screenshot and from there in the README.
  void report_file_status(std::string message);

  // ---- state ----
  bool session_ready() const { return session_ != nullptr; }
  Session* session() { return session_.get(); }
  const std::string& discovery_error() const { return discovery_error_; }
  bool run_active() const { return run_active_; }
  // A suite run or a buyer's check is measuring: the window yields (RunFramePacer).
  bool measuring() const { return run_active_ || check_job_.running(); }
  bool loading_files() const { return loader_.busy(); }
  bool cancelling() const { return cancel_requested_; }
  // Something changes without user input: the window must keep redrawing.
  bool busy() const;
  Panel current_panel() const { return current_panel_; }
  const std::string& status() const { return status_; }
  size_t errors_raised() const { return errors_raised_; }
  bool capture_pending() const { return !captures_.empty(); }
  // Something the window must show soon that no input or progress event announced (new
  // results or files, the end of a run, a screenshot, a panel switch); draw() clears it.
  bool wants_frame() const { return frame_wanted_ || !captures_.empty() || requested_panel_; }
  // The Session's progress events so far (one at each point boundary), from any thread.
  uint64_t progress_events() const { return progress_events_.load(); }
  // Decides which frames are drawn while a run is in flight, and counts them.
  RunFramePacer& run_pacer() { return pacer_; }
  const FrameStats& run_frames() const { return pacer_.stats(); }
  double last_run_seconds() const { return last_run_seconds_; }

  Workspace workspace;
  RunProgress progress;
  Derived derived;
  RunChoices choices;
  HistoryBrowser history;  // the History panel's store, opened when the panel is first shown
  PersistedState& state;
  const GuiOptions& options;
  bool capabilities_only_differences = false;
  // Set for one frame: the Charts panel saves every chart wholly on screen (scripted mode).
  bool export_charts_now = false;
  bool bars_log_scale = false;
  BuyerCheckOptions check_choices;  // the Buyer's check panel's options
  double check_price = 0;           // 0: no value figures

 private:
  void rebuild_derived();
  void collect_loaded_files();  // once per frame: the FileLoader's finished files
  void finish_run();
  // Every finished run is saved to the history, as `gpuprobe run` saves its own, off the UI
  // thread (a PostgreSQL server may take seconds to answer); update() reports the outcome.
  void save_to_history(std::shared_ptr<const RunReport> report);
  void collect_history_save();
  void finish_check();
  void draw_error_popup();
  void draw_status_bar();

  std::future<std::unique_ptr<Session>> discovery_;
  // Saves in flight, oldest first; each says what to tell once its run is stored.
  std::deque<std::shared_future<std::string>> history_saves_;
  FileLoader loader_;
  std::unique_ptr<Session> session_;
  std::string discovery_error_;
  bool run_active_ = false, cancel_requested_ = false;
  std::chrono::steady_clock::time_point run_started_{};
  double last_run_seconds_ = 0;
  RunFramePacer pacer_;
  std::string renderer_;
  ThreadPriority priority_;  // the window's thread steps back during a run
  CheckJob check_job_;
  BuyerCheckOptions check_options_;
  std::string check_error_shown_;
  std::atomic<uint64_t> progress_events_{0};
  bool frame_wanted_ = true;
  std::chrono::steady_clock::time_point cancel_requested_at_{};
  std::string last_progress_line_;  // scripted mode echoes progress to stdout for logs
  uint64_t derived_generation_ = ~uint64_t{0};
  bool derived_had_session_ = false;
  std::optional<Panel> requested_panel_;
  Panel current_panel_ = Panel::Devices;
  std::vector<std::string> errors_;
  size_t errors_raised_ = 0;
  std::string status_;
  struct Capture {
    std::string path;
    ScreenRect rect;
  };
  std::vector<Capture> captures_;
};

}  // namespace gpuprobe::gui
