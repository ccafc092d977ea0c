#include "app/options.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>

#include "gpuprobe/output_file.hpp"
#include "gpuprobe/parse_number.hpp"
#include "gpuprobe/plugin.h"
#include "gpuprobe/printable.hpp"
#include "model/window_size.hpp"

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
    case Panel::Check:
      return "check";
    case Panel::History:
      return "history";
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
    case Panel::Check:
      return "Buyer's check";
    case Panel::History:
      return "History";
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
// Throws std::invalid_argument (a usage error) before the run, not after it.
void check_outputs(const GuiOptions& out) {
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
}

}  // namespace

std::optional<int> parse_options(int argc, char** argv, GuiOptions& out) {
  CLI::App cli{"gpuprobe-gui: compare devices and APIs side by side (ImGui front-end of gpuprobe)"};
  std::vector<std::string> panels, backends, kernels;
  bool quick = false, full = false;
  std::string size, samples, min_sample_ms, close_after, point_timeout, check_load, check_bytes,
      price;
  cli.add_option("--load", out.load,
                 "Open a result JSON file (repeatable; files from other machines too)");
  cli.add_option(
      "--panel", panels,
      "Panel to show: devices, run, results, charts, why-cuda, files, check, history, or all "
      "(repeatable)");
  cli.add_option("--db", out.history_db,
                 "The history store runs from the window are saved to and the History panel "
                 "shows, an SQLite file or postgresql://... (default the file `gpuprobe run` "
                 "saves to)")
      ->type_name("PATH|URL");
  cli.add_flag("--no-history", out.no_history,
               "Do not save runs from the window to the history (as `gpuprobe run --no-history`)");
  cli.add_option("--screenshot", out.screenshot,
                 "Scripted: write a PNG of the (first) panel once the data is in");
  cli.add_option(
      "--screenshot-dir", out.screenshot_dir,
      "Scripted: write <panel>.png for every --panel (default: every panel) into this directory");
  cli.add_flag("--exit", out.exit, "Scripted: quit after the screenshots");
  cli.add_flag("--run", out.run,
               "Start a run as soon as the devices are known (waits for it in scripted mode)");
  cli.add_option("-b,--backend", backends,
                 "With --run: comma-separated backends or BACKEND:INDEX to run, as the CLI's "
                 "(repeatable; default all)")
      ->delimiter(',');
  cli.add_option("-k,--kernels", kernels, "With --run: comma-separated kernels (default: all)")
      ->delimiter(',');
  auto* q = cli.add_flag("--quick", quick, "With --run: few sizes per kernel (default)");
  cli.add_flag("--full", full, "With --run: dense sweeps")->excludes(q);
  cli.add_option("--min-sample-ms", min_sample_ms,
                 "With --run: batch launches until a sample lasts this long (0.1 to 10000)")
      ->type_name("MS");
  cli.add_option("--samples", samples, "With --run: timed samples per point (5 to 64, as the CLI)")
      ->type_name("N");
  cli.add_flag("--in-process", out.in_process,
               "Load plugins into the GUI itself instead of a worker process each (debugging: "
               "no crash isolation, no watchdog), as the CLI's --in-process");
  cli.add_option("--point-timeout-s", point_timeout,
                 "Stop a backend's worker still busy with one point after this many seconds (or "
                 "10x the point's estimate, if larger), as the CLI's (default 30)")
      ->type_name("S");
  cli.add_option("--save", out.save,
                 "With --run: write the result document here when the run ends (or is cancelled)");
  cli.add_option(
      "--chart-png-dir", out.chart_png_dir,
      "Scripted: when the Charts panel is shot, also write every chart wholly on screen as "
      "DIR/chart-<name>.png (what its Save PNG button does)");
  cli.add_option("--size", size,
                 "Window size WIDTHxHEIGHT, 320x240 to " + std::to_string(kMaxWindowSide) + "x" +
                     std::to_string(kMaxWindowSide) + " (scripted mode; default 1280x800)");
  cli.add_flag("--check", out.check,
               "Run the buyer's check (as `gpuprobe check`) as soon as the devices are known "
               "(waits for it in scripted mode)");
  cli.add_option("--check-load-seconds", check_load, "With --check: sustained load per device (S)")
      ->type_name("S");
  cli.add_option("--check-memtest-bytes", check_bytes,
                 "With --check: memory to test per device (e.g. 64MiB)")
      ->type_name("SIZE");
  cli.add_option("--price", price, "With --check: the asking price in USD, for value figures")
      ->type_name("AMOUNT");
  cli.add_option("--price-list", out.price_list,
                 "With --check or the Buyer's check panel: CSV 'name,price' of cards at today's "
                 "prices (USD), each a row of the spec database, to rank the price against")
      ->type_name("FILE");
  cli.add_option("--spec-file", out.spec_file,
                 "CSV rows (the columns of gpu_specs.csv; at least vendor,name) that add to or "
                 "replace rows of the shipped spec database, as the CLI's --spec-file")
      ->type_name("FILE");
  cli.add_option("--close-after-seconds", close_after,
                 "Test hook: close the window this many seconds into the run, as a user would")
      ->type_name("SECONDS");
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
                           "'; valid: devices, run, results, charts, why-cuda, files, check, all");
      out.panels.push_back(*p);
    }
    for (const auto& b : backends) {
      const BackendIndexText ref = parse_backend_index(b, UINT32_MAX - 1, "--backend");
      // No index: every device of the backend, resolved once they are known.
      out.devices.push_back({ref.backend, ref.has_index ? ref.index : UINT32_MAX});
    }
    out.kernels = kernels;
    out.mode = full ? SuiteMode::Full : SuiteMode::Quick;
    if (!samples.empty())
      out.samples = uint32_t(parse_unsigned(samples, 5, GP_MAX_SAMPLES, "--samples"));
    if (!min_sample_ms.empty())
      out.min_sample_ms = parse_finite_double(min_sample_ms, 0.1, 10000.0, "--min-sample-ms");
    if (!point_timeout.empty())
      out.point_timeout_seconds = parse_finite_double(point_timeout, 0.1, 1e6, "--point-timeout-s");
    if (!check_load.empty())
      out.check_load_seconds =
          parse_finite_double(check_load, 0.5, 7 * 24 * 3600.0, "--check-load-seconds");
    if (!check_bytes.empty())
      out.check_memtest_bytes =
          parse_size_bytes(check_bytes, 4096, uint64_t{1} << 40, "--check-memtest-bytes");
    if (!price.empty()) out.price = parse_finite_double(price, 0.01, 1e9, "--price");
    if (auto db = load_spec_database(out.spec_file, &out.specs_note))
      out.specs = std::make_shared<const SpecDatabase>(std::move(*db));
    if (out.check && out.run)
      throw std::invalid_argument("--check and --run: one at a time (they share the devices)");
    if (!close_after.empty())
      out.close_after_seconds =
          parse_finite_double(close_after, 0.0, 86400.0, "--close-after-seconds");
    if (!size.empty()) {
      const auto wh = parse_dimensions(size, 'x', 2, kMaxWindowSide, "--size");
      if (wh[0] < kMinWindowWidth || wh[1] < kMinWindowHeight)
        throw std::invalid_argument("--size: '" + printable(size) + "' is below " +
                                    std::to_string(kMinWindowWidth) + "x" +
                                    std::to_string(kMinWindowHeight));
      out.width = int(wh[0]);
      out.height = int(wh[1]);
    }
    check_outputs(out);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "gpuprobe-gui: %s\nRun with --help for more information.\n", e.what());
    return 2;  // bad usage, as the CLI
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    cli.exit(e);
    return 2;  // bad usage, as the CLI
  }
  return std::nullopt;
}

}  // namespace gpuprobe::gui
