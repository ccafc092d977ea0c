#include "cli/compare_command.hpp"

#include <iostream>
#include <stdexcept>

#include "gpuprobe/compare.hpp"
#include "gpuprobe/output_file.hpp"
#include "gpuprobe/printable.hpp"
#include "gpuprobe/result_io.hpp"

namespace gpuprobe::cli {
namespace {

// A file that cannot be read or checked is the user's input: a usage error naming it.
RunReport load_input(const std::string& path, const std::string& what) {
  try {
    return load_report(path);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(what + ": " + e.what());
  }
}

CompareFormat compare_format(const std::string& name) {
  return name == "json"       ? CompareFormat::Json
         : name == "csv"      ? CompareFormat::Csv
         : name == "markdown" ? CompareFormat::Markdown
                              : CompareFormat::Table;
}

}  // namespace

int run_compare_command(const CompareCommandLine& command) {
  const GateRequest& gate_request = command.gate;
  // Outputs first: each writable, none the same file as another or as an input.
  std::vector<std::pair<std::string, std::string>> paths;
  for (const auto& [option, path] :
       {std::pair<std::string, std::string>{"--json", command.json_path},
        {"--csv", command.csv_path},
        {"--markdown", command.markdown_path},
        {"--junit", gate_request.junit_path}})
    if (!path.empty()) {
      check_output_path(option, path);
      paths.emplace_back(option, path);
    }
  if (!gate_request.baseline_path.empty())
    paths.emplace_back("--baseline", gate_request.baseline_path);
  for (const auto& f : command.files) paths.emplace_back("input " + f, f);
  check_distinct_outputs(paths);

  std::vector<RunReport> reports;
  if (!gate_request.baseline_path.empty())
    reports.push_back(load_input(gate_request.baseline_path, "--baseline"));
  for (const auto& f : command.files) reports.push_back(load_input(f, "compare"));
  std::vector<const RunReport*> pointers;
  for (const auto& r : reports) pointers.push_back(&r);

  const Comparison comparison = compare_reports(pointers);
  std::vector<GateResult> gates;
  if (!gate_request.baseline_path.empty())
    for (size_t i = 1; i < reports.size(); ++i)
      gates.push_back(evaluate_gate(reports[0], reports[i], gate_request.max_regression));

  // Everything is known: print, then write the files.
  const CompareFormat format = compare_format(command.format);
  std::cout << format_comparison(comparison, format, &gates);
  bool failed = false;
  for (const auto& g : gates) {
    (format == CompareFormat::Table ? std::cout : std::cerr) << "\n" << format_gate(g);
    failed = failed || g.failed();
  }
  std::cout.flush();
  if (!command.json_path.empty())
    write_output_file(command.json_path,
                      format_comparison(comparison, CompareFormat::Json, &gates));
  if (!command.csv_path.empty())
    write_output_file(command.csv_path, format_comparison(comparison, CompareFormat::Csv));
  if (!command.markdown_path.empty())
    write_output_file(command.markdown_path,
                      format_comparison(comparison, CompareFormat::Markdown));
  if (!gate_request.junit_path.empty())
    write_output_file(gate_request.junit_path, junit_xml(reports[1], &gates.front()));
  return failed ? 1 : 0;
}

RunGate::RunGate(const GateRequest& request, const std::string& json_path) : request_(request) {
  std::vector<std::pair<std::string, std::string>> paths;
  if (!json_path.empty()) paths.emplace_back("--json", json_path);
  if (!request.baseline_path.empty()) paths.emplace_back("--baseline", request.baseline_path);
  if (!request.junit_path.empty()) {
    check_output_path("--junit", request.junit_path);
    paths.emplace_back("--junit", request.junit_path);
  }
  check_distinct_outputs(paths);
  if (!request.baseline_path.empty()) baseline_ = load_input(request.baseline_path, "--baseline");
}

void RunGate::check_devices(const std::vector<BackendStatus>& backends,
                            const std::vector<DeviceRef>& devices) const {
  if (!baseline_) return;
  for (const auto& ref : devices)
    for (const auto& b : backends)
      for (const auto& d : b.devices) {
        if (b.name != ref.backend || d.index != ref.index) continue;
        bool found = false;
        for (const auto& base : baseline_->devices)
          found = found || (base.device.backend == d.backend && base.device.index == d.index &&
                            base.device.name == d.name);
        if (!found)
          throw std::invalid_argument(
              "--baseline " + printable(request_.baseline_path) + " has no device " +
              printable(d.backend + ":" + std::to_string(d.index) + " (" + d.name + ")") +
              "; record a baseline of it with `gpuprobe run ... --json BASELINE` or leave it "
              "out with --device");
      }
}

bool RunGate::finish(const RunReport& report, std::FILE* out) const {
  std::optional<GateResult> gate;
  if (baseline_) {
    gate = evaluate_gate(*baseline_, report, request_.max_regression);
    gate->current_file = "this run";
    std::fprintf(out, "\n%s", format_gate(*gate).c_str());
    std::fflush(out);
  }
  if (!request_.junit_path.empty()) {
    write_output_file(request_.junit_path, junit_xml(report, gate ? &*gate : nullptr));
    std::fprintf(stderr, "wrote %s\n", request_.junit_path.c_str());
  }
  return gate && gate->failed();
}

}  // namespace gpuprobe::cli
