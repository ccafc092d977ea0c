// The support-horizon table: lookups by compute capability and gfx target, its loader's
// errors, and that it covers every NVIDIA card of the spec database.
#include "gpuprobe/support_horizon.hpp"

#include <gtest/gtest.h>

#include <set>

#include "gpuprobe/spec_db.hpp"

namespace gpuprobe {
namespace {

const std::string kData = std::string(GPUPROBE_SOURCE_DIR) + "/probe/data/";

const SupportHorizon& shipped() {
  static const SupportHorizon h = SupportHorizon::load(kData + "support_horizon.csv");
  return h;
}

TEST(SupportHorizon, KeplerEndsWithR470AndCuda11) {
  const auto e = shipped().lookup("NVIDIA", "3.5");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->architecture, "Kepler");
  EXPECT_EQ(e->driver.status, SupportStatus::Ended);
  EXPECT_NE(e->driver.text.find("R470"), std::string::npos);
  EXPECT_EQ(e->toolkit.status, SupportStatus::Ended);
  EXPECT_EQ(e->pytorch.status, SupportStatus::Ended);
  EXPECT_FALSE(e->driver.source.empty());
}

TEST(SupportHorizon, MaxwellPascalVoltaEndWithR580AndMissCuda13) {
  for (const char* cc : {"5.2", "6.1", "sm_70"}) {
    const auto e = shipped().lookup("NVIDIA", cc);
    ASSERT_TRUE(e) << cc;
    EXPECT_NE(e->driver.text.find("R580"), std::string::npos) << cc;
    EXPECT_NE(e->toolkit.text.find("CUDA 13.0 requires sm_75"), std::string::npos) << cc;
    EXPECT_EQ(e->pytorch.status, SupportStatus::Partial) << cc;
    EXPECT_NE(e->pytorch.text.find("12.8"), std::string::npos) << cc;
  }
}

TEST(SupportHorizon, TuringAndNewerAreCurrent) {
  for (const char* cc : {"7.5", "8.6", "8.9", "9.0", "12.0"}) {
    const auto e = shipped().lookup("nvidia", cc);
    ASSERT_TRUE(e) << cc;
    EXPECT_EQ(e->driver.status, SupportStatus::Current) << cc;
    EXPECT_EQ(e->toolkit.status, SupportStatus::Current) << cc;
  }
}

TEST(SupportHorizon, AmdByGfxTarget) {
  EXPECT_EQ(shipped().lookup("AMD", "gfx803")->toolkit.status, SupportStatus::Ended);
  EXPECT_EQ(shipped().lookup("AMD", "gfx1100")->pytorch.status, SupportStatus::Current);
  EXPECT_EQ(shipped().lookup("AMD", "gfx1032")->toolkit.status, SupportStatus::Ended);
  EXPECT_FALSE(shipped().lookup("AMD", "gfx9999"));
  EXPECT_FALSE(shipped().lookup("NVIDIA", "gfx1100"));
  EXPECT_FALSE(shipped().lookup("NVIDIA", "2.0"));
}

TEST(SupportHorizon, CoversEveryNvidiaCardOfTheSpecDatabaseAndListsAmdGaps) {
  const SpecDatabase specs = SpecDatabase::load(kData + "gpu_specs.csv");
  std::set<std::string> amd_gaps;
  for (const auto& r : specs.rows()) {
    if (r.vendor == "NVIDIA")
      EXPECT_TRUE(shipped().lookup("NVIDIA", r.compute_target))
          << r.origin << " " << r.name << " (" << r.compute_target << ")";
    else if (!r.compute_target.empty() && !shipped().lookup("AMD", r.compute_target))
      amd_gaps.insert(r.compute_target);
  }
  std::string gaps;
  for (const auto& g : amd_gaps) gaps += " " + g;
  std::printf("AMD targets in the spec database without a support-horizon row:%s\n", gaps.c_str());
}

std::string error_of(const std::string& rows) {
  const std::string header =
      "vendor,targets,architecture,driver_status,driver,driver_source,toolkit_status,toolkit,"
      "toolkit_source,pytorch_status,pytorch,pytorch_source\n";
  try {
    SupportHorizon::parse(header + rows, "h.csv");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(SupportHorizon, MalformedRowsNameTheirLine) {
  const std::string ok =
      "NVIDIA,5.0-5.3,Maxwell,ended,R580,src,ended,CUDA 12,src,partial,cu126,src\n";
  EXPECT_EQ(error_of(ok), "(no error)");
  EXPECT_EQ(error_of(ok + "NVIDIA,5.2-6.1,X,ended,a,b,ended,c,d,ended,e,f\n"),
            "h.csv:3: targets 5.2-6.1 overlap the row at h.csv:2");
  EXPECT_EQ(error_of("NVIDIA,6.x,X,ended,a,b,ended,c,d,ended,e,f\n"),
            "h.csv:2: targets '6.x' is not a compute capability range like 5.0-5.3");
  EXPECT_EQ(error_of("AMD,gfx803,X,gone,a,b,ended,c,d,ended,e,f\n"),
            "h.csv:2: driver_status 'gone' is not current, partial or ended");
  EXPECT_EQ(error_of("AMD,gfx803,X,ended,a,,ended,c,d,ended,e,f\n"),
            "h.csv:2: every fact needs its text and its source");
  EXPECT_EQ(error_of("AMD,gfx803|gfx803,X,ended,a,b,ended,c,d,ended,e,f\n"),
            "h.csv:2: gfx803 appears twice in targets");
}

TEST(SupportHorizon, ComputeCapabilityText) {
  EXPECT_EQ(parse_compute_capability("8.6"), 86);
  EXPECT_EQ(parse_compute_capability("sm_120"), 120);
  EXPECT_EQ(parse_compute_capability("12.0"), 120);
  EXPECT_FALSE(parse_compute_capability("8"));
  EXPECT_FALSE(parse_compute_capability("gfx1030"));
}

}  // namespace
}  // namespace gpuprobe
