// Bad input from a result file: a point whose claims do not follow from its own samples.
#pragma once

#include <string>

#include "gpuprobe/results.hpp"

namespace gpuprobe {

// "" when the point is consistent; otherwise what is wrong with it. A point that claims
// `verified` or `ok` must carry its samples, and an ok point's statistics (count, median,
// min, max, mean, p90, CV) and noisy mark must be what its samples give, recomputed in the
// kernel's unit, to a small relative tolerance (the JSON keeps every digit, so only another
// libm's last bits can differ).
std::string point_inconsistency(const std::string& kernel, const Measurement& m);

}  // namespace gpuprobe
