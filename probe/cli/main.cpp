// gpuprobe: headless CLI over the Session API.
// Exit codes: 0 success; 1 a kernel failed verification, a device errored, no device could
// run or the result file could not be written; 2 bad usage (also: no backend plugin found at
// all, or a history database that cannot be opened before the run); 130 interrupted by
// SIGINT/SIGTERM (partial results still printed and saved). Signals: the first SIGINT/SIGTERM stops
// the run after the point in flight (the plugin sees its cancel flag at its next check); a second
// kills the workers at once. Either way what was measured is printed and written, marked
// incomplete, and the exit code is 130.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/check_command.hpp"
#include "cli/command_line.hpp"
#include "cli/compare_command.hpp"
#include "cli/history_command.hpp"
#include "cli/identity_command.hpp"
#include "cli/memtest_command.hpp"
#include "cli/progress_printer.hpp"
#include "gpuprobe/journal.hpp"
#include "gpuprobe/kernels.hpp"
#include "gpuprobe/output_file.hpp"
#include "gpuprobe/plugin.h"
#include "gpuprobe/report_format.hpp"
#include "gpuprobe/result_io.hpp"
#include "gpuprobe/session.hpp"
#include "gpuprobe/spec_db.hpp"
#include "gpuprobe/spec_match.hpp"
#include "gpuprobe_version.hpp"
#include "host_info.hpp"

namespace {

constexpr int kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitInterrupted = 130;

gpuprobe::Session* g_session = nullptr;
std::atomic<int> g_interrupts{0};
std::atomic<int> g_signal{0};
// Printed by a second signal that must end an in-process run at once (set before the run).
const char* g_abandon_message = nullptr;

// Session::cancel() and abort_now() are async-signal-safe (atomic stores and kill()).
extern "C" void on_interrupt(int sig) {
  g_signal = sig;
  if (g_interrupts.fetch_add(1) == 0) {
    if (g_session) g_session->cancel();
    return;
  }
  // In-process nothing can be stopped at once: end as if the signal were not handled, after
  // saying (with write(2), which a handler may call) where the finished points are.
  if (!g_session || !g_session->abort_now()) {
    if (g_abandon_message) {
      const ssize_t ignored =
          write(STDERR_FILENO, g_abandon_message, std::strlen(g_abandon_message));
      (void)ignored;
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
}

struct Usage : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The parsed --device refs, or every device of each --backend once the Session knows them.
std::vector<gpuprobe::DeviceRef> select_devices(const gpuprobe::Session& session,
                                                const gpuprobe::cli::RunRequest& request) {
  if (!request.devices.empty()) return request.devices;
  std::vector<gpuprobe::DeviceRef> refs;
  for (const auto& name : request.backends) {
    const gpuprobe::BackendStatus* found = nullptr;
    for (const auto& b : session.backends())
      if (b.name == name) found = &b;
    if (!found || !found->available || found->devices.empty()) {
      refs.push_back({name, 0});  // let validate() produce the precise message
      continue;
    }
    for (const auto& dev : found->devices) refs.push_back({name, dev.index});
  }
  return refs;
}

// Fail before a long run, not after it. Nothing is opened (a FIFO would block); a file
// target also gets its journal now, which proves the directory writable.
std::unique_ptr<gpuprobe::ResultJournal> prepare_json_output(const std::string& path,
                                                             const gpuprobe::Session& session,
                                                             gpuprobe::SuiteMode mode) {
  try {
    if (gpuprobe::check_output_path("--json", path) == gpuprobe::OutputKind::Stream)
      return nullptr;  // a stream (/dev/stdout, a FIFO) gets the document only
    gpuprobe::RunReport header;
    header.tool_version = GPUPROBE_VERSION;
    header.started_utc = gpuprobe::utc_now_iso8601();
    header.mode = mode == gpuprobe::SuiteMode::Full ? "full" : "quick";
    header.host = gpuprobe::read_host_info();
    header.backends = session.backends();
    auto journal = std::make_unique<gpuprobe::ResultJournal>(path, header);
    if (!journal->note().empty())
      std::fprintf(stderr, "note: %s; this run journals to %s\n", journal->note().c_str(),
                   journal->path().c_str());
    return journal;
  } catch (const std::invalid_argument& e) {
    throw Usage(e.what());
  } catch (const std::runtime_error& e) {
    throw Usage("--json " + path + ": " + e.what() + "; choose a writable path");
  }
}

std::string recover_hint(const gpuprobe::ResultJournal* journal) {
  if (!journal) return "";
  return "; the finished points are kept in " + journal->path() + " (`gpuprobe recover " +
         journal->path() + " --json FILE` makes a document of them)";
}

nlohmann::json backends_json(const std::vector<gpuprobe::BackendStatus>& backends) {
  gpuprobe::RunReport r;
  r.backends = backends;
  return nlohmann::json::parse(gpuprobe::to_json(r))["backends"];
}

int cmd_list(const gpuprobe::Session& session, bool json) {
  if (json)
    std::cout << backends_json(session.backends()).dump(2) << "\n";
  else
    std::cout << gpuprobe::format_devices(session.backends());
  return kExitOk;
}

// A journal left by a run that did not finish, turned into a document marked incomplete.
int cmd_recover(const std::string& journal_path, const std::string& json_path,
                const std::string& format) {
  if (!json_path.empty()) {
    try {
      gpuprobe::check_output_path("--json", json_path);
      gpuprobe::check_distinct_outputs({{"the journal", journal_path}, {"--json", json_path}});
    } catch (const std::invalid_argument& e) {
      throw Usage(e.what());
    }
  }
  const gpuprobe::RecoveredRun recovered = gpuprobe::recover_journal(journal_path);
  for (const auto& note : recovered.notes)
    std::fprintf(stderr, "note: %s: %s\n", journal_path.c_str(), note.c_str());
  if (format == "json")
    std::cout << gpuprobe::to_json(recovered.report) << "\n";
  else
    std::cout << gpuprobe::format_results({&recovered.report},
                                          format == "csv"        ? gpuprobe::TextFormat::Csv
                                          : format == "markdown" ? gpuprobe::TextFormat::Markdown
                                                                 : gpuprobe::TextFormat::Table);
  std::fprintf(stderr, "recovered %zu finished point(s) from %s\n", recovered.points,
               journal_path.c_str());
  if (!json_path.empty()) {
    std::cout.flush();
    gpuprobe::save_report(recovered.report, json_path);
    std::fprintf(stderr, "wrote %s (marked incomplete)\n", json_path.c_str());
  }
  return kExitOk;
}

// The shipped spec database plus --spec-file, read before the run: a malformed row is a
// usage error (exit 2) with its line, not a surprise after minutes of measuring. Without the
// shipped file (a binary moved away from its share/) the comparison is skipped with a note.
std::optional<gpuprobe::SpecDatabase> load_spec_database(const std::string& spec_file) {
  try {
    std::string missing;
    auto db = gpuprobe::load_spec_database(spec_file, &missing);
    if (!missing.empty())
      std::fprintf(stderr, "note: %s%s\n", missing.c_str(),
                   db ? "" : "; no comparison with spec sheets");
    return db;
  } catch (const std::invalid_argument& e) {
    throw Usage(std::string(e.what()) + (spec_file.empty() ? "" : "; fix the row or the file"));
  }
}

int cmd_kernels() {
  for (const auto& k : gpuprobe::kernel_specs())
    std::printf("%-20s %-15s %-8s %s\n", k.name.c_str(), k.family.c_str(), k.unit.c_str(),
                k.counting.c_str());
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  gpuprobe::cli::CommandLine command;
  try {
    command = gpuprobe::cli::parse_command_line(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "gpuprobe: %s\nRun with --help for more information.\n", e.what());
    return kExitUsage;
  }
  if (command.command == gpuprobe::cli::Command::Print) {
    std::cout << command.print_text;
    return kExitOk;
  }
  for (const auto& note : command.notes) std::fprintf(stderr, "note: %s\n", note.c_str());

  std::unique_ptr<gpuprobe::ResultJournal> journal;  // outlives the run, for error messages
  try {
    if (command.command == gpuprobe::cli::Command::Kernels) return cmd_kernels();
    if (command.command == gpuprobe::cli::Command::Recover)
      return cmd_recover(command.recover.journal_path, command.recover.json_path,
                         command.recover.format);
    if (command.command == gpuprobe::cli::Command::History) try {
        return gpuprobe::cli::run_history_command(command.history);
      } catch (const std::exception& e) {  // a store that cannot be opened or read
        throw Usage(e.what());
      }
    if (command.command == gpuprobe::cli::Command::Compare) try {
        return gpuprobe::cli::run_compare_command(command.compare);
      } catch (const std::invalid_argument& e) {
        throw Usage(e.what());
      }
    if (command.command == gpuprobe::cli::Command::Memtest) {
      try {
        return gpuprobe::cli::run_memtest_command(command.memtest);
      } catch (const std::invalid_argument& e) {  // a device or size the backend refused
        throw Usage(e.what());
      }
    }
    gpuprobe::SessionConfig config;
    config.in_process = command.in_process;
    gpuprobe::Session session(config);
    for (const auto& note : session.discovery_notes())
      std::fprintf(stderr, "note: %s\n", note.c_str());
    if (command.command == gpuprobe::cli::Command::List)
      return cmd_list(session, command.list_json);
    if (command.command == gpuprobe::cli::Command::Check) try {
        if (command.check.identity_only)
          return gpuprobe::cli::run_identity_check(session, command.check.options.spec_file);
        return gpuprobe::cli::run_check_command(session, command.check);
      } catch (const std::invalid_argument& e) {
        throw Usage(e.what());
      }
    // No plugin at all: the same words as `list` (where it looked, what to set); a setup
    // mistake like a wrong GPUPROBE_PLUGIN_PATH, so a usage error rather than a device's.
    if (session.backends().empty()) {
      std::string why = gpuprobe::format_devices(session.backends());
      while (!why.empty() && why.back() == '\n') why.pop_back();
      throw Usage(why);
    }

    const gpuprobe::cli::RunRequest& request = command.run;
    const std::string& json_path = request.json_path;
    const std::string& format = request.format;
    gpuprobe::RunOptions options = request.options;
    options.devices = select_devices(session, request);
    std::optional<gpuprobe::cli::RunGate> gate;  // --baseline, --junit: checked before the run
    try {
      session.validate(options);
      gate.emplace(request.gate, json_path);
      gate->check_devices(session.backends(), options.devices);
    } catch (const std::invalid_argument& e) {
      throw Usage(e.what());
    }
    const std::optional<gpuprobe::SpecDatabase> specs = load_spec_database(request.spec_file);
    // Opened before the run: a corrupt file or an unreachable server is found now.
    std::unique_ptr<gpuprobe::HistoryStore> history;
    try {
      history = gpuprobe::cli::open_run_history(request.history);
    } catch (const std::exception& e) {
      throw Usage(std::string(e.what()) + " (nothing was run)");
    }
    if (!json_path.empty()) journal = prepare_json_output(json_path, session, options.mode);
    bool journaling = journal != nullptr;
    options.on_point_finished = [&](const gpuprobe::DeviceResult& device,
                                    const gpuprobe::KernelResult& kernel,
                                    const gpuprobe::Measurement& point) {
      if (!journaling) return;
      try {
        journal->append(device, kernel, point);
      } catch (const std::exception& e) {
        // The run goes on; its document is still written at the end.
        std::fprintf(stderr, "\ngpuprobe: warning: %s; no more points are journaled\n", e.what());
        journaling = false;
      }
    };

    for (const auto& b : session.backends())
      if (!b.available)
        std::fprintf(stderr, "note: backend %s unavailable: %s\n", b.name.c_str(),
                     b.reason.c_str());

    const std::string abandon_message =
        "\ngpuprobe: interrupted twice while running in-process: ending now, without the table" +
        (journal ? " or " + json_path + recover_hint(journal.get())
                 : std::string(" (without --in-process a second interrupt still prints it)")) +
        "\n";
    g_abandon_message = abandon_message.c_str();
    g_session = &session;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    gpuprobe::cli::ProgressPrinter printer;
    gpuprobe::RunReport report =
        session.run(options, [&](const gpuprobe::Progress& p) { printer(p); });
    printer.finish();
    report.origin = gpuprobe::RunOrigin{"cli", std::nullopt, ""};  // no window shared the machine
    g_session = nullptr;
    g_abandon_message = nullptr;
    const int interrupts = g_interrupts;
    if (interrupts > 0) {
      const char* name = sigabbrev_np(g_signal);
      report.complete = false;
      report.incomplete_reason = std::string("interrupted by SIG") + (name ? name : "?") +
                                 (interrupts > 1 ? " twice: the point in flight was killed"
                                                 : ": stopped after the point in flight");
    }

    if (specs) gpuprobe::attach_spec_comparisons(report, *specs);
    if (format == "json")
      std::cout << gpuprobe::to_json(report) << "\n";
    else
      std::cout << gpuprobe::format_results({&report}, format == "csv" ? gpuprobe::TextFormat::Csv
                                                       : format == "markdown"
                                                           ? gpuprobe::TextFormat::Markdown
                                                           : gpuprobe::TextFormat::Table);
    const bool nothing_ran = report.devices.empty();
    if (nothing_ran)
      std::fprintf(
          stderr,
          "gpuprobe: no device to run on; `gpuprobe list` shows why each backend is unavailable\n");
    // After the table: a file that cannot be written costs the file, not what was measured.
    if (!json_path.empty()) {
      std::cout.flush();  // --json /dev/stdout continues after the table
      try {
        gpuprobe::save_report(report, json_path);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "gpuprobe: %s%s\n", e.what(), recover_hint(journal.get()).c_str());
        if (history && !nothing_ran) gpuprobe::cli::save_run_history(*history, report, stderr);
        return kExitFailure;
      }
      if (journal) journal->remove();
      std::fprintf(stderr, "wrote %s\n", json_path.c_str());
    }
    // A history that cannot be written is a warning: the exit code stays the run's own.
    if (history && !nothing_ran) gpuprobe::cli::save_run_history(*history, report, stderr);
    bool gate_failed = false;
    try {
      gate_failed = gate->finish(report, format == "json" ? stderr : stdout);
    } catch (const std::invalid_argument& e) {
      throw Usage(e.what());
    }
    if (interrupts > 0) {
      std::fprintf(stderr, "gpuprobe: %s; the results above are partial\n",
                   report.incomplete_reason.c_str());
      return kExitInterrupted;
    }
    if (nothing_ran || report.any_failure() || gate_failed) return kExitFailure;
    if (report.any_cancelled()) {
      std::fprintf(stderr, "gpuprobe: interrupted; the results above are partial\n");
      return kExitInterrupted;
    }
    return kExitOk;
  } catch (const Usage& e) {
    std::fprintf(stderr, "gpuprobe: %s\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gpuprobe: %s%s\n", e.what(), recover_hint(journal.get()).c_str());
    return kExitFailure;
  }
}
