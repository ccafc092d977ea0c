// `gpuprobe compare` and the regression gate of `gpuprobe run --baseline`. Bad input (an
// unreadable file, different schema majors, no common point, a device the baseline lacks,
// an output path that cannot be written) is std::invalid_argument, exit 2, before any
// output file is touched; outputs are written whole (an earlier file survives a failure).
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cli/compare_options.hpp"
#include "gpuprobe/results.hpp"
#include "gpuprobe/session.hpp"

namespace gpuprobe::cli {

// Prints the comparison (and the gate's report); returns 0, or 1 when a gate failed.
int run_compare_command(const CompareCommandLine& command);

// The gate and JUnit output of `gpuprobe run`, set up before the run so that a bad baseline
// or output path costs no run.
class RunGate {
 public:
  // Loads the baseline and checks the --junit path against the others.
  RunGate(const GateRequest& request, const std::string& json_path);
  // Every device about to run has its counterpart in the baseline (backend, index, name).
  void check_devices(const std::vector<BackendStatus>& backends,
                     const std::vector<DeviceRef>& devices) const;
  // After the run: the gate's report on `out`, the JUnit file. True when the gate failed.
  bool finish(const RunReport& report, std::FILE* out) const;

 private:
  GateRequest request_;
  std::optional<RunReport> baseline_;
};

}  // namespace gpuprobe::cli
