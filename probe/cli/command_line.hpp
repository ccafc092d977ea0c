// The gpuprobe command line as data: argv in, what to do out, nothing run and nothing
// loaded, so tests and the fuzzer can call it on any input. Every number goes through the
// strict parser (gpuprobe/parse_number.hpp); a usage error is std::invalid_argument
// (exit 2 in main).
//
// Repeated values are measured once: `--sizes 1MiB,1024KiB`, `-k read,read`, `-d cpu:0,cpu:0`,
// `-b cpu,cpu`, `--widths 4,4` and `--matmul` shapes keep the first and add a note saying
// what was dropped (a result holds one point per size, so a twin would only hide the other).
#pragma once

#include <string>
#include <vector>

#include "cli/check_options.hpp"
#include "cli/compare_options.hpp"
#include "cli/history_options.hpp"
#include "cli/memtest_options.hpp"
#include "gpuprobe/session.hpp"

namespace gpuprobe::cli {

enum class Command { List, Kernels, Run, Recover, Check, Memtest, History, Compare, Print };

// Bounds of what the options accept (beyond them the device clamps and notes).
inline constexpr uint64_t kMinSizeBytes = 64;  // one cache line: the largest granule of any kernel
inline constexpr uint64_t kMaxSizeBytes = uint64_t{1} << 40;  // 1 TiB, beyond any device's memory
inline constexpr uint64_t kMaxMatmulDimension = uint64_t{1} << 20;  // M*N*K*2 stays in 64 bits

struct RunRequest {
  std::vector<std::string> backends;  // --backend, in order, once each
  // --device as BACKEND:INDEX ("-d 1" with one --backend is resolved here). Empty with
  // backends: every device of those backends, resolved against the Session in main.
  std::vector<DeviceRef> devices;
  RunOptions options;  // options.devices is left empty: main resolves devices and backends
  std::string json_path;
  std::string format = "table";  // table, json, csv, markdown
  std::string spec_file;         // --spec-file: rows added to the spec database
  HistoryTarget history;         // --db, --no-history
  GateRequest gate;              // --baseline, --max-regression, --junit (cli/compare_options.hpp)
};

// `recover JOURNAL`: a journal left by a run that did not finish, made a document.
struct RecoverRequest {
  std::string journal_path;
  std::string json_path;
  std::string format = "table";
};

struct CommandLine {
  Command command = Command::Print;
  bool list_json = false;
  bool in_process = false;  // list / run: plugins in this process, no worker (debugging)
  RunRequest run;
  RecoverRequest recover;
  CheckCommandLine check;          // Command::Check (cli/check_options.hpp)
  MemtestCommandLine memtest;      // Command::Memtest (cli/memtest_options.hpp)
  HistoryCommandLine history;      // Command::History (cli/history_options.hpp)
  CompareCommandLine compare;      // Command::Compare (cli/compare_options.hpp)
  std::string print_text;          // Command::Print: --help or --version output, exit 0
  std::vector<std::string> notes;  // values dropped as repeats, for stderr
};

// Throws std::invalid_argument naming the option, the text and what is accepted.
CommandLine parse_command_line(int argc, const char* const* argv);

}  // namespace gpuprobe::cli
