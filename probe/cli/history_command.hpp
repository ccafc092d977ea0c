// `gpuprobe history`, and the history side of `gpuprobe run`: the store is opened before the
// run (a corrupt file or an unreachable server is a usage error, exit 2, before minutes of
// measuring) and the run is saved after its result file, where a failure is only a warning:
// the run's own exit code and its result file stay as they are.
#pragma once

#include <cstdio>
#include <memory>

#include "cli/history_options.hpp"
#include "gpuprobe/history_store.hpp"

namespace gpuprobe::cli {

// nullptr with --no-history. Throws HistoryError or std::invalid_argument (exit 2).
std::unique_ptr<HistoryStore> open_run_history(const HistoryTarget& target);
// Saves the run; on failure writes a warning naming the database and what to do to `err` and
// returns false.
bool save_run_history(HistoryStore& store, const RunReport& report, std::FILE* err);
// Throws HistoryError or std::invalid_argument (exit 2 in main).
int run_history_command(const HistoryCommandLine& request);

}  // namespace gpuprobe::cli
