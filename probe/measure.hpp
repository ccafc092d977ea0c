// One point on one device: ask the backend whether it can run, run it, turn raw device
// times into figures in the kernel's unit. The only place where units are converted.
#pragma once

#include "backend_handle.hpp"
#include "gpuprobe/kernels.hpp"
#include "gpuprobe/plugin.h"
#include "gpuprobe/results.hpp"

namespace gpuprobe {

struct MeasurePolicy {
  uint32_t samples = 5;       // minimum
  uint32_t max_samples = 64;  // adaptive sampling: see gpuprobe/sampling_rule.hpp
  double target_ci_half_width = 0.02;
  double sampling_budget_seconds = 2.0;
  uint32_t warmup = 1;
  double min_sample_seconds = 0.020;
  uint32_t seed = 12345;
  const volatile int* cancel = nullptr;
  // Longest a worker may spend on supports() or run() before it is stopped (0: no limit;
  // in-process backends cannot be bounded).
  double watchdog_seconds = 0;
};

Measurement measure_point(BackendHandle& backend, uint32_t device, const KernelSpec& kernel,
                          const KernelParams& params, const MeasurePolicy& policy);
// The same through a table in this process (tests that drive a plugin directly).
Measurement measure_point(const gp_plugin& plugin, uint32_t device, const KernelSpec& kernel,
                          const KernelParams& params, const MeasurePolicy& policy);

// The ABI parameters measure_point() hands the plugin for this point and policy.
gp_run_params run_params_for(const KernelSpec& kernel, const KernelParams& params,
                             const MeasurePolicy& policy);

// Figure in the kernel's unit for one sample.
double figure_from_sample(const KernelSpec& kernel, double work_per_iteration, uint32_t iterations,
                          double seconds);

}  // namespace gpuprobe
