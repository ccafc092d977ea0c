// Synthetic pointer-chase curves for the analysis and suite-plan tests: (size, ns/load)
// points as a measured KernelResult.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe::test {

inline KernelResult chase_curve(const std::vector<std::pair<uint64_t, double>>& points) {
  KernelResult k{"pointer_chase", "latency", "ns/load", {}};
  for (const auto& [size, ns] : points) {
    Measurement m;
    m.requested.size_bytes = m.effective.size_bytes = size;
    m.figure.median = ns;
    k.points.push_back(m);
  }
  return k;
}

}  // namespace gpuprobe::test
