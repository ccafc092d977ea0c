// gpuprobe: headless CLI over the Session API.
// Exit codes: 0 success; 1 a kernel failed verification, a device errored or no device could
// run; 2 bad usage (also: no backend plugin found at all); 130 interrupted by SIGINT/SIGTERM
// (partial results still printed and saved).
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "cli/progress_printer.hpp"
#include "gpuprobe/kernels.hpp"
#include "gpuprobe/plugin.h"
#include "gpuprobe/report_format.hpp"
#include "gpuprobe/result_io.hpp"
#include "gpuprobe/session.hpp"

namespace {

constexpr int kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitInterrupted = 130;

gpuprobe::Session* g_session = nullptr;

extern "C" void on_interrupt(int) {
  if (g_session) g_session->cancel();  // an atomic store: safe in a signal handler
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

// Fail before a long run, not after it: create (or append-open) the file for real.
void check_writable(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw Usage("--json " + path + ": is a directory; give a file name");
  const bool existed = fs::exists(path, ec);
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (!f)
    throw Usage("--json " + path + ": cannot write there (" + std::strerror(errno) +
                "); choose a writable path");
  std::fclose(f);
  if (!existed) fs::remove(path, ec);
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

  try {
    if (command.command == gpuprobe::cli::Command::Kernels) return cmd_kernels();
    gpuprobe::Session session;
    for (const auto& note : session.discovery_notes())
      std::fprintf(stderr, "note: %s\n", note.c_str());
    if (command.command == gpuprobe::cli::Command::List)
      return cmd_list(session, command.list_json);
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
    try {
      session.validate(options);
    } catch (const std::invalid_argument& e) {
      throw Usage(e.what());
    }
    if (!json_path.empty()) check_writable(json_path);

    for (const auto& b : session.backends())
      if (!b.available)
        std::fprintf(stderr, "note: backend %s unavailable: %s\n", b.name.c_str(),
                     b.reason.c_str());

    g_session = &session;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    gpuprobe::cli::ProgressPrinter printer;
    const gpuprobe::RunReport report =
        session.run(options, [&](const gpuprobe::Progress& p) { printer(p); });
    printer.finish();
    g_session = nullptr;

    if (!json_path.empty()) {
      gpuprobe::save_report(report, json_path);
      std::fprintf(stderr, "wrote %s\n", json_path.c_str());
    }
    if (format == "json")
      std::cout << gpuprobe::to_json(report) << "\n";
    else
      std::cout << gpuprobe::format_results({&report}, format == "csv" ? gpuprobe::TextFormat::Csv
                                                       : format == "markdown"
                                                           ? gpuprobe::TextFormat::Markdown
                                                           : gpuprobe::TextFormat::Table);
    if (report.devices.empty()) {
      std::fprintf(
          stderr,
          "gpuprobe: no device to run on; `gpuprobe list` shows why each backend is unavailable\n");
      return kExitFailure;  // nothing was measured
    }
    if (report.any_failure()) return kExitFailure;
    if (report.any_cancelled()) {
      std::fprintf(stderr, "gpuprobe: interrupted; the results above are partial\n");
      return kExitInterrupted;
    }
    return kExitOk;
  } catch (const Usage& e) {
    std::fprintf(stderr, "gpuprobe: %s\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gpuprobe: %s\n", e.what());
    return kExitFailure;
  }
}
