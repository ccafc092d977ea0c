#include "statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "gpuprobe/sampling_rule.hpp"
#include "kit/sampling.hpp"
#include "measure.hpp"

using namespace gpuprobe;
namespace kit = gpuprobe::kit;

TEST(Statistics, MedianMinMaxOfOddCount) {
  const Statistics s = summarize({5.0, 1.0, 3.0, 2.0, 4.0});
  EXPECT_EQ(s.count, 5u);
  EXPECT_DOUBLE_EQ(s.median, 3.0);
  EXPECT_DOUBLE_EQ(s.min, 1.0);
  EXPECT_DOUBLE_EQ(s.max, 5.0);
  EXPECT_DOUBLE_EQ(s.mean, 3.0);
  EXPECT_DOUBLE_EQ(s.p90, 4.6);  // interpolated between the 4th and 5th order statistic
}

TEST(Statistics, MedianOfEvenCountInterpolates) {
  EXPECT_DOUBLE_EQ(summarize({1.0, 2.0, 3.0, 10.0}).median, 2.5);
}

TEST(Statistics, CoefficientOfVariationUsesSampleStddev) {
  // mean 2, sample stddev 1 -> CV 0.5
  EXPECT_NEAR(summarize({1.0, 2.0, 3.0}).cv, 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(summarize({7.0, 7.0, 7.0}).cv, 0.0);
}

TEST(Statistics, EmptyAndSingleSample) {
  EXPECT_EQ(summarize({}).count, 0u);
  const Statistics one = summarize({4.0});
  EXPECT_DOUBLE_EQ(one.median, 4.0);
  EXPECT_DOUBLE_EQ(one.cv, 0.0);
}

TEST(Statistics, RateFigureCountsWorkOverTime) {
  const KernelSpec& copy = kernel_spec(GP_KERNEL_COPY);
  // 2 GB moved per launch, 10 launches in 4 s -> 5 GB/s
  EXPECT_DOUBLE_EQ(figure_from_sample(copy, 2e9, 10, 4.0), 5.0);
}

TEST(Statistics, LatencyFigureIsTimePerUnitOfWork) {
  const KernelSpec& chase = kernel_spec(GP_KERNEL_POINTER_CHASE);
  // 1e6 loads per launch, 2 launches, 0.2 s -> 100 ns per load
  EXPECT_NEAR(figure_from_sample(chase, 1e6, 2, 0.2), 100.0, 1e-9);
  const KernelSpec& launch = kernel_spec(GP_KERNEL_LAUNCH_LATENCY);
  EXPECT_NEAR(figure_from_sample(launch, 1, 1000, 0.01), 10.0, 1e-9);  // 10 us
}

// ---- Adaptive sampling: the median's confidence interval and the stopping rule ----

TEST(MedianConfidence, FiveSamplesCannotGiveA95PercentInterval) {
  // [min, max] of 5 samples holds the median with probability 1 - 2/32 = 93.75 %.
  EXPECT_FALSE(sampling::median_ci_ranks(5).has_value());
  EXPECT_TRUE(std::isinf(sampling::median_ci_relative_half_width({1, 1, 1, 1, 1})));
}

TEST(MedianConfidence, RanksFollowTheBinomialTable) {
  // Distribution-free 95 % intervals for the median from the binomial (ranks 1-based):
  // n=6: (1,6), n=9: (2,8), n=10: (2,9), n=20: (6,15), n=64: (24,41).
  const std::pair<size_t, size_t> expected[] = {{6, 1}, {9, 2}, {10, 2}, {20, 6}, {64, 24}};
  for (const auto& [n, lower_rank] : expected) {
    const auto r = sampling::median_ci_ranks(n);
    ASSERT_TRUE(r.has_value()) << n;
    EXPECT_EQ(r->lower + 1, lower_rank) << "n=" << n;
    EXPECT_EQ(r->upper + 1, n - lower_rank + 1) << "n=" << n;
  }
}

TEST(MedianConfidence, CoverageIsAtLeastTheConfidenceAndTheIntervalIsNarrowest) {
  for (size_t n = 6; n <= GP_MAX_SAMPLES; ++n) {
    const auto r = sampling::median_ci_ranks(n);
    ASSERT_TRUE(r.has_value());
    // P(B <= l - 1) with B ~ Binomial(n, 1/2), l = lower + 1 (and one rank further in).
    auto tail = [n](size_t l) {
      double p = std::ldexp(1.0, -int(n)), sum = 0;
      for (size_t i = 0; i < l; ++i) {
        sum += p;
        p = p * double(n - i) / double(i + 1);
      }
      return sum;
    };
    EXPECT_GE(1.0 - 2.0 * tail(r->lower + 1), 0.95) << n;
    EXPECT_LT(1.0 - 2.0 * tail(r->lower + 2), 0.95) << "a narrower interval would do, n=" << n;
  }
}

TEST(MedianConfidence, HalfWidthIsTheFartherEndRelativeToTheMedian) {
  // n=6: interval [min, max]; median 10; max is 12 -> 20 %.
  EXPECT_NEAR(sampling::median_ci_relative_half_width({9, 10, 10, 10, 10, 12}), 0.2, 1e-12);
  EXPECT_NEAR(sampling::median_ci_relative_half_width({10, 10, 10, 10, 10, 10}), 0.0, 1e-12);
}

TEST(StopRule, TakesTheMinimumThenStopsOnceTheMedianIsKnownToTwoPercent) {
  sampling::StopRule rule{5, 64, 0.02, 0};
  std::vector<double> s = {1.0, 1.0, 1.0, 1.0};
  EXPECT_EQ(sampling::should_stop(rule, s, 4), sampling::Stop::Continue);
  s.push_back(1.0);  // 5: no 95 % interval yet
  EXPECT_EQ(sampling::should_stop(rule, s, 5), sampling::Stop::Continue);
  s.push_back(1.01);  // 6: [min, max] within 1 %
  EXPECT_EQ(sampling::should_stop(rule, s, 6), sampling::Stop::Settled);
  s.back() = 1.05;  // 5 % out: not settled
  EXPECT_EQ(sampling::should_stop(rule, s, 6), sampling::Stop::Continue);
}

TEST(StopRule, BudgetAndMaximumEndANoisyPoint) {
  std::vector<double> noisy;
  for (int i = 0; i < 10; ++i) noisy.push_back(i % 2 ? 1.3 : 0.7);
  EXPECT_EQ(sampling::should_stop({5, 64, 0.02, 0}, noisy, 10), sampling::Stop::Continue);
  EXPECT_EQ(sampling::should_stop({5, 64, 0.02, 9.5}, noisy, 10), sampling::Stop::BudgetSpent);
  EXPECT_EQ(sampling::should_stop({5, 10, 0.02, 0}, noisy, 10), sampling::Stop::MaxSamples);
  // The minimum comes first, whatever the budget.
  noisy.resize(3);
  EXPECT_EQ(sampling::should_stop({5, 64, 0.02, 0.001}, noisy, 3), sampling::Stop::Continue);
}

TEST(StopRule, ParamsWithoutAMaximumTakeExactlyTheMinimum) {
  gp_run_params p{};
  p.samples = 7;
  const sampling::StopRule rule = sampling::stop_rule_from(p);
  EXPECT_EQ(rule.min_samples, 7u);
  EXPECT_EQ(rule.max_samples, 7u);
  p.max_samples = 1000;
  EXPECT_EQ(sampling::stop_rule_from(p).max_samples, GP_MAX_SAMPLES);
}

namespace {

// The kit's sampler over a synthetic device whose batches take `pattern(k)` seconds.
template <typename Pattern>
gp_run_result sample_synthetic(const gp_run_params& params, Pattern pattern) {
  gp_run_result result{};
  kit::Ledger ledger;
  uint32_t timed = 0;
  const gp_status s = kit::collect_samples(
      params, result, ledger, [] {},
      [&](const kit::BatchPlan& plan) {
        if (!plan.timed) return 1e-3;
        return pattern(timed++);
      });
  EXPECT_EQ(s, GP_OK);
  return result;
}

gp_run_params adaptive_params() {
  gp_run_params p{};
  p.struct_size = sizeof p;
  p.iterations = 1;  // no calibration: every batch is a sample
  p.samples = 5;
  p.max_samples = GP_MAX_SAMPLES;
  p.target_ci_half_width = 0.02;
  return p;
}

}  // namespace

TEST(KitSampler, SteadyDeviceStopsAtSixSamples) {
  const gp_run_result r = sample_synthetic(adaptive_params(), [](uint32_t) { return 0.01; });
  EXPECT_EQ(r.sample_count, 6u) << "5 cannot bound the median at 95 %, 6 identical ones do";
}

TEST(KitSampler, NoisyDeviceSamplesUntilTheMaximum) {
  const gp_run_result r =
      sample_synthetic(adaptive_params(), [](uint32_t k) { return k % 2 ? 0.013 : 0.007; });
  EXPECT_EQ(r.sample_count, GP_MAX_SAMPLES);
  for (uint32_t s = 0; s < r.sample_count; ++s)
    EXPECT_DOUBLE_EQ(r.sample_seconds[s], s % 2 ? 0.013 : 0.007) << "sample " << s;
}

TEST(KitSampler, NoisyDeviceStopsWhenTheBudgetIsSpent) {
  gp_run_params p = adaptive_params();
  p.sampling_budget_seconds = 0.095;  // 10 ms per batch on average: 10 batches
  const gp_run_result r = sample_synthetic(p, [](uint32_t k) { return k % 2 ? 0.012 : 0.008; });
  EXPECT_EQ(r.sample_count, 10u);
}

TEST(KitSampler, OutlierEarlyThenSteadySettles) {
  // One slow first batch (a cold cache), then steady: the median's interval closes in.
  const gp_run_result r =
      sample_synthetic(adaptive_params(), [](uint32_t k) { return k == 0 ? 0.02 : 0.01; });
  // [min, max] is the interval up to 8 samples and includes the outlier; from 9 on the
  // interval is [x(2), x(8)] and leaves it out.
  EXPECT_EQ(r.sample_count, 9u);
}
