#pragma once

#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe {

// Order statistics and spread of a set of samples. Empty input gives count == 0.
Statistics summarize(std::vector<double> values);

// The spread is too large to trust the median to a few percent (CV above kNoisyCv).
inline bool is_noisy(const Statistics& s) { return s.cv > kNoisyCv; }

}  // namespace gpuprobe
