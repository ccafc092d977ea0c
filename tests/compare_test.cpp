// gpuprobe compare, the regression gate and JUnit output, on crafted documents
// (compare_fixture.hpp) and, end to end, on the CPU backend.
#include "gpuprobe/compare.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "command_output.hpp"
#include "compare_fixture.hpp"
#include "gpuprobe/result_io.hpp"
#include "refusal.hpp"

namespace {

using gpuprobe::GateVerdict;
using gpuprobe::test::compare_fixture;
using gpuprobe::test::CompareVariant;
using gpuprobe::test::kGiB;
using gpuprobe::test::kMiB;
using gpuprobe::test::refusal;

gpuprobe::KernelParams params(uint64_t bytes) { return {.size_bytes = bytes, .vector_width = 4}; }
const std::string kDevice = "cpu:0 (TEST FIXTURE CPU)";

GateVerdict verdict(const gpuprobe::GateResult& g, const std::string& kernel, uint64_t bytes) {
  const gpuprobe::GatePoint* p = g.find(kDevice, kernel, params(bytes));
  EXPECT_NE(p, nullptr) << kernel << " " << bytes;
  return p ? p->verdict : GateVerdict::NotComparable;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The value of `attribute` on the first `element` tag.
size_t attribute_of(const std::string& xml, const std::string& element,
                    const std::string& attribute) {
  std::smatch m;
  const std::regex re("<" + element + "[^>]* " + attribute + "=\"([0-9]+)\"");
  EXPECT_TRUE(std::regex_search(xml, m, re)) << element << " " << attribute;
  return m.empty() ? 0 : std::stoul(m[1]);
}

gpuprobe::test::CommandOutput gpuprobe_cli(const std::string& args) {
  return gpuprobe::test::run_command(std::string(GPUPROBE_BIN_DIR) + "/gpuprobe " + args + " 2>&1");
}

// The fixtures in a fresh directory: base.json, regressed.json, noise.json, faster.json.
class CompareCli : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir() + "/compare_cli_" +
           testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    gpuprobe::save_report(compare_fixture(CompareVariant::Base), file("base.json"));
    gpuprobe::save_report(compare_fixture(CompareVariant::Regressed), file("regressed.json"));
    gpuprobe::save_report(compare_fixture(CompareVariant::Noise), file("noise.json"));
  }
  std::string file(const std::string& name) const { return dir_ + "/" + name; }
  std::string dir_;
};

}  // namespace

TEST(RegressionThreshold, AcceptsPercentagesWithOrWithoutTheSign) {
  EXPECT_DOUBLE_EQ(gpuprobe::parse_regression_threshold("5%", "--max-regression"), 0.05);
  EXPECT_DOUBLE_EQ(gpuprobe::parse_regression_threshold("5", "--max-regression"), 0.05);
  EXPECT_DOUBLE_EQ(gpuprobe::parse_regression_threshold("0.5%", "--max-regression"), 0.005);
  EXPECT_DOUBLE_EQ(gpuprobe::parse_regression_threshold("0", "--max-regression"), 0.0);
  // A latency may grow several-fold: above 100 % is a meaningful limit.
  EXPECT_DOUBLE_EQ(gpuprobe::parse_regression_threshold("150%", "--max-regression"), 1.5);
}

TEST(RegressionThreshold, RefusesNegativeEmptyAndNonNumericText) {
  for (const char* text : {"-5%", "abc", "", "%", "5%%", "nan", "inf", "1001%", "5 %", "+5"}) {
    const std::string why =
        refusal([&] { gpuprobe::parse_regression_threshold(text, "--max-regression"); });
    EXPECT_NE(why.find("--max-regression: '"), std::string::npos) << text << ": " << why;
    EXPECT_NE(why.find("is not a percentage from 0% to 1000%"), std::string::npos) << why;
  }
}

TEST(RegressionGate, NamesARealRegressionOfARateAndOfALatency) {
  const auto base = compare_fixture(CompareVariant::Base);
  const auto now = compare_fixture(CompareVariant::Regressed);
  const gpuprobe::GateResult g = gpuprobe::evaluate_gate(base, now, 0.05);
  EXPECT_TRUE(g.failed());
  EXPECT_EQ(verdict(g, "read", kMiB), GateVerdict::Regression);                // 100 -> 80 GB/s
  EXPECT_EQ(verdict(g, "pointer_chase", 64 * kMiB), GateVerdict::Regression);  // 100 -> 120 ns
  EXPECT_EQ(verdict(g, "read", kGiB), GateVerdict::WithinNoise);  // 8 % worse, spread ±10 %
  EXPECT_EQ(verdict(g, "copy", kMiB), GateVerdict::NowFailing);
  const std::string text = gpuprobe::format_gate(g);
  EXPECT_NE(text.find("REGRESSION: " + kDevice + " read 1 MiB w4"), std::string::npos) << text;
  EXPECT_NE(text.find("REGRESSION: " + kDevice + " pointer_chase 64 MiB"), std::string::npos);
  EXPECT_NE(text.find("within noise: " + kDevice + " read 1 GiB w4"), std::string::npos) << text;
  EXPECT_NE(text.find("FAILING: " + kDevice + " copy 1 MiB w4"), std::string::npos) << text;
  EXPECT_NE(text.find("only in baseline run: " + kDevice + " copy 1 GiB w4"), std::string::npos)
      << text;
  EXPECT_NE(text.find("(not gated): " + kDevice + " write 1 GiB w4"), std::string::npos) << text;
  EXPECT_NE(text.find("FAILED: 2 regression(s) beyond 5.0%, 1 point(s) now failing or "
                      "unsupported, 0 device(s) missing"),
            std::string::npos)
      << text;
}

TEST(RegressionGate, PassesANoiseLevelChangeAndSaysWithinNoise) {
  const auto base = compare_fixture(CompareVariant::Base);
  const auto now = compare_fixture(CompareVariant::Noise);
  const gpuprobe::GateResult g = gpuprobe::evaluate_gate(base, now, 0.05);
  EXPECT_FALSE(g.failed());
  EXPECT_EQ(verdict(g, "read", kGiB), GateVerdict::WithinNoise);
  EXPECT_EQ(verdict(g, "read", kMiB), GateVerdict::Pass);  // 1 % worse, under the limit
  EXPECT_NE(gpuprobe::format_gate(g).find("passed: no regression beyond 5.0% (1 larger change(s) "
                                          "within noise)"),
            std::string::npos)
      << gpuprobe::format_gate(g);
}

TEST(RegressionGate, ImprovementsPassInBothDirections) {
  const auto base = compare_fixture(CompareVariant::Base);
  const auto now = compare_fixture(CompareVariant::Faster);
  const gpuprobe::GateResult g = gpuprobe::evaluate_gate(base, now, 0.0);
  EXPECT_FALSE(g.failed());
  EXPECT_EQ(verdict(g, "read", kMiB), GateVerdict::Pass);
  EXPECT_EQ(verdict(g, "pointer_chase", 64 * kMiB), GateVerdict::Pass);  // latency went down
}

TEST(RegressionGate, ThresholdDecides) {
  // 20 % worse and outside the spread: a regression at 19 %, not at 21 %.
  const auto base = compare_fixture(CompareVariant::Base);
  const auto now = compare_fixture(CompareVariant::Regressed);
  EXPECT_EQ(verdict(gpuprobe::evaluate_gate(base, now, 0.19), "read", kMiB),
            GateVerdict::Regression);
  EXPECT_EQ(verdict(gpuprobe::evaluate_gate(base, now, 0.21), "read", kMiB), GateVerdict::Pass);
}

TEST(RegressionGate, RefusesABaselineWithoutTheDevice) {
  auto base = compare_fixture(CompareVariant::Base);
  base.devices[0].device.name = "another CPU";
  const auto now = compare_fixture(CompareVariant::Noise);
  const std::string why = refusal([&] { gpuprobe::evaluate_gate(base, now, 0.05); });
  EXPECT_NE(why.find("has no device " + kDevice), std::string::npos) << why;
  EXPECT_NE(why.find("another CPU"), std::string::npos) << why;
}

// CI must not stay green because something vanished: a point the baseline measured that is
// now unsupported, or a whole device (its backend gone), fails the gate; a point skipped by
// the time budget is only noted.
TEST(RegressionGate, LostCapabilityAndAVanishedDeviceFail) {
  auto base = compare_fixture(CompareVariant::Base);
  base.devices.push_back(base.devices[0]);
  base.devices[1].device.backend = "opencl";
  auto now = compare_fixture(CompareVariant::Noise);
  for (auto& k : now.devices[0].kernels)
    for (auto& p : k.points) {
      if (k.kernel == "pointer_chase")
        p = gpuprobe::test::compare_not_ok(
            p.requested.size_bytes, gpuprobe::MeasurementStatus::Unsupported, "driver lost it");
      if (k.kernel == "copy" && p.requested.size_bytes == kMiB)
        p = gpuprobe::test::compare_not_ok(kMiB, gpuprobe::MeasurementStatus::Skipped,
                                           "time budget spent");
    }
  const gpuprobe::GateResult g = gpuprobe::evaluate_gate(base, now, 0.05);
  EXPECT_TRUE(g.failed());
  EXPECT_EQ(verdict(g, "pointer_chase", 64 * kMiB), GateVerdict::NowUnsupported);
  EXPECT_EQ(verdict(g, "copy", kMiB), GateVerdict::NotMeasured);
  ASSERT_EQ(g.missing_devices.size(), 1u);
  const std::string text = gpuprobe::format_gate(g);
  EXPECT_NE(text.find("NOW UNSUPPORTED: " + kDevice + " pointer_chase 64 MiB"), std::string::npos)
      << text;
  EXPECT_NE(text.find("MISSING: opencl:0"), std::string::npos) << text;
  EXPECT_NE(text.find("1 point(s) now failing or unsupported, 1 device(s) missing"),
            std::string::npos)
      << text;
  // JUnit: the lost point is a failure, not a skip, and the vanished device a failed case.
  const std::string xml = gpuprobe::junit_xml(now, &g);
  EXPECT_EQ(attribute_of(xml, "testsuites", "tests"), count_of(xml, "<testcase "));
  EXPECT_EQ(count_of(xml, "type=\"now unsupported\""), 1u) << xml;
  EXPECT_EQ(count_of(xml, "type=\"missing device\""), 1u) << xml;
  EXPECT_EQ(attribute_of(xml, "testsuites", "failures"), 2u) << xml;
  const std::string path = testing::TempDir() + "/gate_missing_device.xml";
  std::ofstream(path) << xml;
  const auto valid =
      gpuprobe::test::run_command("xmllint --noout --schema " + std::string(GPUPROBE_SOURCE_DIR) +
                                  "/tests/junit.xsd " + path + " 2>&1");
  EXPECT_EQ(valid.exit_code, 0) << valid.output;
  // Without the vanished device and the lost point, the same documents pass.
  base.devices.pop_back();
  now = compare_fixture(CompareVariant::Noise);
  EXPECT_FALSE(gpuprobe::evaluate_gate(base, now, 0.05).failed());
}

TEST(NoiseInterval, IsTheRangeForFiveSamplesAndTheMedianCiForMore) {
  gpuprobe::Measurement m = gpuprobe::test::compare_point("read", kMiB, 100, 0.1);
  auto i = gpuprobe::median_interval("read", m);
  EXPECT_NEAR(i.low, 90, 1e-9);
  EXPECT_NEAR(i.high, 110, 1e-9);
  // 9 samples: the 95 % interval of the median is ranks 1..7 of the sorted figures (2^-9 *
  // (1 + 9) = 1.95 % below rank 1), so the extremes fall out.
  const double work = m.work_per_iteration * m.iterations;
  m.sample_seconds.clear();
  for (double f : {50.0, 96.0, 97.0, 99.0, 100.0, 101.0, 103.0, 104.0, 200.0})
    m.sample_seconds.push_back(work / (f * 1e9));
  i = gpuprobe::median_interval("read", m);
  EXPECT_NEAR(i.low, 96, 1e-9);
  EXPECT_NEAR(i.high, 104, 1e-9);
}

TEST(Compare, GivesRatiosToTheFirstColumnAndListsPointsOnlySomeFilesHave) {
  auto a = compare_fixture(CompareVariant::Base), b = compare_fixture(CompareVariant::Regressed);
  a.source = "a.json";
  b.source = "b.json";
  const gpuprobe::Comparison c = gpuprobe::compare_reports({&a, &b});
  ASSERT_EQ(c.columns.size(), 2u);
  bool found = false;
  for (const auto& row : c.rows)
    if (row.kernel == "read" && row.params.size_bytes == kMiB) {
      found = true;
      ASSERT_TRUE(row.cells[1].ratio);
      EXPECT_NEAR(*row.cells[1].ratio, 0.8, 1e-9);
      EXPECT_NEAR(*row.cells[0].ratio, 1.0, 1e-12);
    }
  EXPECT_TRUE(found);
  const std::string table = gpuprobe::format_comparison(c, gpuprobe::CompareFormat::Table);
  EXPECT_NE(table.find("(0.80x)"), std::string::npos) << table;
  EXPECT_NE(table.find("(1.20x)"), std::string::npos) << table;  // pointer_chase, lower is better
  EXPECT_NE(table.find("only in a.json: copy 1 GiB w4 (not in b.json)"), std::string::npos)
      << table;
  EXPECT_NE(table.find("only in b.json: write 1 GiB w4 (not in a.json)"), std::string::npos)
      << table;
  for (auto format : {gpuprobe::CompareFormat::Csv, gpuprobe::CompareFormat::Markdown,
                      gpuprobe::CompareFormat::Json}) {
    const std::string text = gpuprobe::format_comparison(c, format);
    EXPECT_TRUE(text.find("0.80x") != std::string::npos || text.find("0.8") != std::string::npos)
        << text;
  }
  const std::string md = gpuprobe::format_comparison(c, gpuprobe::CompareFormat::Markdown);
  EXPECT_NE(md.find("- only in b.json: write 1 GiB w4"), std::string::npos) << md;
}

TEST(Compare, RefusesDifferentSchemaMajors) {
  auto a = compare_fixture(CompareVariant::Base), b = compare_fixture(CompareVariant::Noise);
  b.schema_major = a.schema_major + 1;
  b.source = "b.json";
  const std::string why = refusal([&] { gpuprobe::compare_reports({&a, &b}); });
  EXPECT_NE(why.find("different schema majors"), std::string::npos) << why;
}

TEST(Compare, RefusesFilesWithNoPointInCommon) {
  auto a = compare_fixture(CompareVariant::Base), b = compare_fixture(CompareVariant::Noise);
  a.source = "a.json";
  b.source = "b.json";
  for (auto& k : b.devices[0].kernels)
    for (auto& p : k.points) p.requested.size_bytes += 64;
  const std::string why = refusal([&] { gpuprobe::compare_reports({&a, &b}); });
  EXPECT_NE(why.find("no point in common"), std::string::npos) << why;
}

TEST(Junit, CountsMatchTheTestCases) {
  const auto base = compare_fixture(CompareVariant::Base);
  const auto now = compare_fixture(CompareVariant::Regressed);
  const gpuprobe::GateResult g = gpuprobe::evaluate_gate(base, now, 0.05);
  const std::string xml = gpuprobe::junit_xml(now, &g);
  EXPECT_EQ(attribute_of(xml, "testsuites", "tests"), count_of(xml, "<testcase "));
  EXPECT_EQ(count_of(xml, "<testcase "), 6u);
  // Two regressions and one failed verification; one unsupported point skipped.
  EXPECT_EQ(attribute_of(xml, "testsuites", "failures"), 3u);
  EXPECT_EQ(count_of(xml, "<failure "), 3u);
  EXPECT_EQ(attribute_of(xml, "testsuites", "skipped"), 1u);
  EXPECT_EQ(count_of(xml, "<skipped message=\"unsupported: TEST FIXTURE: no writes\""), 1u);
  EXPECT_NE(xml.find("name=\"read 1 MiB w4\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("type=\"verification\""), std::string::npos) << xml;
}

TEST_F(CompareCli, GateFailsARealRegressionAndNamesEachPoint) {
  const auto o = gpuprobe_cli("compare --baseline " + file("base.json") + " " +
                              file("regressed.json") + " --max-regression 5%");
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_NE(o.output.find("REGRESSION: " + kDevice + " read 1 MiB w4: 100 -> 80 GB/s (20.0% worse"),
            std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("REGRESSION: " + kDevice + " pointer_chase 64 MiB"), std::string::npos);
  EXPECT_NE(o.output.find("FAILING: " + kDevice + " copy 1 MiB w4"), std::string::npos);
  EXPECT_NE(o.output.find("within noise: " + kDevice + " read 1 GiB w4"), std::string::npos);
}

TEST_F(CompareCli, GatePassesANoiseLevelChange) {
  const auto o = gpuprobe_cli("compare --baseline " + file("base.json") + " " + file("noise.json") +
                              " --max-regression 5");
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_NE(o.output.find("within noise: " + kDevice + " read 1 GiB w4: 50 -> 46 GB/s (8.0% worse"),
            std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("passed: no regression beyond 5.0%"), std::string::npos) << o.output;
}

TEST_F(CompareCli, ListsPointsMissingFromSomeFilesAndWritesEveryFormat) {
  const auto o =
      gpuprobe_cli("compare " + file("base.json") + " " + file("regressed.json") + " --json " +
                   file("c.json") + " --csv " + file("c.csv") + " --markdown " + file("c.md"));
  EXPECT_EQ(o.exit_code, 0) << o.output;  // no --baseline: no gate
  EXPECT_NE(o.output.find("only in " + file("base.json") + ": copy 1 GiB w4 (not in " +
                          file("regressed.json") + ")"),
            std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("only in " + file("regressed.json") + ": write 1 GiB w4"),
            std::string::npos);
  EXPECT_NE(o.output.find("(0.80x)"), std::string::npos) << o.output;
  EXPECT_NE(read_text(file("c.csv")).find("(0.80x)"), std::string::npos);
  EXPECT_NE(read_text(file("c.md")).find("(0.80x)"), std::string::npos);
  EXPECT_NE(read_text(file("c.json")).find("\"only_in_some_files\""), std::string::npos);
}

TEST_F(CompareCli, JunitValidatesAgainstTheSchemaCiSystemsRead) {
  const std::string xml = file("junit.xml");
  const auto o = gpuprobe_cli("compare --baseline " + file("base.json") + " " +
                              file("regressed.json") + " --junit " + xml);
  ASSERT_EQ(o.exit_code, 1) << o.output;
  const std::string xsd = std::string(GPUPROBE_SOURCE_DIR) + "/tests/junit.xsd";
  const auto valid =
      gpuprobe::test::run_command("xmllint --noout --schema " + xsd + " " + xml + " 2>&1");
  EXPECT_EQ(valid.exit_code, 0) << valid.output;
  const std::string text = read_text(xml);
  EXPECT_EQ(attribute_of(text, "testsuite", "failures"), count_of(text, "<failure "));
  EXPECT_EQ(attribute_of(text, "testsuite", "skipped"), count_of(text, "<skipped "));
  EXPECT_EQ(attribute_of(text, "testsuite", "tests"), count_of(text, "<testcase "));
  // The schema is not vacuous: a test case without its time is refused.
  std::string broken = text;
  broken.replace(broken.find(" time=\"", broken.find("<testcase ")), 7, " tyme=\"");
  write_text(file("broken.xml"), broken);
  const auto refused = gpuprobe::test::run_command("xmllint --noout --schema " + xsd + " " +
                                                   file("broken.xml") + " 2>&1");
  EXPECT_NE(refused.exit_code, 0) << refused.output;
}

TEST_F(CompareCli, BadInputExitsTwoAndLeavesExistingOutputsAsTheyWere) {
  auto future = compare_fixture(CompareVariant::Noise);
  future.schema_major = 2;  // written as is; the reader refuses a newer major
  gpuprobe::save_report(future, file("future.json"));
  auto stranger = compare_fixture(CompareVariant::Noise);
  stranger.devices[0].device.name = "another CPU";
  gpuprobe::save_report(stranger, file("stranger.json"));
  auto disjoint = compare_fixture(CompareVariant::Noise);
  for (auto& k : disjoint.devices[0].kernels)
    for (auto& p : k.points) p.requested.size_bytes = p.effective.size_bytes += 64;
  gpuprobe::save_report(disjoint, file("disjoint.json"));

  const std::string outputs =
      " --json " + file("out.json") + " --csv " + file("out.csv") + " --junit " + file("out.xml");
  const std::string gate = "compare --baseline " + file("base.json") + " ";
  const std::pair<std::string, std::string> cases[] = {
      {gate + file("future.json"), "result schema 2"},
      {gate + file("disjoint.json"), "no point in common"},
      {"compare --baseline " + file("stranger.json") + " " + file("noise.json"),
       "has no device " + kDevice},
      {gate + file("noise.json") + " --max-regression=-5%", "'-5%' is not a percentage"},
      {gate + file("noise.json") + " --max-regression -5%", "'-5%' is not a percentage"},
      {gate + file("noise.json") + " --max-regression abc", "'abc' is not a percentage"},
      {gate + file("noise.json") + " --max-regression ''", "'' is not a percentage"},
      {"compare " + file("base.json") + " --max-regression 5%", "needs --baseline"},
      {gate + file("noise.json") + " --markdown " + file("base.json"), "base.json"},
  };
  for (const auto& [args, message] : cases) {
    for (const char* name : {"out.json", "out.csv", "out.xml"}) write_text(file(name), "KEEP");
    const auto o = gpuprobe_cli(args + outputs);
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.output;
    EXPECT_NE(o.output.find(message), std::string::npos) << args << "\n" << o.output;
    for (const char* name : {"out.json", "out.csv", "out.xml"})
      EXPECT_EQ(read_text(file(name)), "KEEP") << args << ": " << name << " was touched";
  }
  EXPECT_NE(read_text(file("base.json")).find("TEST FIXTURE"), std::string::npos);
}

// The gate on a live run: the CPU backend's read at one size, against its own earlier
// result made 100x as fast (a regression) and against itself (no regression at 1000 %).
TEST_F(CompareCli, RunWithBaselineGatesTheLiveRunAndWritesJunit) {
  const std::string run =
      "run -b cpu -k read --sizes 1MiB --widths 4 --samples 5 --min-sample-ms 2 ";
  auto first = gpuprobe_cli(run + "--json " + file("first.json"));
  ASSERT_EQ(first.exit_code, 0) << first.output;
  gpuprobe::RunReport faster = gpuprobe::load_report(file("first.json"));
  for (auto& d : faster.devices)
    for (auto& k : d.kernels)
      for (auto& p : k.points) {
        // 100x: far outside any spread a loaded machine gives a 5-sample point.
        for (double& s : p.sample_seconds) s /= 100;
        gpuprobe::test::derive_statistics(p, *gpuprobe::find_kernel(k.kernel));
      }
  gpuprobe::save_report(faster, file("hundredfold-baseline.json"));

  const auto gated = gpuprobe_cli(run + "--baseline " + file("hundredfold-baseline.json") +
                                  " --max-regression 5% --junit " + file("run.xml"));
  EXPECT_EQ(gated.exit_code, 1) << gated.output;
  EXPECT_NE(gated.output.find("REGRESSION: cpu:0 ("), std::string::npos) << gated.output;
  EXPECT_NE(gated.output.find(") read 1 MiB w4: "), std::string::npos) << gated.output;
  const std::string xsd = std::string(GPUPROBE_SOURCE_DIR) + "/tests/junit.xsd";
  EXPECT_EQ(gpuprobe::test::run_command("xmllint --noout --schema " + xsd + " " + file("run.xml"))
                .exit_code,
            0);
  EXPECT_EQ(count_of(read_text(file("run.xml")), "type=\"regression\""), 1u);

  const auto passed =
      gpuprobe_cli(run + "--baseline " + file("first.json") + " --max-regression 1000%");
  EXPECT_EQ(passed.exit_code, 0) << passed.output;
  EXPECT_NE(passed.output.find("passed: no regression beyond 1000.0%"), std::string::npos)
      << passed.output;

  // A baseline of another machine's device is refused before anything runs.
  write_text(file("kept.json"), "KEEP");
  const auto refused =
      gpuprobe_cli(run + "--baseline " + file("base.json") + " --json " + file("kept.json"));
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("has no device cpu:0"), std::string::npos) << refused.output;
  EXPECT_EQ(refused.output.find("read ["), std::string::npos) << "it ran: " << refused.output;
  EXPECT_EQ(read_text(file("kept.json")), "KEEP");
  EXPECT_FALSE(std::filesystem::exists(file("kept.json.journal")));
}
