#include "cli/command_line.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <sstream>

#include "gpuprobe/parse_number.hpp"
#include "gpuprobe/plugin.h"
#include "gpuprobe/precision.hpp"
#include "gpuprobe/printable.hpp"
#include "gpuprobe_version.hpp"

namespace gpuprobe::cli {
namespace {

// Keeps the first of equal values (by `same`), noting each one dropped.
template <typename T, typename Same, typename Describe>
std::vector<T> first_of_each(const std::vector<T>& values, const std::string& option, Same same,
                             Describe describe, std::vector<std::string>& notes) {
  std::vector<T> kept;
  std::vector<std::string> kept_text;
  for (size_t i = 0; i < values.size(); ++i) {
    const auto twin =
        std::find_if(kept.begin(), kept.end(), [&](const T& k) { return same(k, values[i]); });
    if (twin == kept.end()) {
      kept.push_back(values[i]);
      continue;
    }
    const std::string first = describe(*twin), again = describe(values[i]);
    notes.push_back(option + " " + printable(again) + " repeats " +
                    (first == again ? std::string("itself") : printable(first)) +
                    "; measured once");
  }
  return kept;
}

struct RawRun {
  std::vector<std::string> backends, devices, kernels, sizes, shapes, widths, precisions;
  std::string samples, max_samples, sampling_budget_s, min_sample_ms, point_timeout_s;
  bool quick = false, full = false;
};

void fill_run(const RawRun& raw, RunRequest& run, std::vector<std::string>& notes) {
  RunOptions& o = run.options;
  o.mode = raw.full ? SuiteMode::Full : SuiteMode::Quick;

  for (const auto& b : raw.backends) {
    if (b.find(':') != std::string::npos)
      throw std::invalid_argument("--backend: '" + printable(b) +
                                  "' names a device; use --device BACKEND:INDEX for that");
    parse_backend_index(b, 0, "--backend");  // refuses what cannot be a backend name
  }
  run.backends = first_of_each(
      raw.backends, "--backend", [](const auto& a, const auto& b) { return a == b; },
      [](const auto& s) { return s; }, notes);

  // "--device 0" needs exactly one --backend; "--device opencl:0" stands alone.
  std::vector<DeviceRef> devices;
  for (const auto& d : raw.devices) {
    if (d.find(':') == std::string::npos) {
      if (run.backends.size() != 1)
        throw std::invalid_argument(
            "--device " + printable(d) +
            " needs exactly one --backend (or write --device BACKEND:" + printable(d) + ")");
      devices.push_back(
          {run.backends[0], uint32_t(parse_unsigned(d, 0, UINT32_MAX - 1, "--device"))});
    } else {
      const BackendIndexText ref = parse_backend_index(d, UINT32_MAX - 1, "--device");
      devices.push_back({ref.backend, ref.index});
    }
  }
  auto device_text = [](const DeviceRef& r) { return r.backend + ":" + std::to_string(r.index); };
  run.devices = first_of_each(
      devices, "--device", [](const auto& a, const auto& b) { return a == b; }, device_text, notes);

  o.kernels = first_of_each(
      raw.kernels, "--kernels", [](const auto& a, const auto& b) { return a == b; },
      [](const auto& s) { return s; }, notes);

  std::vector<std::pair<std::string, uint64_t>> sizes;
  for (const auto& s : raw.sizes)
    sizes.emplace_back(s, parse_size_bytes(s, kMinSizeBytes, kMaxSizeBytes, "--sizes"));
  for (const auto& [text, bytes] : first_of_each(
           sizes, "--sizes", [](const auto&a, const auto&b) { return a.second == b.second; },
           [](const auto&s) { return s.first; }, notes))
    o.sizes_bytes.push_back(bytes);

  std::vector<std::pair<std::string, MatmulShape>> shapes;
  for (const auto& s : raw.shapes) {
    const auto mnk = parse_dimensions(s, 'x', 3, kMaxMatmulDimension, "--matmul");
    shapes.push_back({s, {mnk[0], mnk[1], mnk[2]}});
  }
  for (const auto& [text, shape] : first_of_each(
           shapes, "--matmul",
           [](const auto&a, const auto&b) {
             return a.second.m == b.second.m && a.second.n == b.second.n &&
                    a.second.k == b.second.k;
           },
           [](const auto&s) { return s.first; }, notes))
    o.matmul_shapes.push_back(shape);

  std::vector<uint32_t> widths;
  for (const auto& w : raw.widths) {
    const uint64_t width = parse_unsigned(w, 1, 16, "--widths");
    if (width & (width - 1))
      throw std::invalid_argument("--widths: '" + printable(w) + "' is not 1, 2, 4, 8 or 16");
    widths.push_back(uint32_t(width));
  }
  o.vector_widths = first_of_each(
      widths, "--widths", [](auto a, auto b) { return a == b; },
      [](auto w) { return std::to_string(w); }, notes);

  for (const auto& name : raw.precisions)
    if (!precision_from_name(name))
      throw std::invalid_argument("--precision: '" + printable(name) + "' is not one of " +
                                  precision_names_text());
  o.matmul_precisions = first_of_each(
      raw.precisions, "--precision", [](const auto& a, const auto& b) { return a == b; },
      [](const auto& name) { return name; }, notes);

  if (!raw.samples.empty())
    o.samples = uint32_t(parse_unsigned(raw.samples, 5, GP_MAX_SAMPLES, "--samples"));
  uint32_t max_samples = GP_MAX_SAMPLES;
  if (!raw.max_samples.empty())
    max_samples = uint32_t(parse_unsigned(raw.max_samples, 5, GP_MAX_SAMPLES, "--max-samples"));
  // --samples is the minimum: a larger one raises the maximum with it.
  o.max_samples = std::max(o.samples, max_samples);
  if (!raw.sampling_budget_s.empty())  // 0: no limit
    o.sampling_budget_seconds =
        parse_finite_double(raw.sampling_budget_s, 0.0, 3600.0, "--sampling-budget-s");
  o.min_sample_seconds =
      (raw.min_sample_ms.empty()
           ? 20.0
           : parse_finite_double(raw.min_sample_ms, 0.1, 10000.0, "--min-sample-ms")) /
      1000.0;
  if (!raw.point_timeout_s.empty())
    o.point_timeout_seconds =
        parse_finite_double(raw.point_timeout_s, 0.1, 1e6, "--point-timeout-s");
}

}  // namespace

CommandLine parse_command_line(int argc, const char* const* argv) {
  CLI::App app{"gpuprobe: measure every compute device through every API and compare them"};
  app.set_version_flag("--version", std::string("gpuprobe ") + GPUPROBE_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 success, 1 a kernel failed verification, a device errored, no device could "
      "run, a point regressed beyond --max-regression (--baseline) or the result file could not "
      "be written, 2 bad usage or no backend plugin found, 130 "
      "interrupted (Ctrl-C: stop after the point in flight; twice: at once).");

  CommandLine out;
  const char* in_process_help =
      "Load the plugins into this process instead of a worker process each (no crash "
      "isolation, no watchdog; for debugging a plugin)";
  auto* list = app.add_subcommand("list", "List backends, devices and their capabilities");
  list->add_flag("--json", out.list_json, "Print as JSON");
  list->add_flag("--in-process", out.in_process, in_process_help);
  auto* kernels =
      app.add_subcommand("kernels", "List kernels, their units and how work is counted");

  auto* recover = app.add_subcommand("recover",
                                     "Turn the journal of a run that did not finish into a result "
                                     "document (marked incomplete) and print its table");
  recover->add_option("JOURNAL", out.recover.journal_path, "The journal (RESULT.json.journal)")
      ->required();
  recover->add_option("--json", out.recover.json_path, "Write the recovered document to FILE");
  recover->add_option("--format", out.recover.format, "Output on stdout")
      ->check(CLI::IsMember({"table", "json", "csv", "markdown"}));

  CheckRawOptions check_raw;
  auto* check = add_check_subcommand(app, check_raw, out.check, out.in_process);

  auto* run = app.add_subcommand("run", "Run the suite and print results");
  RawRun raw;
  run->add_option("--backend,-b", raw.backends, "Backend(s) to run (default: all available)")
      ->delimiter(',');
  run->add_option("--device,-d", raw.devices, "Device index (with one --backend) or BACKEND:INDEX")
      ->delimiter(',');
  run->add_option("--kernels,-k", raw.kernels,
                  "Comma-separated kernels (default: all; see `gpuprobe kernels`)")
      ->delimiter(',');
  auto* quick_flag = run->add_flag("--quick", raw.quick, "Few sizes per kernel (default)");
  run->add_flag("--full", raw.full, "Dense sweeps and large matmul shapes")->excludes(quick_flag);
  run->add_option("--json", out.run.json_path,
                  "Also write the result document to FILE: written whole and renamed into place "
                  "(an earlier FILE survives any failure); finished points are journaled to "
                  "FILE.journal as they finish (see `recover`). /dev/stdout, /dev/null and FIFOs "
                  "are written as streams without a journal; for the document alone on stdout "
                  "use --format json");
  run->add_option(
      "--spec-file", out.run.spec_file,
      "CSV rows (the header and columns of probe/data/gpu_specs.csv; at least vendor,name) "
      "that add to or replace rows of the shipped spec database");
  run->add_option("--format", out.run.format, "Output on stdout")
      ->check(CLI::IsMember({"table", "json", "csv", "markdown"}));
  run->add_option("--sizes", raw.sizes,
                  "Working-set sizes for size-swept kernels, 64 B to 1 TiB (e.g. 64KiB,512MiB); "
                  "a repeated size is measured once")
      ->delimiter(',');
  run->add_option("--widths", raw.widths, "Vector widths for read/write/copy (1,2,4,8,16)")
      ->delimiter(',');
  run->add_option("--matmul", raw.shapes,
                  "Matmul shapes MxNxK, each 1 to 1048576 (e.g. 1024x1024x1024,8192x1024x4096)")
      ->delimiter(',');
  run->add_option("--precision", raw.precisions,
                  "Matmul precisions: fp32, tf32, fp16, bf16, int8 (default: fp32, fp16 for "
                  "matmul_tensor; --full adds those the device reports)")
      ->delimiter(',');
  run->add_option("--samples", raw.samples, "Minimum timed samples per point (5 to 64; default 5)")
      ->type_name("N");
  run->add_option("--max-samples", raw.max_samples,
                  "Sample on until the 95% CI of the median is within +-2% of it, up to this many "
                  "(5 to 64; default 64)")
      ->type_name("N");
  run->add_option("--sampling-budget-s", raw.sampling_budget_s,
                  "Stop sampling a point once its timed samples add up to this many seconds; the "
                  "minimum count is always taken (0 to 3600; default 0.3; 0: no limit)")
      ->type_name("SECONDS");
  run->add_option("--min-sample-ms", raw.min_sample_ms,
                  "Batch launches until one sample lasts this long (0.1 to 10000; default 20)")
      ->type_name("MS");
  run->add_option("--point-timeout-s", raw.point_timeout_s,
                  "Stop a backend's worker still busy with one point after this many seconds "
                  "(or 10x the point's estimate, if larger); the point fails as timed out and "
                  "the run goes on (0.1 to 1e6; default 30)")
      ->type_name("SECONDS");
  run->add_flag("--in-process", out.in_process, in_process_help);
  add_history_run_options(*run, out.run.history);
  auto* history = add_history_subcommand(app, out.history);
  GateRawOptions run_gate_raw, compare_raw;
  add_gate_options(*run, out.run.gate, run_gate_raw);
  auto* compare = add_compare_subcommand(app, out.compare, compare_raw);
  MemtestRawOptions memtest_raw;
  auto* memtest = add_memtest_subcommand(app, memtest_raw, out.memtest.format);
  memtest->add_flag("--in-process", out.in_process,
                    "Load the plugin into this process instead of a worker process (no crash "
                    "isolation; for debugging a plugin)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --help-all, --version
    std::ostringstream text, ignored;
    app.exit(e, text, ignored);
    out.command = Command::Print;
    out.print_text = text.str();
    return out;
  } catch (const CLI::ParseError& e) {
    throw std::invalid_argument(e.what());
  }

  if (kernels->parsed()) {
    out.command = Command::Kernels;
  } else if (list->parsed()) {
    out.command = Command::List;
  } else if (recover->parsed()) {
    out.command = Command::Recover;
  } else if (check->parsed()) {
    out.command = Command::Check;
    parse_check_options(check_raw, out.check);
    out.check.options.in_process = out.in_process;
  } else if (history->parsed()) {
    out.command = Command::History;
    parse_history_options(out.history);
  } else if (memtest->parsed()) {
    out.command = Command::Memtest;
    out.memtest.request = parse_memtest_options(memtest_raw);
    out.memtest.in_process = out.in_process;
  } else if (compare->parsed()) {
    out.command = Command::Compare;
    parse_compare_options(compare_raw, out.compare);
  } else {
    out.command = Command::Run;
    fill_run(raw, out.run, out.notes);
    parse_gate_options(run_gate_raw, out.run.gate, false);
  }
  return out;
}

}  // namespace gpuprobe::cli
