// When a point has enough samples: the distribution-free confidence interval of the median
// and the stopping rule built on it. Header-only because both sides of the plugin ABI use
// it: the samplers inside plugins (backends/kit/sampling.hpp) stop by it, and the core and
// its tests check it. Statistics proper (median, p90, CV of figures) stay in probe/.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "gpuprobe/plugin.h"

namespace gpuprobe::sampling {

inline constexpr double kConfidence = 0.95;

// Ranks (0-based, into the sorted samples) of the interval [x(l), x(n-1-l)] that holds the
// true median with probability >= `confidence`, whatever the distribution: the number of
// samples below the median is Binomial(n, 1/2), so the interval misses it with probability
// 2 P(B <= l). Returns the narrowest such pair; nullopt when even [min, max] is not
// confident enough (at 95 % that is n <= 5: [min, max] of 5 samples covers only 93.75 %).
struct RankInterval {
  size_t lower = 0, upper = 0;
};

inline std::optional<RankInterval> median_ci_ranks(size_t n, double confidence = kConfidence) {
  if (n == 0) return std::nullopt;
  const double tail = (1.0 - confidence) / 2.0;
  // P(B = i) computed upward from P(B = 0) = 2^-n; n <= a few hundred stays in range.
  double p = std::ldexp(1.0, -static_cast<int>(n));
  double below = 0.0;  // P(B <= l - 1) for the current l
  size_t l = 0;
  while (l < n / 2) {
    if (below + p > tail) break;
    below += p;
    p = p * double(n - l) / double(l + 1);
    ++l;
  }
  if (l == 0) return std::nullopt;  // P(B = 0) alone exceeds the tail
  return RankInterval{l - 1, n - l};
}

// Median with the same convention as probe/statistics.cpp (mean of the middle two).
inline double median_of_sorted(const std::vector<double>& sorted) {
  const size_t n = sorted.size();
  return n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

// Largest distance from the median to an end of its confidence interval, as a fraction
// of the median; +infinity when there are too few samples for an interval.
inline double median_ci_relative_half_width(std::vector<double> values,
                                            double confidence = kConfidence) {
  const auto ranks = median_ci_ranks(values.size(), confidence);
  if (!ranks) return std::numeric_limits<double>::infinity();
  std::sort(values.begin(), values.end());
  const double median = median_of_sorted(values);
  if (!(median > 0)) return std::numeric_limits<double>::infinity();
  const double half = std::max(median - values[ranks->lower], values[ranks->upper] - median);
  return half / median;
}

// The core's policy as gp_run_params carries it.
struct StopRule {
  uint32_t min_samples = 5;
  uint32_t max_samples = 5;
  double target_half_width = 0.02;  // of the median, at kConfidence
  double budget_seconds = 0;        // timed seconds; 0: no budget
};

inline StopRule stop_rule_from(const gp_run_params& params) {
  StopRule rule;
  rule.min_samples = std::clamp<uint32_t>(params.samples, 1u, GP_MAX_SAMPLES);
  rule.max_samples = std::clamp<uint32_t>(params.max_samples, rule.min_samples, GP_MAX_SAMPLES);
  rule.target_half_width = params.target_ci_half_width;
  rule.budget_seconds = params.sampling_budget_seconds;
  return rule;
}

enum class Stop { Continue, Settled, BudgetSpent, MaxSamples };

// After `samples` (seconds per batch) and `spent_seconds` of timed batches: stop or go on.
// The minimum is always taken; beyond it the point stops as soon as the median is known
// to within the target, the budget is spent, or the maximum is reached.
inline Stop should_stop(const StopRule& rule, const std::vector<double>& samples,
                        double spent_seconds) {
  const size_t n = samples.size();
  if (n < rule.min_samples) return Stop::Continue;
  if (rule.target_half_width > 0 &&
      median_ci_relative_half_width(samples) <= rule.target_half_width)
    return Stop::Settled;
  if (n >= rule.max_samples) return Stop::MaxSamples;
  if (rule.budget_seconds > 0 && spent_seconds >= rule.budget_seconds) return Stop::BudgetSpent;
  return Stop::Continue;
}

}  // namespace gpuprobe::sampling
