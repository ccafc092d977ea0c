// Telemetry end to end: the fake plugin's telemetry entry (tests/fake_plugins) is sampled
// while each point runs, in a worker and in process, summarised per point, sent back over
// the worker protocol and written to (and read back from) the result document. A plugin
// without the entry gives points without telemetry.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "gpuprobe/report_format.hpp"
#include "gpuprobe/result_io.hpp"
#include "gpuprobe/session.hpp"
#include "gpuprobe/telemetry_fields.hpp"
#include "gpuprobe/telemetry_format.hpp"
#include "telemetry_sampler.hpp"
#include "worker_protocol.hpp"

using namespace gpuprobe;

namespace {

RunOptions read_only() {
  RunOptions o;
  o.kernels = {"read"};
  o.samples = 5;
  o.min_sample_seconds = 0.002;
  return o;
}

RunReport run_fake(const std::string& variant, bool in_process) {
  SessionConfig config;
  config.plugin_dirs = {std::string(FAKE_PLUGIN_ROOT) + "/" + variant};
  config.in_process = in_process;
  Session s(config);
  return s.run(read_only());
}

// What the fake's telemetry promises (fake_plugin.cpp): SM clock 1500 + 10 per sample, power
// 100 + 1 per sample, 60 C, a 250 W limit, sw_power_cap on every second sample; no memory
// clock and no fan.
void expect_fake_telemetry(const Measurement& p) {
  ASSERT_TRUE(p.telemetry.has_value()) << "the point carries no telemetry";
  const TelemetrySummary& t = *p.telemetry;
  EXPECT_EQ(t.unavailable, "");
  // One sample before the run, one after, any in between.
  ASSERT_GE(t.samples, 2u);
  ASSERT_TRUE(t.fields.count("sm_clock_mhz"));
  const TelemetryRange& clock = t.fields.at("sm_clock_mhz");
  EXPECT_EQ(clock.count, t.samples);
  EXPECT_GE(clock.min, 1500.0);
  EXPECT_GT(clock.max, clock.min) << "more than one sample was folded in";
  EXPECT_GT(clock.mean, clock.min);
  EXPECT_LT(clock.mean, clock.max);
  EXPECT_EQ(t.fields.at("temperature_c").min, 60.0);
  EXPECT_EQ(t.fields.at("temperature_c").max, 60.0);
  EXPECT_EQ(t.fields.at("power_limit_w").mean, 250.0);
  EXPECT_TRUE(t.fields.count("power_w"));
  EXPECT_FALSE(t.fields.count("memory_clock_mhz")) << "an absent field must stay absent";
  EXPECT_FALSE(t.fields.count("fan_percent")) << "an absent field must stay absent";
  EXPECT_TRUE(t.clock_events_reported);
  EXPECT_EQ(t.clock_events, std::vector<std::string>{"sw_power_cap"});
  EXPECT_EQ(t.interval_seconds, kTelemetryIntervalSeconds);
}

void expect_every_point_sampled(const RunReport& r) {
  ASSERT_EQ(r.devices.size(), 1u);
  const KernelResult* read = r.devices[0].find("read");
  ASSERT_NE(read, nullptr);
  ASSERT_FALSE(read->points.empty());
  for (const auto& p : read->points) {
    EXPECT_EQ(p.status, MeasurementStatus::Ok) << p.message;
    expect_fake_telemetry(p);
  }
  // The document keeps it, and reads it back the same.
  const RunReport back = from_json(to_json(r));
  const KernelResult* read_back = back.devices[0].find("read");
  ASSERT_NE(read_back, nullptr);
  for (size_t i = 0; i < read->points.size(); ++i)
    EXPECT_EQ(read_back->points[i].telemetry, read->points[i].telemetry);
  EXPECT_NE(to_json(r).find("\"telemetry\""), std::string::npos);
}

}  // namespace

TEST(Telemetry, WorkerSamplesEachPointAndTheDocumentKeepsIt) {
  expect_every_point_sampled(run_fake("good", /*in_process=*/false));
}

TEST(Telemetry, InProcessSamplesEachPointAndTheDocumentKeepsIt) {
  expect_every_point_sampled(run_fake("good", /*in_process=*/true));
}

TEST(Telemetry, PluginWithoutTheEntryGivesPointsWithoutTelemetry) {
  for (const bool in_process : {false, true}) {
    const RunReport r = run_fake("no_telemetry", in_process);
    ASSERT_EQ(r.devices.size(), 1u);
    const KernelResult* read = r.devices[0].find("read");
    ASSERT_NE(read, nullptr);
    for (const auto& p : read->points) {
      EXPECT_EQ(p.status, MeasurementStatus::Ok) << p.message;
      EXPECT_FALSE(p.telemetry.has_value()) << "telemetry invented for a plugin without it";
    }
    EXPECT_EQ(to_json(r).find("\"telemetry\""), std::string::npos);
  }
}

TEST(TelemetryAccumulator, AbsentAndNonFiniteValuesAreNotData) {
  TelemetryAccumulator acc;
  gp_telemetry_sample s{};
  s.struct_size = sizeof s;
  s.present = 1u << GP_TELEMETRY_POWER_W;
  s.values[GP_TELEMETRY_POWER_W] = 100;
  s.values[GP_TELEMETRY_FAN_PERCENT] = 0;  // zero, but not present: no fan reading
  acc.add(s);
  s.values[GP_TELEMETRY_POWER_W] = 200;
  s.present |= 1u << GP_TELEMETRY_TEMPERATURE_C;
  s.values[GP_TELEMETRY_TEMPERATURE_C] = std::numeric_limits<double>::quiet_NaN();
  s.clock_events_present = 1;
  s.clock_events = GP_CLOCK_EVENT_HW_THERMAL | 0x40000u;  // a bit with no name
  acc.add(s);
  const TelemetrySummary t = acc.summary(0.05);
  EXPECT_EQ(t.samples, 2u);
  ASSERT_EQ(t.fields.size(), 1u);
  EXPECT_EQ(t.fields.at("power_w"), (TelemetryRange{2, 100, 150, 200}));
  EXPECT_EQ(t.clock_events, (std::vector<std::string>{"hw_thermal", "other"}));
  EXPECT_EQ(telemetry_inconsistency(t), "");
}

TEST(TelemetryProtocol, RunReplyCarriesTheSummaryAndRefusesABrokenOne) {
  RunOutcome o;
  o.iterations = 1;
  o.sample_seconds = {0.1};
  o.telemetry = TelemetrySummary{};
  o.telemetry->samples = 3;
  o.telemetry->interval_seconds = 0.05;
  o.telemetry->fields["sm_clock_mhz"] = {3, 1400, 1450, 1500};
  o.telemetry->clock_events_reported = true;
  o.telemetry->clock_events = {"sw_power_cap"};
  const auto bytes = worker::encode_run_reply(o);
  EXPECT_EQ(worker::decode_run_reply(bytes.data(), bytes.size()), o);

  o.telemetry->fields["sm_clock_mhz"] = {3, 1500, 1450, 1400};  // min above max
  const auto broken = worker::encode_run_reply(o);
  EXPECT_THROW(worker::decode_run_reply(broken.data(), broken.size()), worker::ProtocolError);
}

TEST(TelemetryDocument, OlderDocumentsReadWithoutTelemetryAndBrokenOnesAreRefused) {
  RunReport r;
  r.tool_version = "test";
  DeviceResult d;
  d.device.backend = "fake";
  d.device.name = "Fake Device";
  KernelResult k;
  k.kernel = "launch_latency";
  k.unit = "us";
  Measurement m;
  m.status = MeasurementStatus::Unsupported;
  m.message = "no";
  m.telemetry = TelemetrySummary{};
  m.telemetry->unavailable = "NVML not found (libnvidia-ml.so.1)";
  k.points.push_back(m);
  d.kernels.push_back(k);
  r.devices.push_back(d);
  const std::string text = to_json(r);
  EXPECT_EQ(from_json(text).devices[0].kernels[0].points[0].telemetry, m.telemetry);

  // A 1.2 document (no telemetry anywhere) still reads.
  std::string older = text;
  const std::string minor = "\"minor\": " + std::to_string(kResultSchemaMinor);
  ASSERT_NE(older.find(minor), std::string::npos) << older;
  older.replace(older.find(minor), minor.size(), "\"minor\": 2");
  const size_t at = older.find(",\n              \"telemetry\"");
  ASSERT_NE(at, std::string::npos) << older;
  older.erase(at, older.find('}', at) + 1 - at);
  EXPECT_FALSE(from_json(older).devices[0].kernels[0].points[0].telemetry.has_value());

  // Samples next to "unavailable" contradict it.
  std::string broken = text;
  broken.replace(broken.find("\"unavailable\""), 13, "\"samples\": 4, \"unavailable\"");
  try {
    from_json(broken);
    FAIL() << "a contradictory telemetry summary was read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("telemetry"), std::string::npos) << e.what();
  }
  // A field that is not a number is refused with its JSON pointer.
  RunReport with_field = r;
  auto& t = *with_field.devices[0].kernels[0].points[0].telemetry;
  t.unavailable.clear();
  t.samples = 1;
  t.fields["power_w"] = {1, 90, 90, 90};
  std::string text2 = to_json(with_field);
  text2.replace(text2.find("\"mean\": 90.0"), 12, "\"mean\": \"x\"");
  try {
    from_json(text2);
    FAIL() << "a telemetry field that is text was read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/telemetry/fields/power_w/mean"), std::string::npos)
        << e.what();
  }
}

// The worker_protocol fuzz seeds are real messages of the current protocol (the replay
// test only proves they do not crash the decoders, not that they get past the version).
TEST(TelemetryProtocol, FuzzSeedsSpeakTheCurrentProtocol) {
  auto seed = [](const char* name) {
    std::ifstream in(std::string(FUZZ_CORPUS) + "/worker_protocol/" + name, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    EXPECT_FALSE(bytes.empty()) << name;
    return bytes;
  };
  const auto hello = seed("hello");
  EXPECT_NO_THROW(worker::decode_hello(hello.data() + 1, hello.size() - 1));
  for (const char* name : {"run_reply", "run_reply_telemetry"}) {
    const auto reply = seed(name);
    EXPECT_NO_THROW(worker::decode_run_reply(reply.data() + 1, reply.size() - 1)) << name;
  }
  const auto with = seed("run_reply_telemetry");
  const RunOutcome o = worker::decode_run_reply(with.data() + 1, with.size() - 1);
  ASSERT_TRUE(o.telemetry.has_value());
  EXPECT_EQ(o.telemetry->clock_events, std::vector<std::string>{"sw_power_cap"});
  for (const char* name : {"frame_hello", "frame_run_reply"}) {
    const auto frame_bytes = seed(name);
    worker::Frame f{};
    ASSERT_TRUE(worker::decode_frame(frame_bytes.data() + 1, frame_bytes.size() - 1, f)) << name;
    if (f.type == worker::MessageType::Hello)
      EXPECT_NO_THROW(worker::decode_hello(f.body, f.body_size)) << name;
    else
      EXPECT_NO_THROW(worker::decode_run_reply(f.body, f.body_size)) << name;
  }
  const auto request = seed("memtest_request");
  EXPECT_EQ(worker::decode_memtest_request(request.data() + 1, request.size() - 1).params.max_bytes,
            16u << 20);
  const auto step = seed("memtest_progress");
  EXPECT_EQ(worker::decode_memtest_progress(step.data() + 1, step.size() - 1).step,
            "pass 1/1: walking_ones");
  const auto memtest = seed("memtest_reply");
  const MemtestOutcome m = worker::decode_memtest_reply(memtest.data() + 1, memtest.size() - 1);
  ASSERT_EQ(m.result->failure_count, 1u);
  EXPECT_EQ(m.result->failures[0].address, 4096u);
  std::ifstream doc(std::string(FUZZ_CORPUS) + "/result_reader/point_telemetry.json");
  const std::string text((std::istreambuf_iterator<char>(doc)), {});
  const RunReport r = from_json(text);
  ASSERT_TRUE(r.devices[0].kernels[0].points[0].telemetry.has_value());
  EXPECT_EQ(r.devices[0].kernels[0].points[0].telemetry->fields.size(), 2u);
}

TEST(TelemetryText, TableShowsEachDevicesTelemetryAndOnlyWhatWasRead) {
  const RunReport r = run_fake("good", /*in_process=*/true);
  const std::string table = format_results({&r}, TextFormat::Table);
  EXPECT_NE(table.find("Telemetry while the points ran:"), std::string::npos) << table;
  EXPECT_NE(table.find("SM clock: 1500 / "), std::string::npos) << table;
  EXPECT_NE(table.find("power limit: 250 / 250 / 250 W"), std::string::npos) << table;
  EXPECT_NE(table.find("clock events: sw_power_cap"), std::string::npos) << table;
  EXPECT_EQ(table.find("fan"), std::string::npos) << "a field never read is not shown";

  const RunReport none = run_fake("no_telemetry", /*in_process=*/true);
  EXPECT_EQ(format_results({&none}, TextFormat::Table).find("Telemetry"), std::string::npos);

  TelemetrySummary off;
  off.unavailable = "NVML not found (libnvidia-ml.so.1)";
  EXPECT_EQ(describe_telemetry(off),
            std::vector<std::string>{"telemetry unavailable: NVML not found (libnvidia-ml.so.1)"});
}
