// Synthetic pointer-chase curves for the analysis and suite-plan tests: (size, ns/load)
// points as a measured KernelResult.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe::test {

// `cv`: every point's coefficient of variation (0: exact figures).
inline KernelResult chase_curve(const std::vector<std::pair<uint64_t, double>>& points,
                                double cv = 0) {
  KernelResult k{"pointer_chase", "latency", "ns/load", {}};
  for (const auto& [size, ns] : points) {
    Measurement m;
    m.requested.size_bytes = m.effective.size_bytes = size;
    m.figure.median = ns;
    m.figure.cv = cv;
    k.points.push_back(m);
  }
  return k;
}

}  // namespace gpuprobe::test
