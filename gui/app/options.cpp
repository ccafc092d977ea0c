#include "app/options.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>

#include "gpuprobe/output_file.hpp"

namespace gpuprobe::gui {

const char* panel_name(Panel p) {
  switch (p) {
    case Panel::Devices:
      return "devices";
    case Panel::Run:
      return "run";
    case Panel::Results:
      return "results";
    case Panel::Charts:
      return "charts";
    case Panel::WhyCuda:
      return "why-cuda";
    case Panel::Files:
      return "files";
  }
  return "results";
}

const char* panel_title(Panel p) {
  switch (p) {
    case Panel::Devices:
      return "Devices";
    case Panel::Run:
      return "Run";
    case Panel::Results:
      return "Results";
    case Panel::Charts:
      return "Charts";
    case Panel::WhyCuda:
      return "Why CUDA wins";
    case Panel::Files:
      return "Files";
  }
  return "Results";
}

std::optional<Panel> panel_from_name(const std::string& name) {
  for (Panel p : kAllPanels)
    if (name == panel_name(p)) return p;
  if (name == "why") return Panel::WhyCuda;
  return std::nullopt;
}

namespace {

// Before any run: an unusable --save would otherwise be found only when the run ends, and
// two outputs naming one file would overwrite each other (--save X --screenshot X).
void check_outputs(const GuiOptions& out) {
  try {
    if (!out.save.empty()) check_output_path("--save", out.save);
    if (!out.screenshot.empty()) check_output_path("--screenshot", out.screenshot);
    std::vector<std::pair<std::string, std::string>> files = {{"--save", out.save},
                                                              {"--screenshot", out.screenshot}};
    if (!out.screenshot_dir.empty()) {  // the files StartupScript writes there
      std::vector<Panel> panels = out.panels;
      if (panels.empty()) panels.assign(std::begin(kAllPanels), std::end(kAllPanels));
      for (Panel p : panels)
        files.push_back({"--screenshot-dir", (std::filesystem::path(out.screenshot_dir) /
                                              (std::string(panel_name(p)) + ".png"))
                                                 .string()});
    }
    check_distinct_outputs(files);
  } catch (const std::invalid_argument& e) {
    throw CLI::ValidationError(e.what());
  }
}

}  // namespace

std::optional<int> parse_options(int argc, char** argv, GuiOptions& out) {
  CLI::App cli{"gpuprobe-gui: compare devices and APIs side by side (ImGui front-end of gpuprobe)"};
  std::vector<std::string> panels, backends, kernels;
  bool quick = false, full = false;
  std::string size;
  cli.add_option("--load", out.load,
                 "Open a result JSON file (repeatable; files from other machines too)");
  cli.add_option(
      "--panel", panels,
      "Panel to show: devices, run, results, charts, why-cuda, files, or all (repeatable)");
  cli.add_option("--screenshot", out.screenshot,
                 "Scripted: write a PNG of the (first) panel once the data is in");
  cli.add_option(
      "--screenshot-dir", out.screenshot_dir,
      "Scripted: write <panel>.png for every --panel (default: every panel) into this directory");
  cli.add_flag("--exit", out.exit, "Scripted: quit after the screenshots");
  cli.add_flag("--run", out.run,
               "Start a run as soon as the devices are known (waits for it in scripted mode)");
  cli.add_option("-b,--backend", backends,
                 "With --run: backend or BACKEND:INDEX to run (repeatable; default all)");
  cli.add_option("-k,--kernels", kernels, "With --run: comma-separated kernels (default: all)")
      ->delimiter(',');
  auto* q = cli.add_flag("--quick", quick, "With --run: few sizes per kernel (default)");
  cli.add_flag("--full", full, "With --run: dense sweeps")->excludes(q);
  cli.add_option("--min-sample-ms", out.min_sample_ms,
                 "With --run: batch launches until a sample lasts this long")
      ->check(CLI::Range(0.1, 10000.0));
  cli.add_option("--samples", out.samples, "With --run: timed samples per point")
      ->check(CLI::Range(1, 64));
  cli.add_option("--save", out.save,
                 "With --run: write the result document here when the run ends (or is cancelled)");
  cli.add_option(
      "--chart-png-dir", out.chart_png_dir,
      "Scripted: when the Charts panel is shot, also write every chart wholly on screen as "
      "DIR/chart-<name>.png (what its Save PNG button does)");
  cli.add_option("--size", size, "Window size WIDTHxHEIGHT (scripted mode; default 1280x800)");
  cli.add_option("--close-after-seconds", out.close_after_seconds,
                 "Test hook: close the window this many seconds into the run, as a user would");
  try {
    cli.parse(argc, argv);
    for (const auto& name : panels) {
      if (name == "all") {
        out.panels.assign(std::begin(kAllPanels), std::end(kAllPanels));
        continue;
      }
      auto p = panel_from_name(name);
      if (!p)
        throw CLI::ValidationError(
            "--panel", "unknown panel '" + name +
                           "'; valid: devices, run, results, charts, why-cuda, files, all");
      out.panels.push_back(*p);
    }
    for (const auto& b : backends) {
      DeviceRef ref;
      const auto colon = b.find(':');
      ref.backend = b.substr(0, colon);
      if (colon != std::string::npos) {
        try {
          ref.index = static_cast<uint32_t>(std::stoul(b.substr(colon + 1)));
        } catch (const std::exception&) {
          throw CLI::ValidationError("--backend", "'" + b + "' is not BACKEND or BACKEND:INDEX");
        }
        out.devices.push_back(ref);
      } else {
        ref.index = UINT32_MAX;  // every device of the backend, resolved once they are known
        out.devices.push_back(ref);
      }
    }
    out.kernels = kernels;
    out.mode = full ? SuiteMode::Full : SuiteMode::Quick;
    if (!size.empty()) {
      const auto x = size.find('x');
      try {
        out.width = std::stoi(size.substr(0, x));
        out.height = std::stoi(size.substr(x + 1));
      } catch (const std::exception&) {
        throw CLI::ValidationError("--size", "'" + size + "' is not WIDTHxHEIGHT");
      }
      if (x == std::string::npos || out.width < 320 || out.height < 240)
        throw CLI::ValidationError("--size",
                                   "'" + size + "' is not WIDTHxHEIGHT (at least 320x240)");
    }
    check_outputs(out);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    cli.exit(e);
    return 2;  // bad usage, as the CLI
  }
  return std::nullopt;
}

}  // namespace gpuprobe::gui
