#include "cli/history_options.hpp"

#include <CLI/CLI.hpp>

#include "gpuprobe/parse_number.hpp"
#include "gpuprobe/printable.hpp"

namespace gpuprobe::cli {

namespace {
const char* kDbHelp =
    "History database: an SQLite file (default $XDG_DATA_HOME/gpuprobe/history.sqlite, else "
    "~/.local/share/gpuprobe/history.sqlite) or postgresql://USER:PASSWORD@HOST:PORT/DB for a "
    "store shared by a fleet";
}

CLI::App* add_history_subcommand(CLI::App& app, HistoryCommandLine& out) {
  auto* history = app.add_subcommand(
      "history",
      "Runs saved by `gpuprobe run`: list them, one kernel's trend on a device, export them, or "
      "compare the hosts of a fleet");
  history->footer(
      "Exit codes: 0 success, 1 --fleet found hosts below their siblings, 2 bad usage or a "
      "history database that cannot be opened or read.");
  history->add_option("--db", out.target.db, kDbHelp)->type_name("PATH|URL");
  history->add_flag("--json", out.json, "Print as JSON");
  history
      ->add_option(
          "--limit", out.limit,
          "Runs to list, newest first, or for --trend the newest runs that have the kernel "
          "(default 50; 0: all)")
      ->type_name("N");
  auto* trend = history
                    ->add_option("--trend", out.trend_kernel,
                                 "One kernel's figures over the stored runs, oldest first")
                    ->type_name("KERNEL");
  history
      ->add_option("--device,-d", out.device,
                   "With --trend: BACKEND:INDEX, BACKEND, or part of the device's name")
      ->type_name("SELECTOR");
  auto* exported =
      history->add_option("--export", out.export_path, "Write every stored run as JSON to FILE")
          ->type_name("FILE");
  auto* fleet = history->add_flag(
      "--fleet", out.fleet,
      "Group the newest figures of every host by GPU model and list the hosts that fall below "
      "their siblings by more than --threshold, outside their own measured spread");
  history->add_option("--threshold", out.threshold, "For --fleet: 10% by default (0% to 100%)")
      ->type_name("PERCENT");
  trend->excludes(exported)->excludes(fleet);
  exported->excludes(fleet);
  return history;
}

void add_history_run_options(CLI::App& run, HistoryTarget& out) {
  auto* db = run.add_option("--db", out.db,
                            std::string(kDbHelp) + "; the run is saved after its result file");
  db->type_name("PATH|URL");
  run.add_flag("--no-history", out.disabled, "Do not save this run to the history")->excludes(db);
}

void parse_history_options(HistoryCommandLine& out) {
  if (!out.limit.empty())
    out.limit_runs = size_t(parse_unsigned(out.limit, 0, 1u << 30, "--limit"));
  if (!out.device.empty() && out.trend_kernel.empty())
    throw std::invalid_argument("history --device " + printable(out.device) +
                                " selects the device of a --trend; add --trend KERNEL");
  if (!out.threshold.empty()) {
    if (!out.fleet) throw std::invalid_argument("history --threshold is for --fleet; add --fleet");
    std::string text = out.threshold;
    if (!text.empty() && text.back() == '%') text.pop_back();
    out.threshold_fraction = parse_finite_double(text, 0.0, 100.0, "--threshold") / 100.0;
  }
}

}  // namespace gpuprobe::cli
