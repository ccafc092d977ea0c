// What every history store must do, whichever database holds it: the SQLite tests and the
// PostgreSQL tests (against a real server) run these same checks.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "gpuprobe/history_store.hpp"
#include "gpuprobe/result_io.hpp"
#include "history_fixture.hpp"

namespace gpuprobe::test {

// Two runs on one host, then a trend of one kernel, the listing and the export.
inline void check_save_list_trend_export(HistoryStore& store) {
  const RunReport first = crafted_run("lab-a", "2026-01-01T10:00:00Z", "Radeon RX 6800",
                                      {{"read", "GB/s", 1 << 20, 400, 4},
                                       {"read", "GB/s", 1 << 26, 500, 5},
                                       {"launch_latency", "us", 0, 8, 0.1}});
  const RunReport second =
      crafted_run("lab-a", "2026-01-02T10:00:00Z", "Radeon RX 6800",
                  {{"read", "GB/s", 1 << 20, 380, 4}, {"read", "GB/s", 1 << 26, 490, 5}});
  const int64_t id1 = store.save(first, to_json(first, -1));
  const int64_t id2 = store.save(second, "");
  EXPECT_GT(id2, id1);

  const auto runs = store.list_runs(0);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].id, id2);  // newest first
  EXPECT_EQ(runs[0].points, 2u);
  EXPECT_EQ(runs[1].points, 3u);
  EXPECT_EQ(runs[1].host, "lab-a");
  EXPECT_EQ(runs[1].started_utc, "2026-01-01T10:00:00Z");
  EXPECT_EQ(runs[1].origin, "cli");
  EXPECT_EQ(store.list_runs(1).size(), 1u);

  const auto trend = store.kernel_points("read");
  ASSERT_EQ(trend.size(), 4u);
  EXPECT_EQ(trend[0].run.id, id1);  // oldest first
  EXPECT_EQ(trend[3].run.id, id2);
  EXPECT_DOUBLE_EQ(trend[0].point.median, 400);
  EXPECT_DOUBLE_EQ(trend[0].point.min, 396);
  EXPECT_DOUBLE_EQ(trend[0].point.max, 404);
  EXPECT_EQ(trend[0].point.unit, "GB/s");
  EXPECT_EQ(trend[0].point.device_name, "Radeon RX 6800");
  EXPECT_TRUE(trend[0].point.verified);
  EXPECT_EQ(trend[0].point.status, "ok");
  EXPECT_NE(trend[0].point.params, trend[1].point.params);  // the two sizes stay apart
  EXPECT_TRUE(matches_device(trend[0].point, "opencl:0"));
  EXPECT_TRUE(matches_device(trend[0].point, "rx 6800"));
  EXPECT_FALSE(matches_device(trend[0].point, "opencl:1"));
  EXPECT_TRUE(store.kernel_points("copy").empty());
  // The newest run that has launch_latency is the first: a limit of 1 keeps only it.
  const auto newest_read = store.kernel_points("read", 1);
  ASSERT_EQ(newest_read.size(), 2u);
  EXPECT_EQ(newest_read[0].run.id, id2);
  const auto newest_latency = store.kernel_points("launch_latency", 1);
  ASSERT_EQ(newest_latency.size(), 1u);
  EXPECT_EQ(newest_latency[0].run.id, id1);

  const auto exported = store.export_runs();
  ASSERT_EQ(exported.size(), 2u);
  EXPECT_EQ(exported[0].points.size(), 3u);
  ASSERT_FALSE(exported[0].document.empty());
  EXPECT_EQ(exported[0].document, to_json(first, -1));  // stored as it was given
  EXPECT_TRUE(exported[1].document.empty());
}

// Four hosts with one model: lab-c reads 25 % slower than its siblings' median (1400) with a
// tight spread (an outlier); lab-b is 12 % slower but its own samples reach 1400 (not reported);
// lab-c's older, fast run does not count (only the newest does). A latency that is higher is
// worse, and a second model is compared only with itself.
inline void check_fleet_outliers(HistoryStore& store) {
  const std::string gpu = "NVIDIA A100-SXM4-40GB";
  store.save(
      crafted_run("lab-c", "2026-02-01T00:00:00Z", gpu, {{"read", "GB/s", 1 << 28, 1400, 5}}), "");
  store.save(crafted_run("lab-a", "2026-02-02T00:00:00Z", gpu,
                         {{"read", "GB/s", 1 << 28, 1400, 5}, {"launch_latency", "us", 0, 5, 0.1}}),
             "");
  store.save(
      crafted_run("lab-b", "2026-02-02T00:00:00Z", gpu,
                  {{"read", "GB/s", 1 << 28, 1230, 200}, {"launch_latency", "us", 0, 5.1, 0.1}}),
      "");
  store.save(crafted_run("lab-f", "2026-02-02T00:00:00Z", gpu,
                         {{"read", "GB/s", 1 << 28, 1400, 5}, {"launch_latency", "us", 0, 5, 0.1}}),
             "");
  store.save(crafted_run("lab-c", "2026-02-03T00:00:00Z", gpu,
                         {{"read", "GB/s", 1 << 28, 1050, 5}, {"launch_latency", "us", 0, 7, 0.1}}),
             "");
  store.save(
      crafted_run("lab-d", "2026-02-03T00:00:00Z", "Tesla T4", {{"read", "GB/s", 1 << 28, 250, 2}}),
      "");
  store.save(
      crafted_run("lab-e", "2026-02-03T00:00:00Z", "Tesla T4", {{"read", "GB/s", 1 << 28, 240, 2}}),
      "");

  const FleetReport report = find_fleet_outliers(store.latest_points(), 0.10);
  ASSERT_EQ(report.groups.size(), 2u);
  ASSERT_EQ(report.outliers.size(), 2u);
  for (const auto& o : report.outliers) EXPECT_EQ(o.host, "lab-c") << o.kernel;
  EXPECT_EQ(report.outliers[0].kernel, "launch_latency");  // 7 vs 5: 40 % worse
  EXPECT_NEAR(report.outliers[0].shortfall, 0.4, 1e-9);
  EXPECT_EQ(report.outliers[0].siblings, 3u);
  EXPECT_EQ(report.outliers[1].kernel, "read");
  EXPECT_DOUBLE_EQ(report.outliers[1].figure, 1050);
  EXPECT_DOUBLE_EQ(report.outliers[1].siblings_median, 1400);
  EXPECT_NEAR(report.outliers[1].shortfall, 0.25, 1e-9);
  EXPECT_EQ(report.within_spread, 1u);  // lab-b's read
}

}  // namespace gpuprobe::test
