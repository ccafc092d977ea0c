// Sustained load and throttling (issue 11, item 5): the judgement on synthetic series, and
// the runner on the fake plugin (whose read is steady and whose copy always fails
// verification) and on the CPU backend.
#include "gpuprobe/sustained_load.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using namespace gpuprobe;

namespace {

// A full-load series with the given throughputs (one per interval), then `partial` ones.
SustainedLoad series(const std::vector<double>& full, const std::vector<double>& partial = {}) {
  SustainedLoad load;
  load.unit = "GFLOPS";
  double t = 0;
  for (double v : full) {
    LoadInterval i;
    i.end_seconds = t += 1;
    i.throughput = v;
    load.intervals.push_back(i);
  }
  for (double v : partial) {
    LoadInterval i;
    i.end_seconds = t += 2;
    i.partial = true;
    i.busy_fraction = 0.5;
    i.throughput = v;
    load.intervals.push_back(i);
  }
  return load;
}

TelemetrySummary telemetry(double clock, double temperature, std::vector<std::string> events) {
  TelemetrySummary t;
  t.samples = 10;
  t.interval_seconds = 0.05;
  t.fields["sm_clock_mhz"] = {10, clock, clock, clock};
  t.fields["temperature_c"] = {10, temperature, temperature, temperature};
  t.clock_events_reported = true;
  t.clock_events = std::move(events);
  return t;
}

SessionConfig fake_only() { return {{std::string(FAKE_PLUGIN_ROOT) + "/good"}}; }

}  // namespace

TEST(Throttling, SteadyThroughputHolds) {
  const ThrottleAnalysis a =
      analyse_throttling(series({50, 100, 101, 99, 100, 98, 100, 101, 99, 100, 100}));
  EXPECT_TRUE(a.judged);
  EXPECT_FALSE(a.throttled);
  EXPECT_NEAR(a.early, 100.5, 1.0);  // the warm-up interval (50) is left out
  EXPECT_NE(a.reading.find("holds its throughput"), std::string::npos) << a.reading;
}

TEST(Throttling, ADropBeyondTenPercentIsThrottlingWithTheDriversReasons) {
  SustainedLoad load = series({100, 100, 100, 100, 95, 90, 85, 80, 80, 80, 80});
  for (size_t i = 0; i < load.intervals.size(); ++i)
    load.intervals[i].telemetry =
        i < 6 ? telemetry(1800, 70, {}) : telemetry(1400, 88, {"sw_thermal_slowdown"});
  const ThrottleAnalysis a = analyse_throttling(load);
  ASSERT_TRUE(a.judged);
  EXPECT_TRUE(a.throttled);
  EXPECT_NEAR(a.change, -0.2, 1e-9);
  ASSERT_EQ(a.reasons.size(), 1u);
  EXPECT_EQ(a.reasons[0], "sw_thermal_slowdown");
  ASSERT_GE(a.evidence.size(), 2u);
  EXPECT_NE(a.evidence[0].find("1800 MHz early, 1400 MHz late"), std::string::npos)
      << a.evidence[0];
  EXPECT_NE(a.reading.find("20.0 % below early"), std::string::npos) << a.reading;
}

TEST(Throttling, ADropWithinTheThresholdIsNotThrottling) {
  const ThrottleAnalysis a =
      analyse_throttling(series({100, 100, 100, 100, 100, 95, 93, 92, 91, 91, 91}));
  EXPECT_TRUE(a.judged);
  EXPECT_FALSE(a.throttled);  // 9 % down: inside 10 %
  EXPECT_TRUE(analyse_throttling(series({100, 100, 100, 100, 100, 95, 93, 92, 91, 91, 91}), 0.05)
                  .throttled);
}

TEST(Throttling, FailuresAtPartialLoadAreCountedAndLead) {
  SustainedLoad load = series({100, 100, 100, 100, 100}, {100, 100, 100});
  load.intervals[6].status = MeasurementStatus::VerificationFailed;
  load.intervals[6].message = "element 7 differs";
  const ThrottleAnalysis a = analyse_throttling(load);
  EXPECT_EQ(a.failed_intervals, 1u);
  EXPECT_EQ(a.failed_at_partial_load, 1u);
  EXPECT_NE(a.reading.find("1 interval(s) failed under load (1 at partial load)"),
            std::string::npos)
      << a.reading;
  ASSERT_TRUE(a.partial_vs_full);
  EXPECT_NEAR(*a.partial_vs_full, 1.0, 1e-9);
}

TEST(Throttling, TooShortASeriesIsNotJudged) {
  const ThrottleAnalysis a = analyse_throttling(series({100, 100, 60}));
  EXPECT_FALSE(a.judged);
  EXPECT_FALSE(a.throttled);
  EXPECT_NE(a.reading.find("too few intervals"), std::string::npos) << a.reading;
}

TEST(SustainedLoadRun, FullThenPartialPhaseOnTheFakeDevice) {
  Session session(fake_only());
  SustainedLoadOptions o;
  o.device = {"fake", 0};
  o.kernel = "read";
  o.seconds = 3.0;
  o.partial_share = 0.5;
  o.interval_seconds = 0.1;
  const auto start = std::chrono::steady_clock::now();
  size_t progress_calls = 0;
  const SustainedLoad load =
      run_sustained_load(session, o, [&](const SustainedLoad&) { ++progress_calls; });
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  size_t full = 0, partial = 0;
  for (const auto& i : load.intervals) {
    EXPECT_EQ(i.status, MeasurementStatus::Ok) << i.message;
    EXPECT_GT(i.throughput, 0);
    (i.partial ? partial : full) += 1;
  }
  EXPECT_GE(full, 3u);
  EXPECT_GE(partial, 1u);
  EXPECT_EQ(progress_calls, load.intervals.size());
  EXPECT_EQ(load.unit, "GB/s");
  EXPECT_GE(took, 3.0);
  EXPECT_LT(took, 30.0);
  // In the partial phase every interval is followed by as long an idle period.
  for (size_t i = 1; i < load.intervals.size(); ++i)
    if (load.intervals[i].partial && load.intervals[i - 1].partial) {
      EXPECT_GE(load.intervals[i].end_seconds - load.intervals[i - 1].end_seconds, 2 * 0.1 * 0.9);
    }
  EXPECT_FALSE(analyse_throttling(load).failed_intervals);
}

TEST(SustainedLoadRun, WrongResultsUnderLoadAreFailuresNotFigures) {
  Session session(fake_only());
  SustainedLoadOptions o;
  o.device = {"fake", 0};
  o.kernel = "copy";  // the fake device's copy always fails verification
  o.seconds = 1.0;
  o.partial_share = 0;
  o.interval_seconds = 0.1;
  const SustainedLoad load = run_sustained_load(session, o);
  ASSERT_FALSE(load.intervals.empty());
  const ThrottleAnalysis a = analyse_throttling(load);
  EXPECT_EQ(a.failed_intervals, load.intervals.size());
  EXPECT_NE(a.reading.find("failed under load"), std::string::npos) << a.reading;
}

TEST(SustainedLoadRun, BadOptionsAndCancelAreHandled) {
  Session session(fake_only());
  SustainedLoadOptions o;
  o.device = {"fake", 0};
  o.kernel = "read";
  o.seconds = 0;
  EXPECT_THROW(run_sustained_load(session, o), std::invalid_argument);
  o.seconds = 1;
  o.kernel = "nope";
  EXPECT_THROW(run_sustained_load(session, o), std::invalid_argument);
  o.kernel = "write";  // the fake device has no write
  EXPECT_THROW(run_sustained_load(session, o), std::runtime_error);
  o.kernel = "read";
  o.device = {"fake", 7};
  EXPECT_THROW(run_sustained_load(session, o), std::invalid_argument);
  o.device = {"fake", 0};
  o.seconds = 60;
  o.interval_seconds = 0.1;
  std::atomic<bool> cancel{false};
  const auto start = std::chrono::steady_clock::now();
  const SustainedLoad load = run_sustained_load(
      session, o, [&](const SustainedLoad& so_far) { cancel = so_far.intervals.size() >= 3; },
      &cancel);
  EXPECT_TRUE(load.cancelled);
  EXPECT_EQ(load.intervals.size(), 3u);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 20.0);
}
