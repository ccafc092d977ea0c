#include "statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gpuprobe {
namespace {

// Linear interpolation between closest ranks (the common "type 7" quantile).
double quantile(const std::vector<double>& sorted, double q) {
  const double pos = q * double(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - double(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

Statistics summarize(std::vector<double> values) {
  Statistics s;
  s.count = values.size();
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.min = values.front();
  s.max = values.back();
  s.median = quantile(values, 0.5);
  s.p90 = quantile(values, 0.9);
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
  if (values.size() > 1 && s.mean != 0.0) {
    double sq = 0.0;
    for (double v : values) sq += (v - s.mean) * (v - s.mean);
    s.cv = std::sqrt(sq / double(values.size() - 1)) / std::fabs(s.mean);  // sample stddev
  }
  return s;
}

}  // namespace gpuprobe
