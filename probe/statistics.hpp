#pragma once

#include <vector>

#include "gpuprobe/results.hpp"

namespace gpuprobe {

// Order statistics and spread of a set of samples. Empty input gives count == 0.
Statistics summarize(std::vector<double> values);

}  // namespace gpuprobe
