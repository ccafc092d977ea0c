// gpuprobe: headless CLI over the Session API.
// Exit codes: 0 success; 1 a kernel failed verification or a device errored; 2 bad usage;
// 130 interrupted by SIGINT/SIGTERM (partial results still printed and saved).
// Signals: the first SIGINT/SIGTERM stops the run after the point in flight (the plugin sees
// its cancel flag at its next check); a second kills the workers at once. Either way what
// was measured is printed and written, marked incomplete, and the exit code is 130.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/progress_printer.hpp"
#include "gpuprobe/journal.hpp"
#include "gpuprobe/kernels.hpp"
#include "gpuprobe/output_file.hpp"
#include "gpuprobe/plugin.h"
#include "gpuprobe/report_format.hpp"
#include "gpuprobe/result_io.hpp"
#include "gpuprobe/session.hpp"
#include "gpuprobe_version.hpp"
#include "host_info.hpp"

namespace {

constexpr int kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitInterrupted = 130;

gpuprobe::Session* g_session = nullptr;
std::atomic<int> g_interrupts{0};
std::atomic<int> g_signal{0};

// Session::cancel() and abort_now() are async-signal-safe (atomic stores and kill()).
extern "C" void on_interrupt(int sig) {
  g_signal = sig;
  if (g_interrupts.fetch_add(1) == 0) {
    if (g_session) g_session->cancel();
    return;
  }
  // In-process nothing can be stopped at once: end as if the signal were not handled.
  if (!g_session || !g_session->abort_now()) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
}

struct Usage : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::vector<std::string> split_list(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    size_t start = 0;
    while (start <= item.size()) {
      const size_t end = std::min(item.find(',', start), item.size());
      if (end > start) out.push_back(item.substr(start, end - start));
      start = end + 1;
    }
  }
  return out;
}

// "64KiB", "512MiB", "1GiB", "4096" (bytes); K/M/G are binary too.
uint64_t parse_size(const std::string& text) {
  size_t pos = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(text, &pos);
  } catch (const std::exception&) {
    pos = 0;
  }
  std::string unit = text.substr(pos);
  if (pos == 0 || value == 0)
    throw Usage("--sizes: '" + text + "' is not a size (examples: 4096, 64KiB, 512MiB, 1GiB)");
  const std::pair<const char*, uint64_t> units[] = {{"", 1},           {"B", 1},
                                                    {"K", 1ull << 10}, {"KiB", 1ull << 10},
                                                    {"M", 1ull << 20}, {"MiB", 1ull << 20},
                                                    {"G", 1ull << 30}, {"GiB", 1ull << 30}};
  for (const auto& [name, scale] : units)
    if (unit == name) return value * scale;
  throw Usage("--sizes: unknown unit in '" + text + "' (use B, KiB, MiB or GiB)");
}

gpuprobe::MatmulShape parse_shape(const std::string& text) {
  unsigned long long m = 0, n = 0, k = 0;
  char x1 = 0, x2 = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%llu%c%llu%c%llu%n", &m, &x1, &n, &x2, &k, &consumed) != 5 ||
      x1 != 'x' || x2 != 'x' || consumed != int(text.size()) || !m || !n || !k)
    throw Usage("--matmul: '" + text + "' is not a shape MxNxK (example: 2048x2048x2048)");
  return {m, n, k};
}

// --backend and --device into DeviceRefs. "--device 0" needs exactly one --backend;
// "--device opencl:0" stands alone.
std::vector<gpuprobe::DeviceRef> select_devices(const gpuprobe::Session& session,
                                                const std::vector<std::string>& backends,
                                                const std::vector<std::string>& devices) {
  std::vector<gpuprobe::DeviceRef> refs;
  auto parse_index = [](const std::string& text) -> uint32_t {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
      throw Usage("--device expects an index or BACKEND:INDEX, got '" + text + "'");
    return static_cast<uint32_t>(std::stoul(text));
  };
  for (const auto& d : devices) {
    const auto colon = d.find(':');
    if (colon != std::string::npos) {
      refs.push_back({d.substr(0, colon), parse_index(d.substr(colon + 1))});
    } else {
      if (backends.size() != 1)
        throw Usage("--device " + d +
                    " needs exactly one --backend (or write --device BACKEND:" + d + ")");
      refs.push_back({backends[0], parse_index(d)});
    }
  }
  if (devices.empty()) {
    for (const auto& name : backends) {
      const gpuprobe::BackendStatus* found = nullptr;
      for (const auto& b : session.backends())
        if (b.name == name) found = &b;
      if (!found || !found->available || found->devices.empty()) {
        refs.push_back({name, 0});  // let validate() produce the precise message
        continue;
      }
      for (const auto& dev : found->devices) refs.push_back({name, dev.index});
    }
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

int cmd_kernels() {
  for (const auto& k : gpuprobe::kernel_specs())
    std::printf("%-20s %-15s %-8s %s\n", k.name.c_str(), k.family.c_str(), k.unit.c_str(),
                k.counting.c_str());
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"gpuprobe: measure every compute device through every API and compare them"};
  app.set_version_flag("--version", std::string("gpuprobe ") + GPUPROBE_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 success, 1 a kernel failed verification or a device errored, 2 bad usage, "
      "130 interrupted (Ctrl-C: stop after the point in flight; twice: at once).");

  bool list_json = false, in_process = false;
  const char* in_process_help =
      "Load the plugins into this process instead of a worker process each (no crash "
      "isolation, no watchdog; for debugging a plugin)";
  auto* list = app.add_subcommand("list", "List backends, devices and their capabilities");
  list->add_flag("--json", list_json, "Print as JSON");
  list->add_flag("--in-process", in_process, in_process_help);

  app.add_subcommand("kernels", "List kernels, their units and how work is counted");

  auto* recover = app.add_subcommand("recover",
                                     "Turn the journal of a run that did not finish into a result "
                                     "document (marked incomplete) and print its table");
  std::string recover_journal_path, recover_json, recover_format = "table";
  recover->add_option("JOURNAL", recover_journal_path, "The journal (RESULT.json.journal)")
      ->required();
  recover->add_option("--json", recover_json, "Write the recovered document to FILE");
  recover->add_option("--format", recover_format, "Output on stdout")
      ->check(CLI::IsMember({"table", "json", "csv", "markdown"}));

  auto* run = app.add_subcommand("run", "Run the suite and print results");
  std::vector<std::string> backends, devices, kernels;
  bool quick = false, full = false;
  std::string json_path, format = "table";
  uint32_t samples = 5, max_samples = GP_MAX_SAMPLES;
  double sampling_budget_s = -1.0;  // negative: kSamplingBudgetSeconds
  double min_sample_ms = 20.0;
  double point_timeout_s = gpuprobe::RunOptions{}.point_timeout_seconds;
  std::vector<std::string> sizes, shapes;
  std::vector<uint32_t> widths;
  run->add_option("--backend,-b", backends, "Backend(s) to run (default: all available)")
      ->delimiter(',');
  run->add_option("--device,-d", devices, "Device index (with one --backend) or BACKEND:INDEX")
      ->delimiter(',');
  run->add_option("--kernels,-k", kernels,
                  "Comma-separated kernels (default: all; see `gpuprobe kernels`)");
  auto* quick_flag = run->add_flag("--quick", quick, "Few sizes per kernel (default)");
  run->add_flag("--full", full, "Dense sweeps and large matmul shapes")->excludes(quick_flag);
  run->add_option("--json", json_path,
                  "Also write the result document to FILE: written whole and renamed into place "
                  "(an earlier FILE survives any failure); finished points are journaled to "
                  "FILE.journal as they finish (see `recover`). /dev/stdout, /dev/null and FIFOs "
                  "are written as streams without a journal; for the document alone on stdout "
                  "use --format json");
  run->add_option("--format", format, "Output on stdout")
      ->check(CLI::IsMember({"table", "json", "csv", "markdown"}));
  run->add_option("--sizes", sizes, "Working-set sizes for size-swept kernels (e.g. 64KiB,512MiB)")
      ->delimiter(',');
  run->add_option("--widths", widths, "Vector widths for read/write/copy (1,2,4,8,16)")
      ->delimiter(',')
      ->check(CLI::IsMember({1, 2, 4, 8, 16}));
  run->add_option("--matmul", shapes, "Matmul shapes MxNxK (e.g. 1024x1024x1024,8192x1024x4096)")
      ->delimiter(',');
  run->add_option("--samples", samples, "Minimum timed samples per point")
      ->check(CLI::Range(5, 64));
  run->add_option("--max-samples", max_samples,
                  "Sample on until the 95% CI of the median is within +-2% of it, up to this many")
      ->check(CLI::Range(5, 64));
  run->add_option("--sampling-budget-s", sampling_budget_s,
                  "Stop sampling a point once its timed samples add up to this many seconds; the "
                  "minimum count is always taken (default 0.3; "
                  "0: no limit)")
      ->check(CLI::Range(0.0, 3600.0));
  run->add_option("--min-sample-ms", min_sample_ms,
                  "Batch launches until one sample lasts this long")
      ->check(CLI::Range(0.1, 10000.0));
  run->add_option("--point-timeout-s", point_timeout_s,
                  "Stop a backend's worker still busy with one point after this many seconds "
                  "(or 10x the point's estimate, if larger); the point fails as timed out and "
                  "the run goes on (default 30)")
      ->check(CLI::Range(0.1, 1e6));
  run->add_flag("--in-process", in_process, in_process_help);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }

  std::unique_ptr<gpuprobe::ResultJournal> journal;  // outlives the run, for error messages
  try {
    if (app.got_subcommand("kernels")) return cmd_kernels();
    if (recover->parsed()) return cmd_recover(recover_journal_path, recover_json, recover_format);
    gpuprobe::SessionConfig config;
    config.in_process = in_process;
    gpuprobe::Session session(config);
    if (list->parsed()) return cmd_list(session, list_json);

    gpuprobe::RunOptions options;
    options.mode = full ? gpuprobe::SuiteMode::Full : gpuprobe::SuiteMode::Quick;
    options.kernels = split_list(kernels);
    options.samples = samples;
    // --samples is the minimum: a larger one raises the maximum with it.
    options.max_samples = std::max(samples, max_samples);
    options.sampling_budget_seconds = sampling_budget_s;
    options.min_sample_seconds = min_sample_ms / 1000.0;
    options.point_timeout_seconds = point_timeout_s;
    options.devices = select_devices(session, backends, devices);
    for (const auto& text : sizes) options.sizes_bytes.push_back(parse_size(text));
    for (const auto& text : shapes) options.matmul_shapes.push_back(parse_shape(text));
    options.vector_widths = widths;
    try {
      session.validate(options);
    } catch (const std::invalid_argument& e) {
      throw Usage(e.what());
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

    g_session = &session;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    gpuprobe::cli::ProgressPrinter printer;
    gpuprobe::RunReport report =
        session.run(options, [&](const gpuprobe::Progress& p) { printer(p); });
    printer.finish();
    g_session = nullptr;
    const int interrupts = g_interrupts;
    if (interrupts > 0) {
      const char* name = sigabbrev_np(g_signal);
      report.complete = false;
      report.incomplete_reason = std::string("interrupted by SIG") + (name ? name : "?") +
                                 (interrupts > 1 ? " twice: the point in flight was killed"
                                                 : ": stopped after the point in flight");
    }

    if (format == "json")
      std::cout << gpuprobe::to_json(report) << "\n";
    else
      std::cout << gpuprobe::format_results({&report}, format == "csv" ? gpuprobe::TextFormat::Csv
                                                       : format == "markdown"
                                                           ? gpuprobe::TextFormat::Markdown
                                                           : gpuprobe::TextFormat::Table);
    if (report.devices.empty())
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
        return kExitFailure;
      }
      if (journal) journal->remove();
      std::fprintf(stderr, "wrote %s\n", json_path.c_str());
    }
    if (interrupts > 0) {
      std::fprintf(stderr, "gpuprobe: %s; the results above are partial\n",
                   report.incomplete_reason.c_str());
      return kExitInterrupted;
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
    std::fprintf(stderr, "gpuprobe: %s%s\n", e.what(), recover_hint(journal.get()).c_str());
    return kExitFailure;
  }
}
