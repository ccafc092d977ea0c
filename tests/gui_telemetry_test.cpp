// The GUI model shows a point's telemetry where its figure is hovered (results table cells
// and chart points share measurement_detail). The document below is a TEST FIXTURE: its
// figures and telemetry are invented for this test, not measured on any card, and it says
// so in its tool version, host name and device name.
#include <gtest/gtest.h>

#include "gpuprobe/kernels.hpp"
#include "gpuprobe/result_io.hpp"
#include "measurement_fixture.hpp"
#include "model/results_table.hpp"
#include "model/text.hpp"

using namespace gpuprobe;

namespace {

constexpr const char* kFixtureMark = "TEST FIXTURE (invented, not measured)";

RunReport telemetry_fixture() {
  RunReport r;
  r.tool_version = kFixtureMark;
  r.host.hostname = kFixtureMark;
  DeviceResult d;
  d.device.backend = "cuda";
  d.device.api = "CUDA";
  d.device.name = std::string("Fixture GPU, ") + kFixtureMark;
  KernelResult k;
  k.kernel = "read";
  k.family = "bandwidth";
  k.unit = "GB/s";
  Measurement m;
  m.requested.size_bytes = m.effective.size_bytes = 1 << 20;
  m.iterations = 10;
  m.work_per_iteration = double(1 << 20);
  m.sample_seconds = {0.010, 0.011, 0.010, 0.012, 0.010, 0.011};
  m.timer = "device";
  m.verified = true;
  test::derive_statistics(m, *find_kernel("read"));
  m.telemetry = TelemetrySummary{};
  m.telemetry->samples = 6;
  m.telemetry->interval_seconds = 0.05;
  m.telemetry->fields["sm_clock_mhz"] = {6, 1710, 1755, 1800};
  m.telemetry->fields["power_w"] = {6, 181, 186.5, 192};
  m.telemetry->fields["temperature_c"] = {6, 71, 73, 76};
  m.telemetry->clock_events_reported = true;
  m.telemetry->clock_events = {"sw_power_cap"};
  k.points.push_back(m);
  Measurement plain = m;  // a point from a plugin without telemetry
  plain.requested.size_bytes = plain.effective.size_bytes = 2 << 20;
  plain.telemetry.reset();
  k.points.push_back(plain);
  d.kernels.push_back(k);
  r.devices.push_back(d);
  return from_json(to_json(r));  // through the document, as a loaded file
}

}  // namespace

TEST(GuiTelemetry, HoverOverAPointShowsItsTelemetryMinMeanMax) {
  const RunReport r = telemetry_fixture();
  ASSERT_NE(r.tool_version.find("TEST FIXTURE"), std::string::npos);
  const gui::ResultsTable t = gui::build_results_table({&r});
  ASSERT_EQ(t.rows.size(), 2u);
  const Measurement* with = t.rows[0].cells[0];
  ASSERT_NE(with, nullptr);
  const std::string hover = gui::measurement_detail(*with, "GB/s", "cuda");
  EXPECT_NE(hover.find("telemetry: 6 samples, every 50 ms (min / mean / max)"), std::string::npos)
      << hover;
  EXPECT_NE(hover.find("SM clock: 1710 / 1755 / 1800 MHz"), std::string::npos) << hover;
  EXPECT_NE(hover.find("power draw: 181 / 186 / 192 W"), std::string::npos) << hover;
  EXPECT_NE(hover.find("temperature: 71.0 / 73.0 / 76.0 C"), std::string::npos) << hover;
  EXPECT_NE(hover.find("clock events: sw_power_cap"), std::string::npos) << hover;
  EXPECT_EQ(hover.find("fan"), std::string::npos) << "a field the source lacks is not shown";
  EXPECT_EQ(hover.find("memory clock"), std::string::npos);
}

TEST(GuiTelemetry, PointWithoutTelemetryShowsNoneAndUnavailableSaysWhy) {
  const RunReport r = telemetry_fixture();
  const gui::ResultsTable t = gui::build_results_table({&r});
  const Measurement* plain = t.rows[1].cells[0];
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(gui::telemetry_detail(*plain), "");
  EXPECT_EQ(gui::measurement_detail(*plain, "GB/s", "cuda").find("telemetry"), std::string::npos);

  Measurement off = *plain;
  off.telemetry = TelemetrySummary{};
  off.telemetry->unavailable = "NVML not found (libnvidia-ml.so.1)";
  EXPECT_EQ(gui::telemetry_detail(off),
            "telemetry unavailable: NVML not found (libnvidia-ml.so.1)");
}
