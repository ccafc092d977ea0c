// `gpuprobe history` and the history options of `gpuprobe run` (--db, --no-history), parsed
// like the rest of the command line: nothing opened here; bad input is std::invalid_argument.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace gpuprobe::cli {

// Where `run` saves and `history` reads: "" is the default SQLite file (history_store.hpp).
struct HistoryTarget {
  std::string db;
  bool disabled = false;  // run --no-history
};

struct HistoryCommandLine {
  HistoryTarget target;
  bool json = false;  // the listing, trend or fleet report as JSON on stdout
  std::string limit;  // runs listed, newest first ("0": all)
  std::string trend_kernel;
  std::string device;  // --device SELECTOR for --trend: BACKEND:INDEX or part of the name
  std::string export_path;
  bool fleet = false;
  std::string threshold;  // --threshold for --fleet, "10%"
  size_t limit_runs = 50;
  double threshold_fraction = 0.10;
};

CLI::App* add_history_subcommand(CLI::App& app, HistoryCommandLine& out);
// Adds --db and --no-history to `run`.
void add_history_run_options(CLI::App& run, HistoryTarget& out);
// Throws std::invalid_argument naming the option, the text and what is accepted.
void parse_history_options(HistoryCommandLine& out);

}  // namespace gpuprobe::cli
