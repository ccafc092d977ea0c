// Test fixtures for hand-made points: the statistics a run would have written for a
// Measurement's samples, so the reader's consistency checks see a real-looking point.
#pragma once

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

}  // namespace gpuprobe::test
