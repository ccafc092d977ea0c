// End-to-end: the gpuprobe binary as a user runs it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "command_output.hpp"
#include "gpuprobe/result_io.hpp"
#include "gpuprobe/session.hpp"

namespace {

struct Output {
  int exit_code;
  std::string out;  // stdout + stderr
};

Output run_cli(const std::string& args, const std::string& env = "") {
  const auto r = gpuprobe::test::run_command(env + " " + std::string(GPUPROBE_BIN_DIR) +
                                             "/gpuprobe " + args + " 2>&1");
  return {r.exit_code, r.output};
}

const char* kFast = " --samples 5 --min-sample-ms 2 ";

bool has_backend(const std::string& name) {
  const Output o = run_cli("list --json");
  for (const auto& b : nlohmann::json::parse(o.out))
    if (b["name"] == name && b["available"] == true) return true;
  return false;
}

}  // namespace

TEST(Cli, VersionPrintsTheVersion) {
  const Output o = run_cli("--version");
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_NE(o.out.find("gpuprobe 0."), std::string::npos) << o.out;
}

TEST(Cli, ListShowsTheCpuBackendAndItsCapabilities) {
  const Output o = run_cli("list");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_NE(o.out.find("cpu: 1 device(s)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("compute_units"), std::string::npos) << o.out;
}

TEST(Cli, ListJsonIsMachineReadable) {
  const Output o = run_cli("list --json");
  ASSERT_EQ(o.exit_code, 0) << o.out;
  const auto j = nlohmann::json::parse(o.out);
  ASSERT_TRUE(j.is_array());
  bool cpu = false;
  for (const auto& b : j)
    if (b["name"] == "cpu") cpu = b["available"].get<bool>() && !b["devices"].empty();
  EXPECT_TRUE(cpu) << o.out;
}

TEST(Cli, RunWritesAResultFileThatLoadsBack) {
  const std::string path = testing::TempDir() + "/cli_run.json";
  const Output o =
      run_cli(std::string("run --backend cpu --kernels read") + kFast + "--json " + path);
  ASSERT_EQ(o.exit_code, 0) << o.out;
  EXPECT_NE(o.out.find("read [GB/s, median ±CV]"), std::string::npos) << o.out;
  const gpuprobe::RunReport r = gpuprobe::load_report(path);
  ASSERT_EQ(r.devices.size(), 1u);
  EXPECT_EQ(r.devices[0].device.backend, "cpu");
  const auto* read = r.devices[0].find("read");
  ASSERT_NE(read, nullptr);
  for (const auto& p : read->points) {
    EXPECT_EQ(p.status, gpuprobe::MeasurementStatus::Ok) << p.message;
    EXPECT_TRUE(p.verified);
    EXPECT_GT(p.figure.median, 0.0);
    // Adaptive sampling: at least 5; a 95 % interval of the median needs 6, unless the
    // default sampling budget was spent first (slow samples: a sanitizer build); at most 64.
    double spent = 0;
    for (double seconds : p.sample_seconds) spent += seconds;
    EXPECT_GE(p.sample_seconds.size(), 5u);
    EXPECT_TRUE(p.sample_seconds.size() >= 6 || spent >= gpuprobe::kSamplingBudgetSeconds)
        << p.sample_seconds.size() << " samples, " << spent << " s";
    EXPECT_LE(p.sample_seconds.size(), 64u);
    EXPECT_EQ(p.noisy, p.figure.cv > gpuprobe::kNoisyCv);
  }
  std::remove(path.c_str());
}

TEST(Cli, MaxSamplesBoundsTheAdaptiveSampling) {
  const std::string path = testing::TempDir() + "/cli_max_samples.json";
  const Output o = run_cli(std::string("run -b cpu -k launch_latency") + kFast +
                           "--max-samples 5 --json " + path);
  ASSERT_EQ(o.exit_code, 0) << o.out;
  const gpuprobe::RunReport r = gpuprobe::load_report(path);
  for (const auto& p : r.devices.at(0).kernels.at(0).points)
    EXPECT_EQ(p.sample_seconds.size(), 5u) << "the maximum equals the minimum: exactly 5";
  std::remove(path.c_str());
  EXPECT_EQ(run_cli("run -b cpu -k read --max-samples 65").exit_code, 2);
}

TEST(Cli, CsvAndMarkdownFormats) {
  const Output csv = run_cli(std::string("run -b cpu -k launch_latency --format csv") + kFast);
  EXPECT_EQ(csv.exit_code, 0) << csv.out;
  EXPECT_NE(csv.out.find("kernel,unit,params,cpu:0"), std::string::npos) << csv.out;
  const Output md = run_cli(std::string("run -b cpu -k launch_latency --format markdown") + kFast);
  EXPECT_NE(md.out.find("| kernel | unit | params |"), std::string::npos) << md.out;
}

TEST(Cli, UnknownBackendIsUsageErrorNamingChoices) {
  const Output o = run_cli("run --backend nosuch");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.out.find("unknown backend 'nosuch'; found: "), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("cpu"), std::string::npos) << o.out;
}

TEST(Cli, UnknownKernelIsUsageErrorNamingChoices) {
  const Output o = run_cli("run --backend cpu --kernels reed");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.out.find("unknown kernel 'reed'; valid: read, write, copy"), std::string::npos)
      << o.out;
}

TEST(Cli, DeviceOutOfRangeIsUsageError) {
  const Output o = run_cli("run --backend cpu --device 7");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.out.find("valid: 0..0"), std::string::npos) << o.out;
}

TEST(Cli, UnwritableJsonPathIsUsageErrorBeforeAnyRun) {
  const Output o = run_cli("run --backend cpu --kernels read --json /nonexistent-dir/out.json");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.out.find("cannot write there"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("GB/s"), std::string::npos) << "nothing may run before the path is checked";
}

TEST(Cli, BadOptionIsUsageError) {
  EXPECT_EQ(run_cli("run --bogus").exit_code, 2);
  EXPECT_EQ(run_cli("run --format xml").exit_code, 2);
  EXPECT_EQ(run_cli("").exit_code, 2);
}

TEST(Cli, MissingOpenclPlatformLeavesCpuRunning) {
  if (!has_backend("opencl")) GTEST_SKIP() << "OpenCL backend not built or no platform here";
  const Output o =
      run_cli(std::string("run --kernels write") + kFast, "OCL_ICD_VENDORS=/nonexistent");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_NE(o.out.find("backend opencl unavailable: "), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("cpu:0"), std::string::npos) << o.out;
}

TEST(Cli, SizeAndShapeOverridesReplaceTheSweep) {
  const std::string path = testing::TempDir() + "/cli_sizes.json";
  const Output o = run_cli(std::string("run -b cpu -k write --sizes 64KiB,2MiB --widths 1,16") +
                           kFast + "--json " + path);
  ASSERT_EQ(o.exit_code, 0) << o.out;
  const gpuprobe::RunReport r = gpuprobe::load_report(path);
  const auto* write = r.devices.at(0).find("write");
  ASSERT_NE(write, nullptr);
  ASSERT_EQ(write->points.size(), 4u);
  EXPECT_EQ(write->points[0].requested.size_bytes, 64u * 1024);
  EXPECT_EQ(write->points[3].requested.vector_width, 16u);
  std::remove(path.c_str());
}

TEST(Cli, MalformedSizesAndShapesAreUsageErrors) {
  EXPECT_EQ(run_cli("run -b cpu --sizes 12XB").exit_code, 2);
  EXPECT_EQ(run_cli("run -b cpu --matmul 12x12").exit_code, 2);
  EXPECT_EQ(run_cli("run -b cpu --widths 3").exit_code, 2);
}

TEST(Cli, FewerThanFiveSamplesIsRefused) {
  // Statistics (median, spread) need at least five samples per point.
  const Output o = run_cli("run -b cpu -k read --samples 2");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.out.find("--samples"), std::string::npos) << o.out;
}

TEST(Cli, InterruptedRunExits130WithPartialResults) {
  const std::string path = testing::TempDir() + "/cli_interrupted.json";
  // A long sweep, interrupted after a second: the points done so far are still saved.
  const std::string cmd = "timeout --preserve-status -s INT 1 " + std::string(GPUPROBE_BIN_DIR) +
                          "/gpuprobe run -b cpu -k read,write,copy,pointer_chase --json " + path +
                          " > /dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const gpuprobe::RunReport r = gpuprobe::load_report(path);
  EXPECT_TRUE(r.any_cancelled());
  std::remove(path.c_str());
}
