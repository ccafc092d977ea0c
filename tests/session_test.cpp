#include "gpuprobe/session.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "gpuprobe/report_format.hpp"
#include "point_budget.hpp"

using namespace gpuprobe;

namespace {

SessionConfig fake_only() { return {{std::string(FAKE_PLUGIN_ROOT) + "/good"}}; }

RunOptions read_only() {
  RunOptions o;
  o.kernels = {"read"};
  o.samples = 5;
  o.min_sample_seconds = 0.002;
  return o;
}

}  // namespace

TEST(Session, UnknownBackendNamesTheValidChoices) {
  Session s(fake_only());
  RunOptions o;
  o.devices = {{"nope", 0}};
  try {
    s.validate(o);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("found: fake"), std::string::npos) << e.what();
  }
}

TEST(Session, DeviceOutOfRangeNamesTheValidRange) {
  Session s(fake_only());
  RunOptions o;
  o.devices = {{"fake", 3}};
  try {
    s.validate(o);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("valid: 0..0"), std::string::npos) << e.what();
  }
}

TEST(Session, UnknownKernelNamesTheValidKernels) {
  Session s(fake_only());
  RunOptions o;
  o.kernels = {"reed"};
  try {
    s.validate(o);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("read, write, copy"), std::string::npos) << e.what();
  }
}

TEST(Session, RunProducesStatisticsFromEverySample) {
  Session s(fake_only());
  const RunReport r = s.run(read_only());
  ASSERT_EQ(r.devices.size(), 1u);
  const KernelResult* read = r.devices[0].find("read");
  ASSERT_NE(read, nullptr);
  ASSERT_FALSE(read->points.empty());
  for (const auto& p : read->points) {
    EXPECT_EQ(p.status, MeasurementStatus::Ok) << p.message;
    // A steady device: 5 samples cannot bound the median at 95 %, 6 equal ones settle it.
    EXPECT_EQ(p.sample_seconds.size(), 6u);
    EXPECT_EQ(p.figure.count, 6u);
    EXPECT_FALSE(p.noisy);
    EXPECT_GE(p.sample_seconds[0], 0.002) << "batch calibration must reach the minimum sample time";
    EXPECT_NEAR(p.figure.median, 1.0, 1e-9) << "the fake device moves exactly 1 GB/s";
  }
  // Sizes above the fake's 1 MiB max allocation are clamped, and the result says so.
  const Measurement& biggest = read->points.back();
  EXPECT_LT(biggest.effective.size_bytes, biggest.requested.size_bytes);
  EXPECT_NE(biggest.message.find("clamped"), std::string::npos);
  EXPECT_TRUE(biggest.adjustments.clamped) << "GP_ADJUST_CLAMPED reaches the Measurement";
  EXPECT_FALSE(biggest.adjustments.substituted);
  EXPECT_FALSE(r.any_failure());
}

namespace {

// Sets an environment variable the fake plugin reads, for one test.
struct ScopedEnv {
  ScopedEnv(const char* name, const char* value) : name_(name) { setenv(name, value, 1); }
  ~ScopedEnv() { unsetenv(name_); }
  const char* name_;
};

}  // namespace

TEST(Session, NoisyDeviceIsSampledToTheMaximumAndMarkedNoisy) {
  ScopedEnv noise("GPUPROBE_FAKE_NOISE", "0.2");  // batches alternate 0.8x / 1.2x
  Session s(fake_only());
  RunOptions o = read_only();
  o.sizes_bytes = {64 << 10};
  o.max_samples = 20;
  const RunReport r = s.run(o);
  const Measurement& m = r.devices.at(0).kernels.at(0).points.at(0);
  ASSERT_EQ(m.status, MeasurementStatus::Ok) << m.message;
  EXPECT_EQ(m.sample_seconds.size(), 20u) << "the median never settles to 2 %";
  EXPECT_GT(m.figure.cv, kNoisyCv);
  EXPECT_TRUE(m.noisy);
  EXPECT_NE(format_cell(m, false).find(" ~"), std::string::npos) << format_cell(m, false);
  EXPECT_NE(format_results({&r}, TextFormat::Table).find(kNoisyLegend), std::string::npos);
}

TEST(Session, SamplingBudgetEndsANoisyPoint) {
  ScopedEnv noise("GPUPROBE_FAKE_NOISE", "0.2");
  Session s(fake_only());
  RunOptions o = read_only();
  o.sizes_bytes = {1 << 20};  // 1 MiB at 1 GB/s: ~1 ms per launch
  o.min_sample_seconds = 0.01;
  o.sampling_budget_seconds = 0.1;
  const RunReport r = s.run(o);
  const Measurement& m = r.devices.at(0).kernels.at(0).points.at(0);
  ASSERT_EQ(m.status, MeasurementStatus::Ok) << m.message;
  EXPECT_GE(m.sample_seconds.size(), 6u);
  EXPECT_LE(m.sample_seconds.size(), 12u) << "about 10 samples of ~10 ms fit 0.1 s";
}

TEST(Session, SlightNoiseSettlesEarly) {
  ScopedEnv noise("GPUPROBE_FAKE_NOISE", "0.005");  // +-0.5 %: within the 2 % target
  Session s(fake_only());
  RunOptions o = read_only();
  o.sizes_bytes = {64 << 10};
  const RunReport r = s.run(o);
  const Measurement& m = r.devices.at(0).kernels.at(0).points.at(0);
  EXPECT_EQ(m.sample_seconds.size(), 6u);
  EXPECT_FALSE(m.noisy);
}

TEST(Session, SubstitutedFigureIsMarkedWithItsReason) {
  ScopedEnv substitute("GPUPROBE_FAKE_SUBSTITUTE", "1");
  Session s(fake_only());
  RunOptions o = read_only();
  o.sizes_bytes = {64 << 10};
  const RunReport r = s.run(o);
  const Measurement& m = r.devices.at(0).kernels.at(0).points.at(0);
  EXPECT_TRUE(m.adjustments.substituted);
  EXPECT_NE(format_cell(m, false).find(" *"), std::string::npos) << format_cell(m, false);
  const std::string table = format_results({&r}, TextFormat::Table);
  EXPECT_NE(table.find("* Adjusted figures:"), std::string::npos) << table;
  EXPECT_NE(table.find("(a value substituted): figure substituted by the fake"), std::string::npos)
      << table;
}

TEST(Session, HostTimedFigureOfADeviceApiIsMarkedAndTheLegendNamesEachColumnsTimer) {
  Session s(fake_only());
  RunOptions o = read_only();
  o.sizes_bytes = {64 << 10};
  RunReport fake = s.run(o);  // the fake times with the host clock
  RunReport device = fake;
  device.devices[0].device.backend = "opencl";
  for (auto& p : device.devices[0].kernels[0].points) p.timer = "device";
  const std::string table = format_results({&fake, &device}, TextFormat::Table);
  EXPECT_NE(table.find("fake:0 Fake Device: read timed with the host clock"), std::string::npos)
      << table;
  EXPECT_NE(table.find("Timers:\n  fake:0 Fake Device: host clock\n  opencl:0 Fake Device: "
                       "device timestamps\n"),
            std::string::npos)
      << table;
  // The cpu backend's host clock is its own: no mark, and the legend says so.
  RunReport cpu = fake;
  cpu.devices[0].device.backend = "cpu";
  const Measurement& m = cpu.devices[0].kernels[0].points[0];
  EXPECT_EQ(format_cell(m, false, "cpu").find('*'), std::string::npos);
  EXPECT_NE(format_cell(m, false, "fake").find('*'), std::string::npos);
  EXPECT_NE(format_results({&cpu, &device}, TextFormat::Table)
                .find("cpu:0 Fake Device: host clock (the device's own clock)"),
            std::string::npos);
}

TEST(Session, UnsupportedKernelIsAStateWithAReasonNotAZero) {
  Session s(fake_only());
  RunOptions o = read_only();
  o.kernels = {"compute_fp16"};
  const RunReport r = s.run(o);
  const Measurement& m = r.devices.at(0).kernels.at(0).points.at(0);
  EXPECT_EQ(m.status, MeasurementStatus::Unsupported);
  EXPECT_EQ(m.message, "the fake device only reads and copies");
  EXPECT_TRUE(m.sample_seconds.empty());
  EXPECT_FALSE(r.any_failure());
}

TEST(Session, VerificationFailureMarksTheRunFailed) {
  Session s(fake_only());
  RunOptions o = read_only();
  o.kernels = {"copy"};
  const RunReport r = s.run(o);
  const Measurement& m = r.devices.at(0).kernels.at(0).points.at(0);
  EXPECT_EQ(m.status, MeasurementStatus::VerificationFailed);
  EXPECT_NE(m.message.find("element 7"), std::string::npos);
  EXPECT_TRUE(r.any_failure());
}

TEST(Session, AsyncRunReportsProgressAndCanBeCancelled) {
  Session s(fake_only());
  RunOptions o = read_only();
  o.min_sample_seconds = 0.2;  // long enough that cancel lands mid-run
  std::atomic<int> events{0};
  s.start(o, [&](const Progress&) { ++events; });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(s.running());
  const auto t0 = std::chrono::steady_clock::now();
  s.cancel();
  const RunReport r = s.wait();
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 1.0)
      << "cancel must be honoured promptly";
  EXPECT_FALSE(s.running());
  EXPECT_GE(events.load(), 1);
  bool saw_cancelled = false;
  for (const auto& p : r.devices.at(0).kernels.at(0).points)
    saw_cancelled |= p.status == MeasurementStatus::Cancelled;
  EXPECT_TRUE(saw_cancelled);
}

TEST(Session, SnapshotsGrowAsPointsFinish) {
  Session s(fake_only());
  s.start(read_only());
  size_t max_points = 0;
  while (s.running()) {
    if (auto snap = s.snapshot();
        snap && !snap->devices.empty() && !snap->devices[0].kernels.empty())
      max_points = std::max(max_points, snap->devices[0].kernels[0].points.size());
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const RunReport r = s.wait();
  EXPECT_EQ(r.devices.at(0).kernels.at(0).points.size(),
            4u);  // quick: 1 MiB, 32 MiB, widths 4 and 16 at DRAM size
  EXPECT_GE(max_points, 1u);
}

TEST(Session, DestroyingASessionDuringARunCancelsCleanly) {
  auto s = std::make_unique<Session>(fake_only());
  RunOptions o = read_only();
  o.min_sample_seconds = 0.5;
  s->start(o);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto t0 = std::chrono::steady_clock::now();
  s.reset();
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 1.0);
}

TEST(PointBudget, SlowMatmulShapeIsSkippedWithItsEstimate) {
  DeviceResult device;
  Measurement measured;
  measured.requested = {.m = 512, .n = 512, .k = 512, .precision = "fp32"};
  measured.figure.median = 1.0;  // 1 GFLOPS
  device.kernels = {{"matmul_tiled", "matmul", "GFLOPS", {measured}}};
  RunOptions options;  // 5 samples, 45 s budget
  const KernelSpec* tiled = find_kernel("matmul_tiled");
  // 8192x1024x4096: 68.7 GFLOP -> 68.7 s per launch, 7 launches -> ~481 s
  const PlannedPoint big{tiled, {.m = 8192, .n = 1024, .k = 4096, .precision = "fp32"}};
  const std::string why = estimate_over_budget(device, big, options);
  EXPECT_NE(why.find("estimated 481 s at the 1.0 GFLOPS reached at 512x512x512 fp32"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("--matmul 8192x1024x4096"), std::string::npos) << why;
  // 1024^3 at 1 GFLOPS: 2.1 s per launch, ~15 s: within budget.
  EXPECT_EQ(estimate_over_budget(
                device, {tiled, {.m = 1024, .n = 1024, .k = 1024, .precision = "fp32"}}, options),
            "");
  // The largest shape measured sets the rate, not the fastest (smaller shapes fit caches):
  // 256^3 at 100 GFLOPS would make 8192x1024x4096 look like 5 s.
  Measurement small_fast;
  small_fast.requested = {.m = 256, .n = 256, .k = 256, .precision = "fp32"};
  small_fast.figure.median = 100.0;
  device.kernels[0].points.push_back(small_fast);
  EXPECT_NE(estimate_over_budget(device, big, options).find("estimated 481 s"), std::string::npos);
  // No budget, another precision (nothing measured yet) and non-matmul kernels always run.
  options.point_budget_seconds = 0;
  EXPECT_EQ(estimate_over_budget(device, big, options), "");
  options.point_budget_seconds = 45;
  EXPECT_EQ(estimate_over_budget(
                device, {tiled, {.m = 8192, .n = 1024, .k = 4096, .precision = "fp16"}}, options),
            "");
  EXPECT_EQ(
      estimate_over_budget(device, {find_kernel("read"), {.size_bytes = 1ull << 40}}, options), "");
}
