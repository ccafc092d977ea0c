// Test fixtures for hand-made points: the statistics a run would have written for a
// Measurement's samples, so the reader's consistency checks see a real-looking point.
#pragma once

#include <string>
#include <vector>

#include "gpuprobe/kernels.hpp"
#include "gpuprobe/results.hpp"
#include "measure.hpp"
#include "statistics.hpp"

namespace gpuprobe::test {

// Sets figure and noisy from m.sample_seconds, work_per_iteration and iterations, as
// measure_point() does.
inline void derive_statistics(Measurement& m, const KernelSpec& kernel) {
  std::vector<double> figures;
  for (double s : m.sample_seconds)
    figures.push_back(figure_from_sample(kernel, m.work_per_iteration, m.iterations, s));
  m.figure = summarize(figures);
  m.noisy = is_noisy(m.figure);
}

// Appends `m` to the device's result for `kernel`, adding that kernel (in the order points
// arrive) when the device has none yet.
inline void add_point(DeviceResult& d, const std::string& kernel, Measurement m) {
  for (auto& k : d.kernels)
    if (k.kernel == kernel) {
      k.points.push_back(std::move(m));
      return;
    }
  const KernelSpec& spec = *find_kernel(kernel);
  d.kernels.push_back({kernel, spec.family, spec.unit, {std::move(m)}});
}

}  // namespace gpuprobe::test
