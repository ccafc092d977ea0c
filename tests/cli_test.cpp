// End-to-end: the gpuprobe binary as a user runs it.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "command_output.hpp"
#include "gpuprobe/plugin.h"
#include "gpuprobe/result_io.hpp"
#include "gpuprobe/session.hpp"
#include "gpuprobe/utf8.hpp"

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
  // Schema 1.4: taken by the CLI, so no window frame rate.
  ASSERT_TRUE(r.origin);
  EXPECT_EQ(r.origin->front_end, "cli");
  EXPECT_FALSE(r.origin->window_frames_per_second);
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

// Issue 9: numbers that used to wrap, truncate or pass (-1MiB ran as 16777216 TiB,
// 17179869185GiB as 1 GiB, cpu:4294967296 as device 0, a 23-digit index printed "stoul"
// with exit 1, --sizes 1 failed at run time with exit 1) are usage errors naming the option.
TEST(Cli, HostileNumbersAreUsageErrorsNamingTheOption) {
  const std::pair<const char*, const char*> cases[] = {
      {"--sizes=-1MiB", "--sizes"},
      {"--sizes 17179869185GiB", "--sizes"},
      {"--sizes 1", "--sizes"},
      {"-d cpu:4294967296", "--device"},
      {"-d cpu:99999999999999999999999", "--device"},
      {"--matmul=-1x1x1", "--matmul"},
      {"--matmul +8x+8x+8", "--matmul"},
      {"--min-sample-ms nan", "--min-sample-ms"},
      {"--sampling-budget-s inf", "--sampling-budget-s"},
      {"--samples -5", "--samples"},
  };
  for (const auto& [args, option] : cases) {
    const Output o = run_cli(std::string("run -k read ") + args);
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.out;
    EXPECT_NE(o.out.find(option), std::string::npos) << args << "\n" << o.out;
    EXPECT_EQ(o.out.find("stoul"), std::string::npos) << o.out;
  }
}

TEST(Cli, RepeatedSizesAreMeasuredOnceWithANote) {
  const std::string path = testing::TempDir() + "/cli_repeated_sizes.json";
  const Output o = run_cli("run -b cpu -k read,read --widths 4 --sizes 64KiB,65536" +
                           std::string(kFast) + "--json " + path);
  ASSERT_EQ(o.exit_code, 0) << o.out;
  EXPECT_NE(o.out.find("note: --sizes 65536 repeats 64KiB; measured once"), std::string::npos)
      << o.out;
  const gpuprobe::RunReport r = gpuprobe::load_report(path);
  ASSERT_EQ(r.devices.size(), 1u);
  ASSERT_EQ(r.devices[0].kernels.size(), 1u);
  EXPECT_EQ(r.devices[0].kernels[0].points.size(), 1u);
  std::remove(path.c_str());
}

TEST(Cli, NoPluginFoundIsAnErrorThatSaysWhereItLooked) {
  const Output run = run_cli("run -k read", "GPUPROBE_PLUGIN_PATH=/nonexistent/plugins");
  EXPECT_EQ(run.exit_code, 2) << run.out;  // it used to exit 0 having measured nothing
  EXPECT_NE(run.out.find("no backend plugins"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("GPUPROBE_PLUGIN_PATH=/nonexistent/plugins"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("'/nonexistent/plugins' does not exist"), std::string::npos) << run.out;
  const Output list = run_cli("list", "GPUPROBE_PLUGIN_PATH=/nonexistent/plugins");
  EXPECT_NE(list.out.find("no backend plugins"), std::string::npos) << list.out;
}

// Issue 9: bad values of the backends' variables were silently ignored; now the backend is
// unavailable with a reason that names the variable (and a run on it is a usage error).
TEST(Cli, BadEnvironmentValuesNameTheVariable) {
  const std::pair<const char*, const char*> cpu_cases[] = {
      {"GPUPROBE_CPU_ISA=avx3", "GPUPROBE_CPU_ISA='avx3' is not generic, avx2 or avx512"},
      {"GPUPROBE_CPU_MAX_ALLOC_BYTES=lots", "GPUPROBE_CPU_MAX_ALLOC_BYTES: 'lots'"},
      {"GPUPROBE_CPU_MAX_ALLOC_BYTES=-1", "GPUPROBE_CPU_MAX_ALLOC_BYTES: '-1'"},
  };
  for (const auto& [env, reason] : cpu_cases) {
    const Output list = run_cli("list", env);
    EXPECT_NE(list.out.find("cpu: unavailable: " + std::string(reason)), std::string::npos)
        << env << "\n"
        << list.out;
    const Output run = run_cli("run -b cpu -k read", env);
    EXPECT_EQ(run.exit_code, 2) << env << "\n" << run.out;
    EXPECT_NE(run.out.find(reason), std::string::npos) << env << "\n" << run.out;
  }
  const Output fault = run_cli("run -b cpu -k read --widths 4 --sizes 64KiB" + std::string(kFast),
                               "GPUPROBE_FAULT=bogus");
  EXPECT_EQ(fault.exit_code, 1) << fault.out;
  EXPECT_NE(fault.out.find("GPUPROBE_FAULT='bogus' is not a fault"), std::string::npos)
      << fault.out;
}

TEST(Cli, MissingOpenclKernelDirNamesTheVariable) {
  if (!has_backend("opencl")) GTEST_SKIP() << "OpenCL backend not built or no platform here";
  const Output list = run_cli("list", "GPUPROBE_OPENCL_KERNEL_DIR=/nonexistent/kernels");
  EXPECT_NE(list.out.find("opencl: unavailable: GPUPROBE_OPENCL_KERNEL_DIR='/nonexistent/kernels' "
                          "does not exist"),
            std::string::npos)
      << list.out;
}

// Issue 9: 100000^3 was "error" on the CPU, std::bad_alloc on OpenCL (host matrices filled
// before the device limit was checked) and "unsupported" on Vulkan. Now every backend says
// unsupported in the same words, before allocating anything (so this takes seconds).
TEST(Cli, OversizedMatmulIsUnsupportedInTheSameWordsEverywhere) {
  const std::string path = testing::TempDir() + "/cli_huge_matmul.json";
  for (const char* backend : {"cpu", "opencl", "vulkan"}) {
    if (!has_backend(backend)) continue;
    const Output o =
        run_cli(std::string("run -b ") + backend +
                " -k matmul_naive --matmul 100000x100000x100000" + kFast + "--json " + path);
    ASSERT_EQ(o.exit_code, 0) << backend << "\n" << o.out;  // unsupported is a state
    const gpuprobe::RunReport r = gpuprobe::load_report(path);
    ASSERT_EQ(r.devices.size(), 1u);
    ASSERT_EQ(r.devices[0].kernels.size(), 1u);
    const gpuprobe::Measurement& m = r.devices[0].kernels[0].points.at(0);
    EXPECT_EQ(m.status, gpuprobe::MeasurementStatus::Unsupported) << backend << ": " << m.message;
    EXPECT_EQ(m.message.rfind("100000x100000x100000 needs 111.8 GiB (A 37.3 GiB, B 37.3 GiB, C "
                              "37.3 GiB); ",
                              0),
              0u)
        << backend << ": " << m.message;
    EXPECT_NE(m.message.find(" allows "), std::string::npos) << m.message;
  }
  std::remove(path.c_str());
}

TEST(Cli, InterruptedRunExits130WithPartialResults) {
  const std::string path = testing::TempDir() + "/cli_interrupted.json";
  // A long sweep, interrupted once its second point is under way (not after a fixed delay:
  // a loaded machine may still be starting workers then, before the handler is installed):
  // the points done so far are still saved.
  const std::string log = path + ".log";
  const std::string cmd =
      "sh -c '\"$0\" run -b cpu -k read,write,copy,pointer_chase --json \"$1\" "
      ">/dev/null 2>\"$2\" & pid=$!; i=0; "
      "until grep -q \"^\\[2/\" \"$2\" || [ $i -ge 600 ]; do sleep 0.1; "
      "i=$((i+1)); done; kill -INT $pid; wait $pid' " +
      std::string(GPUPROBE_BIN_DIR) + "/gpuprobe " + path + " " + log;
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  std::ifstream progress(log);
  EXPECT_EQ(WEXITSTATUS(status), 130) << std::string(std::istreambuf_iterator<char>(progress), {});
  const gpuprobe::RunReport r = gpuprobe::load_report(path);
  EXPECT_TRUE(r.any_cancelled());
  std::remove(path.c_str());
}

// ---- Nothing finished is lost; text that cannot break the writer (issue 9, items 2 and 4).

namespace {

// The fake plugin (tests/fake_plugins): fast, reads at a simulated 1 GB/s, one device.
const std::string kFakeEnv = std::string("GPUPROBE_PLUGIN_PATH=") + FAKE_PLUGIN_ROOT + "/good";
const char* kFakeRead = " run -b fake -k read --sizes 64KiB,128KiB --samples 5 --min-sample-ms 2 ";

// Sets an environment variable (any bytes) for the commands this test runs.
struct ScopedEnv {
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_); }
  const char* name_;
};

std::string fresh_dir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / ("cli_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

size_t lines_in(const std::string& path) {
  const std::string text = file_text(path);
  return size_t(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST(Cli, JsonToDevFullPrintsTheTableAndExits1NamingTheReason) {
  const Output o = run_cli(std::string(kFakeRead) + "--json /dev/full", kFakeEnv);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find("read [GB/s, median ±CV]"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("cannot write '/dev/full'"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find(std::strerror(ENOSPC)), std::string::npos) << o.out;
}

// A write that fails half-way (the shell's file size limit stands in for a full disk, as it
// holds for root too) leaves the earlier file as it was, and says where the points are kept.
// No history: the size limit would refuse its file first (exit 2 before the run).
TEST(Cli, FailedJsonWriteKeepsTheEarlierFileAndSaysWhereThePointsAre) {
  const std::string dir = fresh_dir("earlier");
  const std::string path = dir + "/out.json";
  std::ofstream(path) << "the earlier file\n";
  const std::string sizes = " --sizes 64KiB,128KiB,256KiB,512KiB,1MiB ";
  const auto r = gpuprobe::test::run_command(
      kFakeEnv + " sh -c 'trap \"\" XFSZ; ulimit -f 8; exec " + GPUPROBE_BIN_DIR +
      "/gpuprobe run -b fake -k read --samples 5 --min-sample-ms 2 --no-history" + sizes +
      "--json " + path + "' 2>&1");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("read [GB/s, median ±CV]"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(std::strerror(EFBIG)), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("left as it was"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("gpuprobe recover " + path + ".journal"), std::string::npos) << r.output;
  EXPECT_EQ(file_text(path), "the earlier file\n");
  for (const auto& e : std::filesystem::directory_iterator(dir))
    EXPECT_TRUE(e.path() == path || e.path() == path + ".journal") << "left behind: " << e.path();
}

TEST(Cli, JsonPathThatIsADirectoryIsUsageErrorBeforeAnyRun) {
  const std::string dir = fresh_dir("directory");
  const Output o = run_cli(std::string(kFakeRead) + "--json " + dir, kFakeEnv);
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_NE(o.out.find("is a directory"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("GB/s"), std::string::npos) << "nothing may run before the path is checked";
}

TEST(Cli, JsonToAFifoNeverHangsAndReachesItsReader) {
  const std::string dir = fresh_dir("fifo");
  const std::string fifo = dir + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // No reader: the run happens, then the FIFO is refused (it used to hang before the run).
  const auto alone =
      gpuprobe::test::run_command(kFakeEnv + " timeout 60 " + GPUPROBE_BIN_DIR + "/gpuprobe" +
                                  kFakeRead + "--json " + fifo + " 2>&1");
  EXPECT_EQ(alone.exit_code, 1) << alone.output;
  EXPECT_NE(alone.output.find("no process is reading the FIFO"), std::string::npos) << alone.output;
  // With a reader the document streams through whole, and no journal is made beside it.
  const auto read = gpuprobe::test::run_command(kFakeEnv + " sh -c 'cat " + fifo + " > " + dir +
                                                "/copy.json & timeout 60 " + GPUPROBE_BIN_DIR +
                                                "/gpuprobe" + kFakeRead + "--json " + fifo +
                                                " > /dev/null; rc=$?; wait; exit $rc' 2>&1");
  EXPECT_EQ(read.exit_code, 0) << read.output;
  EXPECT_EQ(gpuprobe::load_report(dir + "/copy.json").devices.size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(fifo + ".journal"));
}

TEST(Cli, NotUtf8DeviceNameAndMultiByteNotesCutAtTheirLimitSurvive) {
  const std::string path = fresh_dir("utf8") + "/out.json";
  // "x" then é€ repeated: the 255 bytes a note holds end inside a €.
  std::string note = "x";
  while (note.size() < 400) note += "\xC3\xA9\xE2\x82\xAC";
  const ScopedEnv name("GPUPROBE_FAKE_DEVICE_NAME", "Fake \xFF\xFE GPU \xE2\x82");
  const ScopedEnv notes("GPUPROBE_FAKE_NOTE", note);
  const Output list = run_cli("list --json", kFakeEnv);
  ASSERT_EQ(list.exit_code, 0) << list.out;
  EXPECT_TRUE(nlohmann::json::accept(list.out)) << list.out;

  const Output o = run_cli(std::string(kFakeRead) + "--json " + path, kFakeEnv);
  ASSERT_EQ(o.exit_code, 0) << o.out;
  const gpuprobe::RunReport r = gpuprobe::load_report(path);
  ASSERT_EQ(r.devices.size(), 1u);
  EXPECT_EQ(r.devices[0].device.name, "Fake \xEF\xBF\xBD\xEF\xBF\xBD GPU \xEF\xBF\xBD");
  const auto* read = r.devices[0].find("read");
  ASSERT_NE(read, nullptr);
  for (const auto& p : read->points) {
    // Cut between characters by the plugin, so nothing had to be replaced.
    EXPECT_TRUE(gpuprobe::utf8_is_valid(p.message));
    EXPECT_EQ(p.message.find("\xEF\xBF\xBD"), std::string::npos) << p.message;
    EXPECT_GE(p.message.size(), size_t(GP_NOTE_CAPACITY - 4)) << p.message;
    EXPECT_EQ(p.message.compare(0, 4, note, 0, 4), 0) << p.message;
  }
}

TEST(Cli, PluginDirectoryWhoseNameIsNotUtf8StillWritesValidJson) {
  const std::string dir = fresh_dir("plugin_dir_bytes");
  const std::string plugins = dir + "/plugins-\xFF\xFE";
  std::filesystem::create_directories(plugins);
  std::filesystem::copy_file(std::string(FAKE_PLUGIN_ROOT) + "/good/gpuprobe-backend-fake.so",
                             plugins + "/gpuprobe-backend-fake.so");
  const ScopedEnv path_env("GPUPROBE_PLUGIN_PATH", plugins);
  const Output list = run_cli("list --json");
  ASSERT_EQ(list.exit_code, 0) << list.out;
  const auto backends = nlohmann::json::parse(list.out);
  ASSERT_EQ(backends.size(), 1u);
  EXPECT_NE(backends[0]["library"].get<std::string>().find("plugins-\xEF\xBF\xBD\xEF\xBF\xBD"),
            std::string::npos);
  const Output o = run_cli(std::string(kFakeRead) + "--json " + dir + "/out.json");
  ASSERT_EQ(o.exit_code, 0) << o.out;
  EXPECT_EQ(gpuprobe::load_report(dir + "/out.json").devices.size(), 1u);
}

TEST(Cli, FinishedRunRemovesItsJournal) {
  const std::string path = fresh_dir("journal_removed") + "/out.json";
  const Output o = run_cli(std::string(kFakeRead) + "--json " + path, kFakeEnv);
  ASSERT_EQ(o.exit_code, 0) << o.out;
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".journal"));
}

// SIGKILL mid-run: the earlier file is untouched, the journal holds every finished point,
// and `recover` makes a normal document of them, marked incomplete.
TEST(Cli, KilledRunLeavesAJournalThatRecoverTurnsIntoADocument) {
  const std::string dir = fresh_dir("killed");
  const std::string path = dir + "/out.json", journal = path + ".journal";
  std::ofstream(path) << "the earlier file\n";
  const std::string command =
      "exec " + std::string(GPUPROBE_BIN_DIR) +
      "/gpuprobe run -b fake -k read --samples 5 --min-sample-ms 100 "
      "--sizes 64KiB,128KiB,256KiB,512KiB,1MiB,2MiB,4MiB,8MiB,16MiB --json " +
      path + " > " + dir + "/log.txt 2>&1";
  const ScopedEnv plugins("GPUPROBE_PLUGIN_PATH", std::string(FAKE_PLUGIN_ROOT) + "/good");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Header and two finished points, then the kill.
  for (int waited = 0; waited < 600 && lines_in(journal) < 3; ++waited) ::usleep(50'000);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status))
      << "the run ended before it was killed: " << file_text(dir + "/log.txt");
  EXPECT_EQ(file_text(path), "the earlier file\n");
  const size_t journaled = lines_in(journal) - 1;
  ASSERT_GE(journaled, 2u);

  // A new run to the same path leaves that journal alone and says how to recover it.
  const Output again = run_cli(std::string(kFakeRead) + "--json " + dir + "/out.json", kFakeEnv);
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("gpuprobe recover " + journal), std::string::npos) << again.out;
  EXPECT_EQ(lines_in(journal), journaled + 1);

  const Output recovered = run_cli("recover " + journal + " --json " + dir + "/recovered.json");
  ASSERT_EQ(recovered.exit_code, 0) << recovered.out;
  EXPECT_NE(recovered.out.find("read [GB/s, median ±CV]"), std::string::npos) << recovered.out;
  const gpuprobe::RunReport r = gpuprobe::load_report(dir + "/recovered.json");
  EXPECT_FALSE(r.complete);
  EXPECT_NE(r.incomplete_reason.find("journal"), std::string::npos);
  ASSERT_EQ(r.devices.size(), 1u);
  EXPECT_EQ(r.devices[0].device.name, "Fake Device");
  const auto* read = r.devices[0].find("read");
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->points.size(), journaled);
  for (const auto& p : read->points) {
    EXPECT_EQ(p.status, gpuprobe::MeasurementStatus::Ok) << p.message;
    EXPECT_TRUE(p.verified);
  }
}

TEST(Cli, RecoverOfAFileThatIsNotAJournalFailsNamingIt) {
  const std::string path = fresh_dir("not_journal") + "/x.journal";
  std::ofstream(path) << "not json\n";
  const Output o = run_cli("recover " + path);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find("not a gpuprobe journal"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find(path), std::string::npos) << o.out;
}

// Two runs writing one --json path at once: both finish, the file is one whole document
// (the writer's own test writes concurrently many times; this is the user's view of it).
TEST(Cli, TwoRunsWritingOneJsonPathLeaveOneCompleteDocument) {
  const std::string dir = fresh_dir("two_runs");
  const std::string path = dir + "/out.json";
  const std::string one = std::string(GPUPROBE_BIN_DIR) + "/gpuprobe" + kFakeRead + "--json " +
                          path + " > /dev/null 2>&1";
  const auto r = gpuprobe::test::run_command(kFakeEnv + " sh -c '" + one + " & a=$!; " + one +
                                             "; b=$?; wait $a; echo $? $b'");
  EXPECT_EQ(r.output, "0 0\n");
  EXPECT_EQ(gpuprobe::load_report(path).devices.size(), 1u);
  for (const auto& e : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(e.path(), path) << "left behind: " << e.path();
}
