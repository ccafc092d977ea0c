#include "gpuprobe/analysis.hpp"

#include <gtest/gtest.h>

using namespace gpuprobe;

namespace {

KernelResult chase_curve(const std::vector<std::pair<uint64_t, double>>& points) {
  KernelResult k{"pointer_chase", "latency", "ns/load", {}};
  for (const auto& [size, ns] : points) {
    Measurement m;
    m.requested.size_bytes = m.effective.size_bytes = size;
    m.figure.median = ns;
    k.points.push_back(m);
  }
  return k;
}

constexpr uint64_t KiB = 1024, MiB = 1024 * KiB;

}  // namespace

TEST(MemoryLevels, FourPlateausBecomeL1L2L3AndDram) {
  const auto k = chase_curve({{4 * KiB, 1.1},
                              {16 * KiB, 1.2},
                              {32 * KiB, 1.2},
                              {256 * KiB, 4.0},
                              {1 * MiB, 4.5},
                              {8 * MiB, 25.0},
                              {32 * MiB, 30.0},
                              {512 * MiB, 110.0},
                              {1024 * MiB, 115.0}});
  const auto levels = detect_memory_levels(k, 105 * MiB);
  ASSERT_EQ(levels.size(), 4u);
  EXPECT_EQ(levels[0].name, "L1");
  EXPECT_EQ(levels[0].max_size_bytes, 32 * KiB);
  EXPECT_EQ(levels[1].name, "L2");
  EXPECT_EQ(levels[2].name, "L3");
  EXPECT_EQ(levels[3].name, "DRAM");
  EXPECT_EQ(levels[3].min_size_bytes, 512 * MiB);
  EXPECT_NEAR(levels[3].latency_ns, 115.0, 1e-9);  // upper median of the plateau
  EXPECT_NE(describe_memory_levels(levels).find("DRAM 512 MiB..1 GiB"), std::string::npos);
}

TEST(MemoryLevels, CurveThatNeverLeavesTheCacheHasNoDram) {
  const auto k = chase_curve({{4 * KiB, 1.0}, {64 * KiB, 4.0}, {1 * MiB, 4.2}});
  const auto levels = detect_memory_levels(k, 105 * MiB);
  ASSERT_EQ(levels.size(), 2u);
  EXPECT_EQ(levels[1].name, "L2");
}

TEST(MemoryLevels, FailedPointsAreIgnoredAndPointsAreSortedBySize) {
  auto k = chase_curve({{1 * MiB, 4.0}, {4 * KiB, 1.0}});
  k.points[0].status = MeasurementStatus::Error;
  const auto levels = detect_memory_levels(k, 0);
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_EQ(levels[0].max_size_bytes, 4 * KiB);
}
