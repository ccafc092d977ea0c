#include "gpuprobe/result_io.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "measure.hpp"
#include "measurement_fixture.hpp"
#include "statistics.hpp"

using namespace gpuprobe;

namespace {

RunReport sample_report() {
  RunReport r;
  r.tool_version = "9.9.9";
  r.started_utc = "2026-11-22T00:00:00Z";
  r.mode = "quick";
  r.host = {"box", "Debian 12", "Some CPU", 1ull << 34, 2};
  DeviceInfo d;
  d.backend = "opencl";
  d.api = "OpenCL";
  d.index = 1;
  d.name = "Dev \"quoted\" ü";
  d.info = {{"compute_units", int64_t{80}, ""},
            {"fp16", true, ""},
            {"timestamp_period_ns", 0.1 + 0.2, "ns"},
            {"extensions", std::string("cl_khr_fp64 cl_khr_fp16"), ""}};
  r.backends = {{"opencl", "/x/gpuprobe-backend-opencl.so", true, "", {d}},
                {"vulkan", "/x/gpuprobe-backend-vulkan.so", false, "no ICD", {}}};
  DeviceResult dr;
  dr.device = d;
  Measurement m;
  m.requested = {.size_bytes = 1ull << 29, .vector_width = 4};
  m.effective = {.size_bytes = 1ull << 28, .vector_width = 4};
  m.message = "size clamped";
  m.iterations = 3;
  m.work_per_iteration = double(1ull << 28);
  m.sample_seconds = {0.0212345678901234, 0.0209, 1.0 / 3.0};
  m.timer = "device";
  m.verified = true;
  // The statistics a run would have written: the reader recomputes and compares them.
  test::derive_statistics(m, kernel_spec(GP_KERNEL_READ));
  m.adjustments = {.clamped = true, .substituted = true};
  Measurement u;
  u.status = MeasurementStatus::Unsupported;
  u.message = "no fp16 on this device";
  dr.kernels = {{"read", "bandwidth", "GB/s", {m}}, {"compute_fp16", "compute", "GFLOPS", {u}}};
  r.devices = {dr};
  return r;
}

void expect_equal(const RunReport& a, const RunReport& b) {
  // Serialising both is the strictest comparison: every field, every digit.
  EXPECT_EQ(to_json(a), to_json(b));
}

}  // namespace

TEST(ResultIo, RoundTripKeepsEveryFieldAndDigit) {
  const RunReport original = sample_report();
  const RunReport back = from_json(to_json(original));
  expect_equal(original, back);
  ASSERT_EQ(back.devices.size(), 1u);
  const Measurement& m = back.devices[0].kernels[0].points[0];
  EXPECT_EQ(m.sample_seconds[2], 1.0 / 3.0);  // bit-exact double
  EXPECT_EQ(m.effective.size_bytes, 1ull << 28);
  EXPECT_EQ(std::get<double>(back.devices[0].device.info[2].value), 0.1 + 0.2);
  EXPECT_TRUE(std::holds_alternative<bool>(back.devices[0].device.info[1].value));
  EXPECT_EQ(back.devices[0].kernels[1].points[0].status, MeasurementStatus::Unsupported);
  EXPECT_EQ(back.backends[1].reason, "no ICD");
}

TEST(ResultIo, SaveAndLoadThroughAFile) {
  const std::string path = testing::TempDir() + "/gpuprobe_roundtrip.json";
  save_report(sample_report(), path);
  const RunReport back = load_report(path);
  EXPECT_EQ(back.source, path);
  expect_equal(sample_report(), back);
  std::remove(path.c_str());
}

TEST(ResultIo, TruncatedFileNamesTheFileAndTheProblem) {
  const std::string path = testing::TempDir() + "/gpuprobe_truncated.json";
  const std::string text = to_json(sample_report());
  std::ofstream(path) << text.substr(0, text.size() / 2);
  try {
    load_report(path);
    FAIL() << "a truncated file must not load";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos) << e.what();
  }
  std::remove(path.c_str());
}

TEST(ResultIo, NewerMajorSchemaIsRefusedWithAClearMessage) {
  std::string text = to_json(sample_report());
  const std::string from = "\"major\": 1";
  text.replace(text.find(from), from.size(), "\"major\": 2");
  try {
    from_json(text);
    FAIL();
  } catch (const std::runtime_error& e) {
    const std::string refused =
        "schema 2." + std::to_string(kResultSchemaMinor) + " is not supported";
    EXPECT_NE(std::string(e.what()).find(refused), std::string::npos) << e.what();
  }
}

TEST(ResultIo, OtherJsonIsNotAResult) {
  EXPECT_THROW(from_json("{\"hello\": 1}"), std::runtime_error);
  EXPECT_THROW(from_json("[1,2,3]"), std::runtime_error);
  EXPECT_THROW(load_report("/nonexistent/file.json"), std::runtime_error);
}

namespace {

// The sample report as JSON, changed by `edit` on its one measured point.
template <typename Edit>
std::string edited_document(Edit edit) {
  nlohmann::json doc = nlohmann::json::parse(to_json(sample_report()));
  edit(doc["devices"][0]["kernels"][0]["points"][0]);
  return doc.dump();
}

// The reader refuses the document; its message names the device, the kernel, the point
// and `problem`.
void expect_refused(const std::string& text, const std::string& problem) {
  try {
    from_json(text);
    FAIL() << "a document with " << problem << " must not load";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("opencl:1"), std::string::npos) << what;
    EXPECT_NE(what.find("kernel read"), std::string::npos) << what;
    EXPECT_NE(what.find("point 1 (512 MiB w4)"), std::string::npos) << what;
    EXPECT_NE(what.find(problem), std::string::npos) << what;
  }
}

}  // namespace

TEST(ResultIo, NoisyAndAdjustmentsRoundTrip) {
  RunReport r = sample_report();
  Measurement& m = r.devices[0].kernels[0].points[0];
  ASSERT_TRUE(m.noisy) << "the sample points spread far more than 5 %";
  const RunReport back = from_json(to_json(r));
  const Measurement& b = back.devices[0].kernels[0].points[0];
  EXPECT_TRUE(b.noisy);
  EXPECT_TRUE(b.adjustments.clamped);
  EXPECT_TRUE(b.adjustments.substituted);
}

TEST(ResultIo, SchemaOneZeroWithoutTheNoisyFieldTakesItFromTheCv) {
  const std::string text = edited_document([](nlohmann::json& p) {
    p.erase("noisy");
    p.erase("adjustments");
  });
  const Measurement m = from_json(text).devices[0].kernels[0].points[0];
  EXPECT_TRUE(m.noisy);
  EXPECT_FALSE(m.adjustments.substituted);
}

TEST(ResultIo, VerifiedPointWithoutSamplesIsRefused) {
  expect_refused(edited_document([](nlohmann::json& p) {
                   p["status"] = "error";  // even outside ok, `verified` needs samples
                   p["sample_seconds"] = nlohmann::json::array();
                 }),
                 "claims verified: true but has no samples");
}

TEST(ResultIo, OkPointWithoutSamplesIsRefused) {
  expect_refused(edited_document([](nlohmann::json& p) {
                   p["verified"] = false;
                   p["sample_seconds"] = nlohmann::json::array();
                 }),
                 "is ok but has no samples");
}

TEST(ResultIo, StatisticsThatDoNotFollowFromTheSamplesAreRefused) {
  const char* fields[] = {"median", "min", "max", "mean", "p90", "cv"};
  for (const char* field : fields) {
    SCOPED_TRACE(field);
    expect_refused(edited_document([&](nlohmann::json& p) {
                     p["figure"][field] = p["figure"][field].get<double>() * 1.001;
                   }),
                   std::string(field) + " is ");
  }
  expect_refused(edited_document([](nlohmann::json& p) { p["figure"]["count"] = 2; }),
                 "figure.count is 2 but it has 3 samples");
  expect_refused(edited_document([](nlohmann::json& p) { p["sample_seconds"][0] = 0.0215; }),
                 "median is ");
  expect_refused(edited_document([](nlohmann::json& p) { p["sample_seconds"][0] = -1.0; }),
                 "not a positive time");
  expect_refused(edited_document([](nlohmann::json& p) { p["noisy"] = false; }),
                 "noisy is false but its CV is");
}

TEST(ResultIo, TinyRoundingDifferencesInStatisticsAreAccepted) {
  const std::string text = edited_document([](nlohmann::json& p) {
    p["figure"]["median"] = p["figure"]["median"].get<double>() * (1 + 1e-9);
  });
  EXPECT_NO_THROW(from_json(text));
}

// Found by fuzz/result_reader (UBSan: 8.9e100 into an unsigned is undefined); counts and sizes
// must be integers that fit, never cast from whatever number the file holds. The document
// check refuses them first, naming the JSON pointer; from_json's integer_field guards the
// cast itself.
TEST(ResultIo, CountsThatAreNotIntegersInRangeAreRefusedNamingTheField) {
  const auto refused = [](const std::string& text, const std::string& problem) {
    try {
      from_json(text);
      ADD_FAILURE() << "a document with " << problem << " must not load";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(problem), std::string::npos) << e.what();
    }
  };
  nlohmann::json doc = nlohmann::json::parse(to_json(sample_report()));
  doc["host"]["memory_bytes"] = 8.88889e100;
  refused(doc.dump(), "/host/memory_bytes: the number 8.88889e+100 is not a whole number");
  doc = nlohmann::json::parse(to_json(sample_report()));
  doc["host"]["logical_cpus"] = 4294967296ull;  // wrapped to 0 before
  refused(doc.dump(), "/host/logical_cpus: the number 4294967296 is out of range");
  refused(edited_document([](nlohmann::json& p) { p["requested"]["size_bytes"] = -1; }),
          "/requested/size_bytes: the number -1 is negative");
  refused(edited_document([](nlohmann::json& p) { p["iterations"] = 2.5; }),
          "/iterations: the number 2.5 is not a whole number");
  refused(edited_document([](nlohmann::json& p) { p["figure"]["count"] = "3"; }),
          "/figure/count: the string '3' is not a whole number");
}
