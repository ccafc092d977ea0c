// Command line of gpuprobe-gui. Without options it opens the window; the scripted mode
// (--screenshot / --exit) renders after the data is in and writes PNGs, for the README's
// screenshots and for the tests.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gpuprobe/session.hpp"
#include "gpuprobe/spec_db.hpp"

namespace gpuprobe::gui {

// The panels, in tab order. Names are what --panel accepts.
enum class Panel { Devices, Run, Results, Charts, WhyCuda, Files, Check, History };
inline constexpr Panel kAllPanels[] = {Panel::Devices, Panel::Run,     Panel::Results,
                                       Panel::Charts,  Panel::WhyCuda, Panel::Files,
                                       Panel::Check,   Panel::History};
const char* panel_name(Panel p);   // "devices", "why-cuda", ...
const char* panel_title(Panel p);  // "Devices", "Why CUDA wins", ...
std::optional<Panel> panel_from_name(const std::string& name);

struct GuiOptions {
  std::vector<std::string> load;     // result files to open at start
  std::vector<Panel> panels;         // panels to show/shoot (first one is shown)
  std::string screenshot;            // PNG of the (first) panel
  std::string screenshot_dir;        // one <panel>.png per --panel, or every panel
  bool exit = false;                 // quit once the screenshots are written
  bool run = false;                  // start a run as soon as the devices are known
  std::vector<DeviceRef> devices;    // --backend cpu / opencl:0 (empty: all)
  std::vector<std::string> kernels;  // --kernels read,copy (empty: all)
  SuiteMode mode = SuiteMode::Quick;
  std::optional<double> min_sample_ms;
  std::optional<uint32_t> samples;
  bool in_process = false;                      // plugins in this process, not in workers
  std::optional<double> point_timeout_seconds;  // a worker's watchdog, as the CLI's
  std::string save;                             // write the run's result document here when it ends
  std::string chart_png_dir;       // when the Charts panel is shot, also each chart on screen
  int width = 1280, height = 800;  // window size in scripted mode
  double close_after_seconds = 0;  // test hook: close the window this long into a run
  bool check = false;              // run the buyer's check once the devices are known
  std::optional<double> check_load_seconds, price;
  std::optional<uint64_t> check_memtest_bytes;
  std::string price_list;  // the check ranks its --price against these cards, as the CLI's
  std::string spec_file;   // rows added to the shipped spec database, as the CLI's --spec-file
  // The spec rows every device is compared with, read while parsing so a bad row is a usage
  // error (exit 2) before the window opens; null without the shipped file and --spec-file,
  // and `specs_note` then says why.
  std::shared_ptr<const SpecDatabase> specs;
  std::string specs_note;
  std::string history_db;   // --db: the History panel's store ("" : the default SQLite file)
  bool no_history = false;  // --no-history: a finished run is not saved to that store

  bool scripted() const { return exit || !screenshot.empty() || !screenshot_dir.empty(); }
};

// Parses argv; on --help or a usage error prints and returns the exit code to use.
std::optional<int> parse_options(int argc, char** argv, GuiOptions& out);

}  // namespace gpuprobe::gui
