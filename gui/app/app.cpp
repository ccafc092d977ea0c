#include "app/app.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "app/palette.hpp"
#include "app/platform.hpp"
#include "app/widgets.hpp"
#include "gpuprobe/history_store.hpp"
#include "gpuprobe/kernels.hpp"
#include "gpuprobe/result_io.hpp"
#include "model/text.hpp"
#include "panels/panels.hpp"

namespace gpuprobe::gui {
namespace {

// Families drawn as curves or ladders rather than bars.
const std::set<std::string> kNotBars = {"latency", "latency_hiding", "matmul"};

std::string device_key(const std::string& backend, uint32_t index) {
  return backend + ":" + std::to_string(index);
}

}  // namespace

App::App(const GuiOptions& opts, PersistedState& persisted)
    : history(opts.history_db), state(persisted), options(opts) {
  // Opening plugins initialises drivers (seconds for some ICDs): do it off the UI thread
  // so the window is up and drawing meanwhile.
  SessionConfig config;
  config.in_process = options.in_process;
  discovery_ =
      std::async(std::launch::async, [config] { return std::make_unique<Session>(config); });
  workspace.set_spec_database(options.specs);
  if (!options.specs_note.empty()) status_ = "note: " + options.specs_note;
  if (auto p = panel_from_name(state.panel)) requested_panel_ = *p;
  if (!options.panels.empty()) requested_panel_ = options.panels.front();
}

App::~App() {
  if (session_ && run_active_) {
    session_->abort_now();  // a hung plugin must not hold the window open
    session_->wait();
  }
  if (discovery_.valid()) discovery_.wait();
}

bool App::busy() const {
  return !session_ready() || run_active_ || check_job_.running() || loader_.busy() ||
         !history_saves_.empty() || !captures_.empty() || requested_panel_.has_value();
}

void App::update() {
  if (discovery_.valid() &&
      discovery_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    try {
      session_ = discovery_.get();
    } catch (const std::exception& e) {
      discovery_error_ = e.what();
      report_error(std::string("Cannot load the backends: ") + e.what());
    }
  }
  collect_loaded_files();
  collect_history_save();
  if (check_job_.collect() || (!check_job_.running() && !check_job_.error().empty() &&
                               check_job_.error() != check_error_shown_))
    finish_check();
  if (run_active_) {
    workspace.set_live(session_->snapshot());  // results appear as each point finishes
    if (options.scripted()) {
      const ProgressView v = progress.view();
      // The text is printed whole: a fixed buffer would cut a long device name mid-character.
      char counts[64];
      std::snprintf(counts, sizeof counts, "[%zu/%zu %5.1fs] ", v.done, v.total, v.elapsed_seconds);
      if (!v.current.empty() && v.current != last_progress_line_) {
        last_progress_line_ = v.current;
        std::printf("%s%s\n", counts, v.current.c_str());
        std::fflush(stdout);
      }
    }
    if (!session_->running()) finish_run();
  }
  if (workspace.generation() != derived_generation_ || session_ready() != derived_had_session_) {
    rebuild_derived();
    frame_wanted_ = true;
  }
}

void App::rebuild_derived() {
  derived_generation_ = workspace.generation();
  derived_had_session_ = session_ready();
  Derived d;
  d.table = build_results_table(workspace.reports());
  d.family_bars = family_charts(d.table.columns, kNotBars);
  d.latency = latency_curves(d.table.columns);
  d.hiding = latency_hiding_curves(d.table.columns);
  d.ladders = matmul_ladders(d.table.columns);
  d.why = why_cuda(d.table.columns);
  d.files_comparison = compare_open_files(workspace.files());

  std::vector<DeviceEntry> entries;
  std::vector<std::string> labels;
  auto add_backends = [&](const std::vector<BackendStatus>& backends, const std::string& source) {
    for (const auto& b : backends)
      for (const auto& dev : b.devices) {
        entries.push_back({&dev, source});
        std::string label =
            (dev.api.empty() ? dev.backend : dev.api) + " " + device_key(dev.backend, dev.index);
        if (!source.empty()) label += " [" + file_label(source) + "]";
        labels.push_back(label);
        d.capability_sources.push_back(source.empty() ? "" : file_label(source));
      }
  };
  if (session_) add_backends(session_->backends(), "");
  for (const auto& f : workspace.files()) add_backends(f.report->backends, f.path);
  d.capabilities = build_capability_table(entries, labels);
  derived = std::move(d);
}

RunOptions App::run_options_from_choices() const {
  RunOptions o;
  if (!session_) return o;
  for (const auto& dev : session_->devices())
    if (auto it = choices.device_on.find(device_key(dev.backend, dev.index));
        it != choices.device_on.end() && it->second)
      o.devices.push_back({dev.backend, dev.index});
  for (const auto& spec : kernel_specs())
    if (auto it = choices.kernel_on.find(spec.name); it != choices.kernel_on.end() && it->second)
      o.kernels.push_back(spec.name);
  o.mode = choices.full ? SuiteMode::Full : SuiteMode::Quick;
  o.min_sample_seconds = choices.min_sample_ms / 1000.0;
  o.samples = uint32_t(choices.samples);
  return o;
}

bool App::start_run(RunOptions o) {
  if (!session_) {
    report_error("Cannot start a run: the backends are still being loaded.");
    return false;
  }
  if (check_job_.running()) {
    report_error("Cannot start a run while the buyer's check is running: cancel it first.");
    return false;
  }
  if (run_active_) {
    report_error("A run is already in progress.");
    return false;
  }
  if (options.point_timeout_seconds) o.point_timeout_seconds = *options.point_timeout_seconds;
  // "--backend opencl" means every device of that backend.
  std::vector<DeviceRef> devices;
  for (const auto& ref : o.devices) {
    if (ref.index != UINT32_MAX) {
      devices.push_back(ref);
      continue;
    }
    bool expanded = false;
    for (const auto& b : session_->backends())
      if (b.name == ref.backend && b.available)
        for (const auto& dev : b.devices) {
          devices.push_back({dev.backend, dev.index});
          expanded = true;
        }
    if (!expanded) devices.push_back({ref.backend, 0});  // validate() names the problem
  }
  // A device or kernel named twice ("-b cpu -b cpu:0") is measured once, as in the CLI.
  o.devices.clear();
  for (const auto& ref : devices) {
    if (std::find(o.devices.begin(), o.devices.end(), ref) == o.devices.end())
      o.devices.push_back(ref);
    else
      std::fprintf(stderr, "gpuprobe-gui: note: %s:%u given twice; measured once\n",
                   ref.backend.c_str(), ref.index);
  }
  std::vector<std::string> kernels;
  for (const auto& k : o.kernels) {
    if (std::find(kernels.begin(), kernels.end(), k) == kernels.end())
      kernels.push_back(k);
    else
      std::fprintf(stderr, "gpuprobe-gui: note: kernel %s given twice; measured once\n", k.c_str());
  }
  o.kernels = kernels;
  if (o.devices.empty() && !options.run) {
    // Nothing ticked in the Run panel is a mistake, not "run everything".
    bool any = false;
    for (const auto& [key, on] : choices.device_on) any |= on;
    if (choices.initialised && !any) {
      report_error("Cannot start the run: no device is selected.");
      return false;
    }
  }

  std::vector<DeviceProgress> planned;
  for (const auto& dev : session_->devices()) {
    bool chosen = o.devices.empty();
    for (const auto& ref : o.devices)
      chosen |= ref.backend == dev.backend && ref.index == dev.index;
    if (chosen) planned.push_back({{dev.backend, dev.index}, dev.label(), 0, 0, "waiting"});
  }
  progress.reset(planned);
  try {
    session_->start(o, [this](const Progress& p) {
      progress.update(p);
      ++progress_events_;  // a point boundary: the window draws once
      Platform::wake();    // now rather than at the next timeout
    });
  } catch (const std::exception& e) {
    report_error(std::string("Cannot start the run: ") + e.what());
    return false;
  }
  // The Run panel shows what is running, also when the command line started it.
  for (const auto& dev : session_->devices()) {
    bool on = o.devices.empty();
    for (const auto& ref : o.devices) on |= ref.backend == dev.backend && ref.index == dev.index;
    choices.device_on[device_key(dev.backend, dev.index)] = on;
  }
  for (const auto& spec : kernel_specs())
    choices.kernel_on[spec.name] =
        o.kernels.empty() ||
        std::find(o.kernels.begin(), o.kernels.end(), spec.name) != o.kernels.end();
  choices.full = o.mode == SuiteMode::Full;
  choices.min_sample_ms = float(o.min_sample_seconds * 1000.0);
  choices.samples = int(o.samples);
  choices.initialised = true;

  // After session_->start: its run thread (which runs the points in-process and restarts
  // workers) keeps its priority; only the thread that draws steps back.
  const std::string priority = priority_.lower();
  if (options.scripted() && !priority.empty()) std::printf("gpuprobe-gui: %s\n", priority.c_str());
  run_active_ = true;
  cancel_requested_ = false;
  run_started_ = std::chrono::steady_clock::now();
  pacer_.start(run_started_, Platform::input_events(), progress_events_.load());
  report_status("Run started.");
  return true;
}

void App::cancel_run() {
  if (!run_active_ || !session_) return;
  session_->cancel();
  if (!cancel_requested_) cancel_requested_at_ = std::chrono::steady_clock::now();
  cancel_requested_ = true;
  report_status("Cancelling: the point in flight stops at its next check.");
}

void App::abort_run() {
  if (!run_active_ || !session_) return;
  session_->abort_now();
  if (!cancel_requested_) cancel_requested_at_ = std::chrono::steady_clock::now();
  cancel_requested_ = true;
}

void App::finish_run() {
  session_->wait();
  workspace.set_live(session_->snapshot());
  run_active_ = false;
  frame_wanted_ = true;
  const auto ended = std::chrono::steady_clock::now();
  last_run_seconds_ = std::chrono::duration<double>(ended - run_started_).count();
  FrameStats& frames = pacer_.stats();
  frames.seconds = last_run_seconds_;

  size_t points = 0, failed = 0, cancelled = 0;
  if (const auto& live = workspace.live())
    for (const auto& d : live->devices)
      for (const auto& k : d.kernels)
        for (const auto& p : k.points) {
          ++points;
          failed += p.status == MeasurementStatus::VerificationFailed ||
                    p.status == MeasurementStatus::Error;
          cancelled += p.status == MeasurementStatus::Cancelled;
        }
  char text[200];
  std::snprintf(text, sizeof text, "Run %s after %.1f s: %zu points, %zu failed, %zu cancelled.",
                cancel_requested_ ? "cancelled" : "finished", last_run_seconds_, points, failed,
                cancelled);
  report_status(text);
  if (options.scripted()) {
    const double fps = last_run_seconds_ > 0 ? double(frames.frames) / last_run_seconds_ : 0;
    std::printf(
        "gpuprobe-gui: %s\ngpuprobe-gui: %zu frames drawn during the run (%.1f per second, longest "
        "gap %.0f ms; %zu at point boundaries, %zu on input, %zu for the app, %zu on the timer)\n",
        text, frames.frames, fps, frames.longest_gap_seconds * 1000.0, frames.point_boundary,
        frames.input, frames.app, frames.timer);
    if (cancel_requested_)
      std::printf("gpuprobe-gui: the run stopped %.0f ms after the cancel\n",
                  std::chrono::duration<double>(ended - cancel_requested_at_).count() * 1000.0);
    std::fflush(stdout);
  }
  const std::string priority = priority_.restore();
  if (options.scripted() && !priority.empty()) std::printf("gpuprobe-gui: %s\n", priority.c_str());
  if (!options.save.empty()) save_live(options.save);
  if (!options.no_history && points > 0) save_to_history(live_document());
}

void App::save_to_history(std::shared_ptr<const RunReport> report) {
  // The live snapshot is shared and immutable: the saving thread reads it while the window
  // goes on. A save still in flight (a slow server) is waited for by the new one's thread,
  // never by the window, so runs are stored one at a time and in order.
  std::shared_future<std::string> earlier;
  if (!history_saves_.empty()) earlier = history_saves_.back();
  history_saves_.push_back(
      std::async(std::launch::async, [locator = options.history_db, report, earlier] {
        if (earlier.valid()) earlier.wait();
        const auto store = open_history_store(locator);
        const int64_t id = store->save(*report, to_json(*report));
        return "Saved to the history as run " + std::to_string(id) + " (" + store->describe() +
               ").";
      }).share());
}

void App::collect_history_save() {
  while (!history_saves_.empty() &&
         history_saves_.front().wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    try {
      report_file_status(history_saves_.front().get());
      if (history.loaded()) history.load();  // the History panel shows the new run
    } catch (const std::exception& e) {
      // As the CLI: the run and its document stand; only the history lacks it.
      report_error(std::string("The run was not saved to the history: ") + e.what());
    }
    history_saves_.pop_front();
    frame_wanted_ = true;
  }
}

bool App::start_check(BuyerCheckOptions o) {
  o.spec_file = options.spec_file;  // the window's spec rows, as the Results panel's
  o.price_list = options.price_list;
  o.in_process = options.in_process;  // the memory test too, as the window's points
  if (!session_) {
    report_error("Cannot start the check: the backends are still being loaded.");
    return false;
  }
  if (run_active_ || check_job_.running()) {
    report_error("Cannot start the check while a run or a check is in progress.");
    return false;
  }
  try {
    check_job_.start(*session_, o, [this] {
      ++progress_events_;  // each step is a boundary: the window draws once
      Platform::wake();
    });
  } catch (const std::exception& e) {
    report_error(std::string("Cannot start the check: ") + e.what());
    return false;
  }
  check_options_ = o;
  check_error_shown_.clear();
  pacer_.start(std::chrono::steady_clock::now(), Platform::input_events(), progress_events_.load());
  const std::string priority = priority_.lower();
  if (options.scripted() && !priority.empty()) std::printf("gpuprobe-gui: %s\n", priority.c_str());
  report_status("Buyer's check started.");
  return true;
}

void App::finish_check() {
  frame_wanted_ = true;
  priority_.restore();
  if (const auto& report = check_job_.report()) {
    std::string text = std::string("Buyer's check: ") + check_level_name(report->verdict) +
                       (report->cancelled ? " (cancelled)" : "");
    report_status(text);
    if (options.scripted()) {
      std::printf("gpuprobe-gui: %s\n", text.c_str());
      for (const auto& d : report->devices) {
        std::printf("gpuprobe-gui:   %s: %s\n", d.device.label().c_str(),
                    check_level_name(d.verdict));
        if (!d.value_note.empty())
          std::printf("gpuprobe-gui:     value: %s\n", d.value_note.c_str());
      }
      std::fflush(stdout);
    }
    return;
  }
  check_error_shown_ = check_job_.error();
  report_error("The buyer's check stopped: " + check_error_shown_);
}

std::optional<RunOrigin> App::live_origin() const {
  if (!workspace.live()) return std::nullopt;
  const FrameStats& frames = pacer_.stats();
  const double seconds =
      run_active_
          ? std::chrono::duration<double>(std::chrono::steady_clock::now() - run_started_).count()
          : frames.seconds;
  return RunOrigin{
      "gui", seconds > 0 ? std::optional<double>(double(frames.frames) / seconds) : std::nullopt,
      renderer_};
}

std::shared_ptr<const RunReport> App::live_document() const {
  if (!workspace.live()) return nullptr;
  // The document says it came from the window, how often the window drew meanwhile and on what.
  auto report = std::make_shared<RunReport>(*workspace.live());
  report->origin = live_origin();
  return report;
}

bool App::save_live(const std::string& path) {
  const auto& live = workspace.live();
  if (!live) {
    report_error("Nothing to save: no run in this session yet.");
    return false;
  }
  try {
    save_report(*live_document(), path);
  } catch (const std::exception& e) {
    report_error(std::string("Cannot save the run: ") + e.what());
    return false;
  }
  report_file_status("Saved the run to " + path);
  return true;
}

bool App::export_table(const std::string& path, TextFormat format) {
  const auto reports = workspace.reports();
  if (reports.empty()) {
    report_error("Nothing to export: run the suite or open a result file first.");
    return false;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << format_results(reports, format);
  out.close();
  if (!out) {
    report_error("Cannot write '" + path + "'.");
    return false;
  }
  report_file_status("Exported the results table to " + path);
  return true;
}

void App::open_file(const std::string& path) { loader_.start(path); }

void App::collect_loaded_files() {
  for (auto& outcome : loader_.take_finished()) {
    if (!outcome.report) {
      report_error("Cannot open a result file: " + outcome.error);
      continue;
    }
    workspace.add_file(outcome.path, std::move(outcome.report));
    report_file_status("Opened " + outcome.path);
  }
}

void App::request_capture(const std::string& path, ScreenRect rect) {
  captures_.push_back({path, rect});
}

void App::report_error(std::string message) {
  std::fprintf(stderr, "gpuprobe-gui: %s\n", message.c_str());
  errors_.push_back(std::move(message));
  ++errors_raised_;
}

void App::report_status(std::string message) { status_ = std::move(message); }

void App::report_file_status(std::string message) {
  if (!options.scripted()) {
    report_status(std::move(message));
    return;
  }
  std::printf("gpuprobe-gui: %s\n", message.c_str());
  std::fflush(stdout);
}

void App::after_render() {
  for (const auto& c : captures_) {
    const std::string error = write_png(c.path, c.rect);
    if (!error.empty()) {
      report_error(error);
      continue;
    }
    // The log of a scripted run names the columns each screenshot had, for the tests.
    std::string message = "Wrote " + c.path;
    if (options.scripted()) {
      message += " (columns: ";
      for (size_t i = 0; i < derived.table.columns.size(); ++i)
        message += (i ? "; " : "") + derived.table.columns[i].label;
      message += ")";
      if (current_panel() == Panel::Files &&
          derived.files_comparison.shown())  // and its comparison
        message += "\n" + files_comparison_text(derived.files_comparison);
    }
    report_file_status(message);
  }
  captures_.clear();
  export_charts_now = false;
}

void App::draw() {
  frame_wanted_ = false;
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("gpuprobe", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);

  ImGui::TextColored(palette::kAccent, "gpuprobe");
  ImGui::SameLine();
  if (!session_) {
    ImGui::TextDisabled("looking for backends...");
  } else {
    size_t available = 0;
    for (const auto& b : session_->backends()) available += b.available;
    ImGui::TextDisabled("%zu of %zu backends available, %zu devices; %zu result file(s) open",
                        available, session_->backends().size(), session_->devices().size(),
                        workspace.files().size());
  }

  const float status_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
  if (ImGui::BeginTabBar("panels")) {
    for (Panel p : kAllPanels) {
      const bool select = requested_panel_ && *requested_panel_ == p;
      if (ImGui::BeginTabItem(panel_title(p), nullptr,
                              select ? ImGuiTabItemFlags_SetSelected : 0)) {
        if (current_panel_ != p) {
          current_panel_ = p;
          state.panel = panel_name(p);
          mark_settings_dirty();
        }
        ImGui::BeginChild(panel_name(p), ImVec2(0, -status_h), false);
        switch (p) {
          case Panel::Devices:
            draw_devices_panel(*this);
            break;
          case Panel::Run:
            draw_run_panel(*this);
            break;
          case Panel::Results:
            draw_results_panel(*this);
            break;
          case Panel::Charts:
            draw_charts_panel(*this);
            break;
          case Panel::WhyCuda:
            draw_why_cuda_panel(*this);
            break;
          case Panel::Files:
            draw_files_panel(*this);
            break;
          case Panel::Check:
            draw_check_panel(*this);
            break;
          case Panel::History:
            draw_history_panel(*this);
            break;
        }
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  // The tab bar needs one frame to honour SetSelected; keep asking until it has.
  if (requested_panel_ && current_panel_ == *requested_panel_) requested_panel_.reset();
  draw_status_bar();
  ImGui::End();
  draw_error_popup();
}

void App::draw_status_bar() {
  ImGui::Separator();
  if (run_active_) {
    const ProgressView v = progress.view();
    const float fraction = v.total ? float(v.done) / float(v.total) : 0.0f;
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%zu / %zu points, %.0f s", v.done, v.total,
                  v.elapsed_seconds);
    ImGui::ProgressBar(fraction, ImVec2(ImGui::GetFontSize() * 16, 0), overlay);
    ImGui::SameLine();
    ImGui::TextUnformatted(cancel_requested_ ? "cancelling..." : v.current.c_str());
  } else {
    ImGui::TextUnformatted(status_.empty() ? "Ready." : status_.c_str());
  }
}

void App::draw_error_popup() {
  if (!errors_.empty() && !ImGui::IsPopupOpen("Error")) ImGui::OpenPopup("Error");
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("Error", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
    if (!errors_.empty()) coloured(palette::kBad, dialog_text(errors_.front()));
    if (errors_.size() > 1)
      muted("(" + std::to_string(errors_.size() - 1) + " more after this one)");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    if (ImGui::Button("OK", ImVec2(ImGui::GetFontSize() * 6, 0)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) {
      if (!errors_.empty()) errors_.erase(errors_.begin());
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace gpuprobe::gui
