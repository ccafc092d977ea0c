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

TEST(MemoryLevels, PlateausAreNamedByTheReportedCacheSizes) {
  const auto k = chase_curve({{16 * KiB, 2.4},
                              {32 * KiB, 2.5},
                              {256 * KiB, 6.8},
                              {2 * MiB, 43.9},
                              {32 * MiB, 156.0},
                              {512 * MiB, 181.0}});
  // The development machine: 48 KiB L1d, 2 MiB L2, 105 MiB LLC.
  const auto levels = detect_memory_levels(k, CacheSizes{48 * KiB, 2 * MiB, 105 * MiB});
  ASSERT_EQ(levels.size(), 4u) << describe_memory_levels(levels);
  EXPECT_EQ(levels[0].name, "L1");
  EXPECT_EQ(levels[0].max_size_bytes, 32 * KiB);
  EXPECT_EQ(levels[1].name, "L2");
  EXPECT_EQ(levels[2].name, "LLC");
  EXPECT_EQ(levels[3].name, "DRAM");  // starts inside the LLC but reaches past it
  EXPECT_EQ(levels[3].min_size_bytes, 32 * MiB);
  EXPECT_NEAR(levels[3].latency_ns, 181.0, 1e-9);  // upper median of the plateau
  EXPECT_NE(describe_memory_levels(levels).find("DRAM 32 MiB..512 MiB"), std::string::npos);
}

TEST(MemoryLevels, OnlyTheLlcKnownCountsUpAndNamesTheLastCacheLevelLlc) {
  const auto k =
      chase_curve({{16 * KiB, 2.5}, {256 * KiB, 7.0}, {2 * MiB, 36.0}, {512 * MiB, 179.0}});
  const auto levels = detect_memory_levels(k, 105 * MiB);
  ASSERT_EQ(levels.size(), 4u) << describe_memory_levels(levels);
  EXPECT_EQ(levels[0].name, "L1");
  EXPECT_EQ(levels[1].name, "L2");
  EXPECT_EQ(levels[2].name, "LLC");
  EXPECT_EQ(levels[3].name, "DRAM");
}

TEST(MemoryLevels, NoiseThatSplitsALevelIsMergedBack) {
  // 16 and 40 KiB both start inside a 48 KiB L1; a noisy jump must not make two L1s.
  const auto k = chase_curve({{16 * KiB, 1.0}, {40 * KiB, 1.7}, {1 * MiB, 5.0}});
  const auto levels = detect_memory_levels(k, CacheSizes{48 * KiB, 2 * MiB, 105 * MiB});
  ASSERT_EQ(levels.size(), 2u) << describe_memory_levels(levels);
  EXPECT_EQ(levels[0].name, "L1");
  EXPECT_EQ(levels[0].max_size_bytes, 40 * KiB);
  EXPECT_EQ(levels[1].name, "L2");
}

TEST(MemoryLevels, CurveThatNeverLeavesTheCacheHasNoDram) {
  const auto k = chase_curve({{4 * KiB, 1.0}, {64 * KiB, 4.0}, {1 * MiB, 4.2}});
  const auto levels = detect_memory_levels(k, 105 * MiB);
  ASSERT_EQ(levels.size(), 2u);
  EXPECT_EQ(levels[0].name, "L1");
  EXPECT_EQ(levels[1].name, "LLC");
}

TEST(MemoryLevels, WithoutAnyCacheSizeNamesGoByPosition) {
  const auto k = chase_curve({{4 * KiB, 1.0}, {1 * MiB, 5.0}, {8 * MiB, 30.0}, {512 * MiB, 150.0}});
  const auto levels = detect_memory_levels(k, 0);
  ASSERT_EQ(levels.size(), 4u);
  EXPECT_EQ(levels[2].name, "L3");
  EXPECT_EQ(levels[3].name, "DRAM");
}

TEST(MemoryLevels, FailedPointsAreIgnoredAndPointsAreSortedBySize) {
  auto k = chase_curve({{1 * MiB, 4.0}, {4 * KiB, 1.0}});
  k.points[0].status = MeasurementStatus::Error;
  const auto levels = detect_memory_levels(k, 0);
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_EQ(levels[0].max_size_bytes, 4 * KiB);
}
