#include "statistics.hpp"

#include <gtest/gtest.h>

#include "measure.hpp"

using namespace gpuprobe;

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
