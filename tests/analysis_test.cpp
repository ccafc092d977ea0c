#include "gpuprobe/analysis.hpp"

#include <gtest/gtest.h>

#include "chase_curves.hpp"

using namespace gpuprobe;

namespace {

using test::chase_curve;

constexpr uint64_t KiB = 1024, MiB = 1024 * KiB;

}  // namespace

TEST(MemoryLevels, PlateausAreNamedByTheReportedCacheSizes) {
  const auto k = chase_curve({{16 * KiB, 2.4},
                              {32 * KiB, 2.5},
                              {256 * KiB, 6.8},
                              {2 * MiB, 43.9},
                              {32 * MiB, 156.0},
                              {512 * MiB, 181.0}});
  // 48 KiB L1d, 2 MiB L2, a 48 MiB LLC (trusted: within 2x of the 32 MiB knee).
  const auto levels = detect_memory_levels(k, CacheSizes{48 * KiB, 2 * MiB, 48 * MiB});
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

// This VM's curve (quick ladder) under a CPUID that claims a 508 MiB L3: latency is at DRAM
// level from 32 MiB and keeps creeping up with the working set (TLB reach), less than 1.6x a
// step.
KernelResult lying_vm_curve() {
  return chase_curve({{16 * KiB, 1.4},
                      {256 * KiB, 4.3},
                      {2 * MiB, 21.4},
                      {8 * MiB, 27.0},
                      {32 * MiB, 172.8},
                      {128 * MiB, 250.0},
                      {512 * MiB, 339.5}});
}

TEST(MemoryLevels, DramKneeIsWhereLatencyStaysOnItsLastPlateau) {
  EXPECT_EQ(measured_dram_knee(lying_vm_curve()), 32 * MiB);
}

// PoCL's quick curve on this VM on a noisy afternoon: DRAM-level latency from 8 MiB, then a
// 1.68x creep from 32 to 128 MiB between points of a few percent CV. Taken for exact, that
// step is a new level (a 128 MiB knee, and a 512 MiB working set that cost the quick run
// 24 s); within the points' spread the plateau reaches back to 32 MiB (not to 8 MiB: the
// whole plateau stays within 1.6^2), so the working set is 128 MiB, as on the CPU.
TEST(MemoryLevels, ACreepWithinThePointsSpreadIsNoNewLevel) {
  const std::vector<std::pair<uint64_t, double>> pocl = {
      {16 * KiB, 1.7},   {256 * KiB, 5.3},   {2 * MiB, 21.0},   {8 * MiB, 135.7},
      {32 * MiB, 191.1}, {128 * MiB, 321.7}, {512 * MiB, 387.2}};
  EXPECT_EQ(measured_dram_knee(chase_curve(pocl, 0.05)), 32 * MiB);
  // The same figures measured exactly: the step is beyond 1.6x, a level of its own.
  EXPECT_EQ(measured_dram_knee(chase_curve(pocl, 0.0)), 128 * MiB);
}

TEST(MemoryLevels, NoDramKneeIsClaimedFromASweepThatStopsInsideTheCaches) {
  // A flat stretch from 2 to 64 MiB could be a large cache: too small a top to say DRAM.
  EXPECT_FALSE(measured_dram_knee(chase_curve(
      {{16 * KiB, 1.0}, {256 * KiB, 4.0}, {2 * MiB, 40.0}, {16 * MiB, 41.0}, {64 * MiB, 42.0}})));
  // A knee at the largest size: latency might still be rising past it.
  EXPECT_FALSE(measured_dram_knee(
      chase_curve({{16 * KiB, 1.0}, {2 * MiB, 20.0}, {32 * MiB, 22.0}, {512 * MiB, 150.0}})));
  // One level all the way: no knee at all.
  EXPECT_FALSE(measured_dram_knee(
      chase_curve({{16 * KiB, 90.0}, {2 * MiB, 95.0}, {32 * MiB, 100.0}, {512 * MiB, 110.0}})));
}

TEST(MemoryLevels, AReportedCacheTheChaseContradictsDoesNotNameLevels) {
  const auto levels =
      detect_memory_levels(lying_vm_curve(), CacheSizes{48 * KiB, 1 * MiB, 508 * MiB});
  ASSERT_EQ(levels.size(), 4u) << describe_memory_levels(levels);
  EXPECT_EQ(levels[0].name, "L1");
  EXPECT_EQ(levels[1].name, "L2");
  EXPECT_EQ(levels[2].name, "L3");  // counted on from L2, not "LLC" of a 508 MiB claim
  EXPECT_EQ(levels[2].max_size_bytes, 8 * MiB);
  EXPECT_EQ(levels[3].name, "DRAM");
  EXPECT_EQ(levels[3].min_size_bytes, 32 * MiB);
  EXPECT_EQ(levels[3].max_size_bytes, 512 * MiB);
}

TEST(MemoryLevels, WithoutReportedCachesTheCreepingDramCurveIsOneLevelNotAnL4) {
  // PoCL reports no cache sizes; before, its 32 MiB point was named "L4".
  const auto levels = detect_memory_levels(lying_vm_curve(), CacheSizes{});
  ASSERT_EQ(levels.size(), 4u) << describe_memory_levels(levels);
  EXPECT_EQ(levels[2].name, "L3");
  EXPECT_EQ(levels[3].name, "DRAM");
  EXPECT_EQ(levels[3].min_size_bytes, 32 * MiB);
}

TEST(CacheReport, A508MiBL3WithAKneeAt32MiBIsContradictedInPlainWords) {
  const auto chase = lying_vm_curve();
  const CacheEvidence e = compare_cache_report(508 * MiB, &chase, "the device");
  EXPECT_TRUE(e.contradicted);
  EXPECT_EQ(e.reported_llc_bytes, 508 * MiB);
  EXPECT_EQ(e.measured_knee_bytes, 32 * MiB);
  EXPECT_NE(e.note.find("the device reports a 508 MiB last-level cache"), std::string::npos)
      << e.note;
  EXPECT_NE(e.note.find("the chase reaches DRAM latency at 32 MiB"), std::string::npos) << e.note;
}

TEST(CacheReport, AnHonestPlatformIsNotContradictedAndKeepsItsLevels) {
  // A 48 MiB LLC, DRAM-like latency from 32 MiB (within 2x: a coarse sweep's first size
  // past a real cache is where its latency reaches DRAM).
  const auto chase = chase_curve(
      {{16 * KiB, 2.4}, {256 * KiB, 6.8}, {2 * MiB, 43.9}, {32 * MiB, 156.0}, {512 * MiB, 181.0}});
  const CacheEvidence e = compare_cache_report(48 * MiB, &chase);
  EXPECT_FALSE(e.contradicted);
  EXPECT_EQ(e.measured_knee_bytes, 32 * MiB);
  EXPECT_TRUE(e.note.empty());
  const CacheSizes reported{48 * KiB, 2 * MiB, 48 * MiB};
  const CacheSizes trusted = trusted_cache_sizes(reported, e.measured_knee_bytes);
  EXPECT_EQ(trusted.llc, reported.llc);
  const auto levels = detect_memory_levels(chase, reported);
  ASSERT_EQ(levels.size(), 4u) << describe_memory_levels(levels);
  EXPECT_EQ(levels[2].name, "LLC");
  EXPECT_EQ(levels[3].name, "DRAM");
}

TEST(CacheReport, WithoutAChaseNothingIsContradicted) {
  const CacheEvidence e = compare_cache_report(508 * MiB, nullptr);
  EXPECT_FALSE(e.contradicted);
  EXPECT_EQ(e.measured_knee_bytes, 0u);
}
