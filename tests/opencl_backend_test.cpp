// OpenCL backend through its C ABI on the machine's OpenCL devices (PoCL on CI): device info
// agrees with `clinfo --raw`, every kernel verifies at small sizes and counts its work as
// kernels.def says, a missing ICD is "unavailable" with a useful message, oversized buffers
// are clamped and said so, and a kernel that does not compile reports its build log.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "command_output.hpp"
#include "gpuprobe/precision.hpp"
#include "plugin_test_support.hpp"

namespace {

using gpuprobe::test::default_params;
using gpuprobe::test::DirectPlugin;
using gpuprobe::test::Info;
using gpuprobe::test::Outcome;

constexpr uint64_t kMiB = uint64_t{1} << 20;

// Output of a shell command (stdout and stderr) and its exit status.
std::pair<std::string, int> run_command(const std::string& command) {
  const auto r = gpuprobe::test::run_command(command + " 2>&1");
  return {r.output, r.exit_code};
}

std::set<std::string> words(const std::string& text) {
  std::set<std::string> out;
  std::istringstream stream(text);
  for (std::string w; stream >> w;) out.insert(w);
  return out;
}

class OpenclBackend : public gpuprobe::test::PluginDeviceTest {
 protected:
  // One plugin instance for the suite; PoCL's compiled kernels stay cached inside it.
  static void SetUpTestSuite() { plugin_ = new DirectPlugin("opencl"); }
  static void TearDownTestSuite() {
    delete plugin_;
    plugin_ = nullptr;
  }

  void SetUp() override {
    if (!plugin_->get()) GPUPROBE_SKIP_UNLESS_REQUIRED("opencl", plugin_->error());
    api_ = plugin_->get();
    ASSERT_GT(api_->device_count(), 0u);
    // Prefer PoCL (what CI has); otherwise the first device.
    device_ = 0;
    for (uint32_t d = 0; d < api_->device_count(); ++d)
      if (string_info(d, "platform_name") == "Portable Computing Language") {
        device_ = d;
        break;
      }
  }

  // Runs and expects a verified, device-timed result with positive sample times.
  gp_run_result run_verified(const gp_run_params& params) const {
    const Outcome o = run(params);
    EXPECT_EQ(o.status, GP_OK) << o.error;
    EXPECT_EQ(o.result.verification, GP_VERIFY_PASSED) << o.result.note;
    EXPECT_GE(o.result.sample_count, 1u);
    for (uint32_t s = 0; s < o.result.sample_count; ++s) EXPECT_GT(o.result.sample_seconds[s], 0.0);
    return o.result;
  }

  static DirectPlugin* plugin_;
};

DirectPlugin* OpenclBackend::plugin_ = nullptr;

// ---- device info against clinfo ------------------------------------------------------

// `clinfo --raw`: per device "[<ICD suffix>/<n>]  CL_KEY  value", platform lines as
// "[<suffix>/*]". Devices are flattened in platform order, like the plugin does.
struct ClinfoDevice {
  std::map<std::string, std::string> device, platform;
};

std::vector<ClinfoDevice> parse_clinfo(const std::string& text) {
  std::vector<ClinfoDevice> devices;
  std::map<std::string, size_t> index;                                  // "[POCL/0]" -> position
  std::map<std::string, std::map<std::string, std::string>> platforms;  // suffix -> keys
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    if (line.empty() || line[0] != '[') continue;
    const size_t close = line.find(']');
    const size_t slash = line.find('/');
    if (close == std::string::npos || slash == std::string::npos || slash > close) continue;
    const std::string tag = line.substr(0, close + 1);
    const std::string suffix = line.substr(1, slash - 1);
    const std::string which = line.substr(slash + 1, close - slash - 1);
    std::istringstream rest(line.substr(close + 1));
    std::string key;
    rest >> key;
    std::string value;
    std::getline(rest, value);
    const size_t first = value.find_first_not_of(' ');
    value = first == std::string::npos ? "" : value.substr(first);
    if (which == "*") {
      platforms[suffix][key] = value;
    } else {
      auto [it, fresh] = index.emplace(tag, devices.size());
      if (fresh) devices.emplace_back();
      devices[it->second].device[key] = value;
      devices[it->second].platform["suffix"] = suffix;
    }
  }
  for (auto& d : devices) d.platform = platforms[d.platform["suffix"]];
  return devices;
}

// This binary's path, to re-run single tests in a child process.
std::string self_path() {
  char self[4096];
  const ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
  if (length <= 0) return {};
  self[length] = '\0';
  return self;
}

// Runs one test of this binary in a child with extra environment ("A=1 B=2").
std::pair<std::string, int> run_child(const std::string& environment, const std::string& test) {
  return run_command(environment + " GPUPROBE_OPENCL_CHILD=1 '" + self_path() +
                     "' --gtest_filter=" + test);
}

// Child side of DeviceInfoMatchesClinfo: every info entry as "GPINFO <device> <key>=<value>".
TEST(OpenclRuntimeChild, PrintDeviceInfo) {
  if (!std::getenv("GPUPROBE_OPENCL_CHILD")) GTEST_SKIP() << "runs only as a child";
  DirectPlugin plugin("opencl");
  ASSERT_NE(plugin.get(), nullptr) << plugin.error();
  for (uint32_t d = 0; d < plugin.get()->device_count(); ++d) {
    const gp_info_entry* entries = nullptr;
    uint32_t count = 0;
    ASSERT_EQ(plugin.get()->device_info(d, &entries, &count), GP_OK);
    for (uint32_t i = 0; i < count; ++i) {
      const gp_info_entry& e = entries[i];
      std::printf("GPINFO %u %s=", d, e.key);
      if (e.type == GP_VALUE_STRING)
        std::printf("%s\n", e.string_value);
      else if (e.type == GP_VALUE_FLOAT)
        std::printf("%.17g\n", e.float_value);
      else
        std::printf("%lld\n", static_cast<long long>(e.int_value));
    }
  }
}

// The plugin's info next to `clinfo --raw`. PoCL derives its memory sizes from the host's
// free memory when a process starts, so the plugin reads its info in a child process
// started between two clinfo runs, and a value may match either run (a key that changed
// between them moved with the host, not because the plugin read it wrong).
TEST(OpenclRuntime, DeviceInfoMatchesClinfo) {
  if (std::getenv("GPUPROBE_OPENCL_CHILD")) GTEST_SKIP() << "this is the child";
  const auto [before_text, before_exit] = run_command("clinfo --raw");
  if (before_exit != 0 || before_text.find("CL_DEVICE_NAME") == std::string::npos)
    GPUPROBE_SKIP_UNLESS_REQUIRED("opencl", "clinfo is not installed or lists no device (exit " +
                                                std::to_string(before_exit) + ")");
  const auto [child_text, child_exit] = run_child("", "OpenclRuntimeChild.PrintDeviceInfo");
  ASSERT_EQ(child_exit, 0) << child_text;
  const auto after_text = run_command("clinfo --raw").first;
  const auto before = parse_clinfo(before_text), after = parse_clinfo(after_text);
  ASSERT_EQ(before.size(), after.size());

  std::vector<std::map<std::string, std::string>> plugin_info;
  std::istringstream lines(child_text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("GPINFO ", 0) != 0) continue;
    std::istringstream fields(line.substr(7));
    size_t device = 0;
    std::string rest;
    fields >> device;
    std::getline(fields >> std::ws, rest);
    const size_t eq = rest.find('=');
    if (plugin_info.size() <= device) plugin_info.resize(device + 1);
    plugin_info[device][rest.substr(0, eq)] = rest.substr(eq + 1);
  }
  ASSERT_EQ(plugin_info.size(), before.size()) << "clinfo and the plugin disagree on devices";

  for (size_t d = 0; d < before.size(); ++d) {
    SCOPED_TRACE("device " + std::to_string(d));
    const auto& ours = plugin_info[d];
    int compared = 0;
    auto ours_value = [&](const std::string& key) {
      const auto it = ours.find(key);
      return it == ours.end() ? std::string("<missing>") : it->second;
    };
    // Expects `key` to equal what either clinfo run said for `cl_key`, after `convert`.
    auto expect = [&](const char* cl_key, const char* key, auto convert, bool platform = false) {
      const auto& a = platform ? before[d].platform : before[d].device;
      const auto& b = platform ? after[d].platform : after[d].device;
      if (!a.count(cl_key)) return;
      const std::string first = convert(a.at(cl_key));
      const std::string second = b.count(cl_key) ? convert(b.at(cl_key)) : first;
      const std::string have = ours_value(key);
      EXPECT_TRUE(have == first || have == second)
          << key << " = '" << have << "', clinfo " << cl_key << " = '" << first << "'";
      ++compared;
    };
    auto text = [](const std::string& v) { return v; };
    auto number = [](const std::string& v) { return std::to_string(std::stoll(v, nullptr, 0)); };
    auto boolean = [](const std::string& v) { return std::string(v == "CL_TRUE" ? "1" : "0"); };
    auto type = [](const std::string& v) {
      return std::string(v.find("GPU") != std::string::npos           ? "GPU"
                         : v.find("CPU") != std::string::npos         ? "CPU"
                         : v.find("ACCELERATOR") != std::string::npos ? "Accelerator"
                                                                      : "Custom");
    };
    auto sizes = [](const std::string& v) {
      std::string joined;
      std::istringstream s(v);
      for (std::string w; s >> w;) joined += (joined.empty() ? "" : " x ") + w;
      return joined;
    };
    auto largest = [](const std::string& v) {
      long long m = 0;
      std::istringstream s(v);
      for (long long x; s >> x;) m = std::max(m, x);
      return std::to_string(m);
    };

    expect("CL_DEVICE_NAME", "name", text);
    expect("CL_DEVICE_VENDOR", "vendor", text);
    expect("CL_DRIVER_VERSION", "driver_version", text);
    expect("CL_DEVICE_VERSION", "api_version", text);
    expect("CL_DEVICE_OPENCL_C_VERSION", "opencl_c_version", text);
    expect("CL_DEVICE_TYPE", "device_type", type);
    expect("CL_DEVICE_VENDOR_ID", "vendor_id", number);
    expect("CL_DEVICE_MAX_COMPUTE_UNITS", "compute_units", number);
    expect("CL_DEVICE_MAX_CLOCK_FREQUENCY", "max_clock_mhz", number);
    expect("CL_DEVICE_GLOBAL_MEM_SIZE", "global_mem_bytes", number);
    expect("CL_DEVICE_MAX_MEM_ALLOC_SIZE", "max_alloc_bytes", number);
    expect("CL_DEVICE_LOCAL_MEM_SIZE", "local_mem_bytes", number);
    expect("CL_DEVICE_GLOBAL_MEM_CACHE_SIZE", "global_mem_cache_bytes", number);
    expect("CL_DEVICE_GLOBAL_MEM_CACHE_SIZE", "cache_llc_bytes", number);
    expect("CL_DEVICE_GLOBAL_MEM_CACHELINE_SIZE", "global_mem_cacheline_bytes", number);
    expect("CL_DEVICE_MAX_WORK_GROUP_SIZE", "max_work_group_size", number);
    expect("CL_DEVICE_PREFERRED_WORK_GROUP_SIZE_MULTIPLE", "preferred_work_group_size_multiple",
           number);
    expect("CL_DEVICE_MAX_WORK_ITEM_SIZES", "max_work_item_sizes", sizes);
    expect("CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT", "preferred_vector_width_float", number);
    expect("CL_DEVICE_PREFERRED_VECTOR_WIDTH_INT", "preferred_vector_width_int", number);
    expect("CL_DEVICE_PROFILING_TIMER_RESOLUTION", "profiling_timer_resolution_ns", number);
    expect("CL_DEVICE_HOST_UNIFIED_MEMORY", "host_unified_memory", boolean);
    expect("CL_DEVICE_ERROR_CORRECTION_SUPPORT", "error_correction", boolean);
    expect("CL_DEVICE_WARP_SIZE_NV", "subgroup_size", number);
    expect("CL_DEVICE_SUB_GROUP_SIZES_INTEL", "subgroup_size", largest);
    expect("CL_PLATFORM_NAME", "platform_name", text, true);
    expect("CL_PLATFORM_VERSION", "platform_version", text, true);

    const auto& cl = before[d].device;
    if (cl.count("CL_DEVICE_EXTENSIONS")) {
      const auto extensions = words(cl.at("CL_DEVICE_EXTENSIONS"));
      EXPECT_EQ(words(ours_value("extensions")), extensions);
      const std::string features =
          cl.count("CL_DEVICE_OPENCL_C_FEATURES") ? cl.at("CL_DEVICE_OPENCL_C_FEATURES") : "";
      auto has = [&](const char* extension, const char* feature) {
        return extensions.count(extension) || features.find(feature) != std::string::npos ? "1"
                                                                                          : "0";
      };
      EXPECT_EQ(ours_value("fp64"), has("cl_khr_fp64", "__opencl_c_fp64:"));
      EXPECT_EQ(ours_value("fp16"), has("cl_khr_fp16", "__opencl_c_fp16:"));
      EXPECT_EQ(ours_value("int8"),
                has("cl_khr_integer_dot_product", "__opencl_c_integer_dot_product_input_4x8bit:"));
      compared += 4;
    }
    EXPECT_GE(compared, 25) << "too few clinfo keys recognised; did its --raw format change?";
  }
}

TEST_F(OpenclBackend, InfoHasTheSharedKeys) {
  const Info all = info(device_);
  for (const char* key :
       {"name", "vendor", "device_type", "driver_version", "api_version", "compute_units",
        "max_clock_mhz", "global_mem_bytes", "max_alloc_bytes", "local_mem_bytes",
        "max_work_group_size", "fp16", "fp64", "int8", "extensions", "cache_llc_bytes"})
    EXPECT_TRUE(all.count(key)) << key;
}

// ---- unavailable runtime -------------------------------------------------------------

// The ICD loader reads its vendor list once per process, so the no-ICD case runs in a
// child: this binary again, filtered to the test below, with OCL_ICD_VENDORS pointing
// nowhere.
TEST(OpenclRuntime, MissingIcdIsReportedUnavailable) {
  if (std::getenv("GPUPROBE_OPENCL_CHILD")) GTEST_SKIP() << "this is the child";
  const auto [output, exit_code] =
      run_child("OCL_ICD_VENDORS=/nonexistent", "OpenclRuntimeChild.InitWithoutIcd");
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_NE(output.find("[  PASSED  ] 1 test"), std::string::npos) << output;
}

TEST(OpenclRuntimeChild, InitWithoutIcd) {
  if (!std::getenv("GPUPROBE_OPENCL_CHILD")) GTEST_SKIP() << "runs only as the child above";
  DirectPlugin plugin("opencl");
  EXPECT_EQ(plugin.get(), nullptr);
  EXPECT_NE(plugin.error().find("no OpenCL platform found"), std::string::npos) << plugin.error();
  EXPECT_NE(plugin.error().find("clGetPlatformIDs"), std::string::npos) << plugin.error();
  EXPECT_NE(plugin.error().find("install an ICD"), std::string::npos) << plugin.error();
}

TEST(OpenclRuntimeChild, InitStatusIsUnavailable) {
  if (!std::getenv("GPUPROBE_OPENCL_CHILD")) GTEST_SKIP() << "runs only as a child";
  // Straight through the table, to see the status code itself.
  const std::string path = std::string(GPUPROBE_BIN_DIR) + "/gpuprobe-backend-opencl.so";
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(handle, nullptr) << dlerror();
  auto entry = reinterpret_cast<gp_plugin_entry_fn>(dlsym(handle, GP_PLUGIN_ENTRY_SYMBOL));
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry()->init(), GP_ERR_UNAVAILABLE);
  EXPECT_EQ(entry()->device_count(), 0u);
  dlclose(handle);
}

TEST(OpenclRuntime, MissingIcdStatusIsUnavailable) {
  if (std::getenv("GPUPROBE_OPENCL_CHILD")) GTEST_SKIP() << "this is the child";
  const auto [output, exit_code] =
      run_child("OCL_ICD_VENDORS=/nonexistent", "OpenclRuntimeChild.InitStatusIsUnavailable");
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_NE(output.find("[  PASSED  ] 1 test"), std::string::npos) << output;
}

// ---- bandwidth -----------------------------------------------------------------------

TEST_F(OpenclBackend, StreamingKernelsVerifyAtEveryWidth) {
  // 1 MiB plus an odd tail, so the bounds-checked tail loops run too.
  const uint64_t size = kMiB + 64 * 37;
  for (gp_kernel_id kernel : {GP_KERNEL_READ, GP_KERNEL_WRITE, GP_KERNEL_COPY}) {
    for (uint32_t width : {1u, 2u, 4u, 8u, 16u}) {
      SCOPED_TRACE("kernel " + std::to_string(kernel) + " width " + std::to_string(width));
      auto params = default_params(kernel, size);
      params.vector_width = width;
      const gp_run_result r = run_verified(params);
      EXPECT_EQ(r.size_bytes, size);
      EXPECT_EQ(r.timer, GP_TIMER_DEVICE);
      EXPECT_DOUBLE_EQ(r.work_per_iteration, kernel == GP_KERNEL_COPY ? 2.0 * size : 1.0 * size);
    }
  }
}

TEST_F(OpenclBackend, UnsupportedVectorWidthIsAState) {
  auto params = default_params(GP_KERNEL_READ, kMiB);
  params.vector_width = 3;
  EXPECT_EQ(api_->supports(device_, &params), GP_ERR_UNSUPPORTED);
  EXPECT_NE(std::string(api_->last_error()).find("vector width 3"), std::string::npos);
  const Outcome o = run(params);
  EXPECT_EQ(o.status, GP_ERR_UNSUPPORTED);
}

TEST_F(OpenclBackend, LatencyHidingLaunchesExactlyTheRequestedWorkItems) {
  for (uint64_t items : {1ull, 96ull, 1000ull, 65536ull}) {
    auto params = default_params(GP_KERNEL_LATENCY_HIDING, 4 * kMiB);
    params.work_items = items;
    const gp_run_result r = run_verified(params);
    EXPECT_EQ(r.work_items, items);
    EXPECT_DOUBLE_EQ(r.work_per_iteration, 4.0 * kMiB);
  }
}

// Asks for one page more than the device can allocate. Needs a small maximum allocation
// (filling and checking it is the cost): PoCL derives its limit from host memory, so on
// PoCL the test re-runs itself in a child with POCL_MEMORY_LIMIT=1 (1 GiB device memory).
TEST_F(OpenclBackend, OversizedBufferIsClampedAndSaid) {
  constexpr int64_t kMaxTestedAlloc = 512 * int64_t(kMiB);
  const int64_t max_alloc = int_info("max_alloc_bytes");
  if (max_alloc > kMaxTestedAlloc) {
    if (std::getenv("GPUPROBE_OPENCL_CHILD") ||
        string_info(device_, "platform_name") != "Portable Computing Language")
      GTEST_SKIP() << "max allocation " << max_alloc << " bytes: too large to fill in a test";
    const auto [output, exit_code] =
        run_child("POCL_MEMORY_LIMIT=1", "OpenclBackend.OversizedBufferIsClampedAndSaid");
    EXPECT_EQ(exit_code, 0) << output;
    EXPECT_NE(output.find("[  PASSED  ] 1 test"), std::string::npos) << output;
    EXPECT_EQ(output.find("SKIPPED"), std::string::npos) << output;
    return;
  }
  auto params = default_params(GP_KERNEL_WRITE, static_cast<uint64_t>(max_alloc) + 4096);
  params.vector_width = 16;
  const gp_run_result r = run_verified(params);
  EXPECT_EQ(r.size_bytes, static_cast<uint64_t>(max_alloc));
  EXPECT_NE(std::string(r.note).find("clamped"), std::string::npos) << r.note;
  EXPECT_NE(std::string(r.note).find("CL_DEVICE_MAX_MEM_ALLOC_SIZE"), std::string::npos) << r.note;
}

TEST_F(OpenclBackend, TransfersArriveIntactAndSayWhichClock) {
  for (gp_kernel_id kernel : {GP_KERNEL_TRANSFER_H2D, GP_KERNEL_TRANSFER_D2H}) {
    for (uint32_t flags : {0u, GP_FLAG_PINNED}) {
      auto params = default_params(kernel, 4 * kMiB);
      params.flags = flags;
      const gp_run_result r = run_verified(params);
      EXPECT_DOUBLE_EQ(r.work_per_iteration, 4.0 * kMiB);
      EXPECT_NE(std::string(r.note).find(flags ? "pinned" : "pageable"), std::string::npos);
      // Pageable: the host clock from the call to completion, staging included; pinned:
      // the DMA commands on the device clock.
      EXPECT_EQ(r.timer, flags ? GP_TIMER_DEVICE : GP_TIMER_HOST);
    }
  }
}

// ---- latency -------------------------------------------------------------------------

TEST_F(OpenclBackend, PointerChaseFollowsTheCycle) {
  auto params = default_params(GP_KERNEL_POINTER_CHASE, 64 * 1000);  // 1000 nodes
  const gp_run_result r = run_verified(params);
  EXPECT_EQ(r.size_bytes, 64u * 1000);
  EXPECT_EQ(r.work_items, 1u);
  EXPECT_GE(r.work_per_iteration, 1000.0);  // at least one lap
}

// 2^18 nodes, one lap and one step per launch: each launch must walk on from where the
// last stopped (the check is the end position after every step of every launch; a kernel
// that restarted at node 0 would end one step after it, not three).
TEST_F(OpenclBackend, PointerChaseContinuesAcrossLaunches) {
  auto params = default_params(GP_KERNEL_POINTER_CHASE, 16 * kMiB);
  params.warmup = 1;
  params.iterations = 1;
  params.samples = 2;
  const gp_run_result r = run_verified(params);
  EXPECT_DOUBLE_EQ(r.work_per_iteration, double((1 << 18) + 1));
}

TEST_F(OpenclBackend, LaunchLatencyIsHostTimedRoundTrips) {
  auto params = default_params(GP_KERNEL_LAUNCH_LATENCY, 0);
  params.iterations = 10;
  const gp_run_result r = run_verified(params);
  EXPECT_EQ(r.timer, GP_TIMER_HOST);
  EXPECT_EQ(r.iterations, 10u);
  EXPECT_DOUBLE_EQ(r.work_per_iteration, 1.0);
}

// Median over a result's samples of seconds per counted iteration.
double median_seconds_per_iteration(const gp_run_result& r) {
  std::vector<double> v(r.sample_seconds, r.sample_seconds + r.sample_count);
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2] / r.iterations;
}

TEST_F(OpenclBackend, LaunchGapIsDeviceTimedAndShorterThanTheRoundTrip) {
  auto params = default_params(GP_KERNEL_LAUNCH_GAP, 0);
  params.iterations = 200;
  params.samples = 5;
  params.warmup = 1;
  const gp_run_result gap = run_verified(params);
  EXPECT_EQ(gap.timer, GP_TIMER_DEVICE);
  EXPECT_EQ(gap.iterations, 200u);
  EXPECT_EQ(gap.sample_count, 5u);
  EXPECT_DOUBLE_EQ(gap.work_per_iteration, 1.0);

  params.kernel = GP_KERNEL_LAUNCH_LATENCY;
  const gp_run_result round_trip = run_verified(params);
  const double gap_s = median_seconds_per_iteration(gap);
  const double round_trip_s = median_seconds_per_iteration(round_trip);
  EXPECT_GT(gap_s, 0.0);
  // Back to back in the queue the device never waits for the host, which a round trip does.
  EXPECT_LT(gap_s, round_trip_s) << "gap " << gap_s * 1e6 << " us, round trip "
                                 << round_trip_s * 1e6 << " us; " << gap.note;
}

// ---- hierarchy and compute -----------------------------------------------------------

TEST_F(OpenclBackend, LocalAndRegisterBandwidthVerify) {
  const gp_run_result local = run_verified(default_params(GP_KERNEL_LOCAL_BANDWIDTH, 0));
  EXPECT_GT(local.work_per_iteration, 0.0);
  const gp_run_result reg = run_verified(default_params(GP_KERNEL_REGISTER_BANDWIDTH, 0));
  const gp_run_result fp32 = run_verified(default_params(GP_KERNEL_COMPUTE_FP32, 0));
  // Same kernel: 12 operand bytes vs 2 flops per FMA.
  EXPECT_DOUBLE_EQ(reg.work_per_iteration, 6.0 * fp32.work_per_iteration);
}

TEST_F(OpenclBackend, TensorCorePrecisionsAndMatmulTensorAreUnsupportedWithAReason) {
  for (gp_kernel_id kernel : {GP_KERNEL_MATMUL_NAIVE, GP_KERNEL_MATMUL_TILED})
    for (uint32_t precision :
         {unsigned(GP_PRECISION_TF32), unsigned(GP_PRECISION_BF16), unsigned(GP_PRECISION_INT8)}) {
      gp_run_params p = default_params(kernel, 0);
      p.m = p.n = p.k = 64;
      p.precision = precision;
      EXPECT_EQ(api_->supports(device_, &p), GP_ERR_UNSUPPORTED);
      EXPECT_EQ(std::string(api_->last_error()),
                "OpenCL: no " + std::string(gpuprobe::precision_name(precision)) +
                    " matmul (tf32, bf16 and int8 run through cuBLAS on NVIDIA tensor cores)");
      EXPECT_EQ(run(p).status, GP_ERR_UNSUPPORTED);
    }
  gp_run_params tensor = default_params(GP_KERNEL_MATMUL_TENSOR, 0);
  tensor.m = tensor.n = tensor.k = 64;
  tensor.precision = GP_PRECISION_FP16;
  EXPECT_EQ(api_->supports(device_, &tensor), GP_ERR_UNSUPPORTED);
  EXPECT_NE(std::string(api_->last_error()).find("no portable access to matrix units"),
            std::string::npos)
      << api_->last_error();
}

TEST_F(OpenclBackend, ComputeKernelsVerifyOrSayWhyNot) {
  const Info all = info(device_);
  for (gp_kernel_id kernel : {GP_KERNEL_COMPUTE_FP32, GP_KERNEL_COMPUTE_FP16,
                              GP_KERNEL_COMPUTE_FP64, GP_KERNEL_COMPUTE_INT32}) {
    SCOPED_TRACE("kernel " + std::to_string(kernel));
    const auto params = default_params(kernel, 0);
    const bool fp16 = all.at("fp16").int_value != 0, fp64 = all.at("fp64").int_value != 0;
    if ((kernel == GP_KERNEL_COMPUTE_FP16 && !fp16) ||
        (kernel == GP_KERNEL_COMPUTE_FP64 && !fp64)) {
      EXPECT_EQ(api_->supports(device_, &params), GP_ERR_UNSUPPORTED);
      const std::string reason = api_->last_error();
      EXPECT_NE(reason.find(kernel == GP_KERNEL_COMPUTE_FP16 ? "fp16" : "fp64"), std::string::npos)
          << reason;
      EXPECT_EQ(run(params).status, GP_ERR_UNSUPPORTED);
      continue;
    }
    const gp_run_result r = run_verified(params);
    EXPECT_GT(r.work_per_iteration, 0.0);
    EXPECT_EQ(r.size_bytes, 0u);
  }
}

// The fp32 figure must be physically possible: on a CPU device, at most compute units x
// clock x SIMD lanes (preferred float vector width) x 2 FMA pipes x 2 flops, with 2x slack
// for turbo above the reported clock. A miscounted kernel (or one the compiler reduced)
// would land far above. GPUs do not report lanes per compute unit, so the check is CPU-only.
TEST_F(OpenclBackend, ComputeFp32IsBelowTheoreticalPeak) {
  if (string_info(device_, "device_type") != "CPU")
    GTEST_SKIP() << "lanes per compute unit unknown";
  auto params = default_params(GP_KERNEL_COMPUTE_FP32, 0);
  params.iterations = 0;
  params.samples = 3;
  params.min_sample_seconds = 0.02;
  const gp_run_result r = run_verified(params);
  std::vector<double> seconds(r.sample_seconds, r.sample_seconds + r.sample_count);
  std::sort(seconds.begin(), seconds.end());
  const double gflops = r.work_per_iteration * r.iterations / seconds.front() / 1e9;
  const double peak = static_cast<double>(int_info("compute_units")) * int_info("max_clock_mhz") *
                      1e6 * int_info("preferred_vector_width_float") * 2 * 2 / 1e9;
  EXPECT_GT(gflops, 0.0);
  EXPECT_LT(gflops, 2.0 * peak) << "measured " << gflops << " GFLOPS, peak at the reported clock "
                                << peak;
}

// ---- matmul --------------------------------------------------------------------------

TEST_F(OpenclBackend, MatmulKernelsVerifyOnEdgeAndTileShapes) {
  struct Shape {
    uint64_t m, n, k;
  };
  for (gp_kernel_id kernel :
       {GP_KERNEL_MATMUL_NAIVE, GP_KERNEL_MATMUL_TILED, GP_KERNEL_MATMUL_VENDOR}) {
    for (const Shape s : {Shape{100, 70, 50}, Shape{256, 256, 256}, Shape{130, 200, 129}}) {
      SCOPED_TRACE("kernel " + std::to_string(kernel) + " shape " + std::to_string(s.m) + "x" +
                   std::to_string(s.n) + "x" + std::to_string(s.k));
      auto params = default_params(kernel, 0);
      params.m = s.m;
      params.n = s.n;
      params.k = s.k;
      if (kernel == GP_KERNEL_MATMUL_VENDOR && api_->supports(device_, &params) != GP_OK)
        GTEST_SKIP() << "matmul_vendor: " << api_->last_error();
      const gp_run_result r = run_verified(params);
      EXPECT_DOUBLE_EQ(r.work_per_iteration, 2.0 * s.m * s.n * s.k);
      EXPECT_EQ(r.size_bytes, 4 * (s.m * s.k + s.k * s.n + s.m * s.n));
    }
  }
}

TEST_F(OpenclBackend, Fp16MatmulRunsOrSaysWhyNot) {
  for (gp_kernel_id kernel : {GP_KERNEL_MATMUL_NAIVE, GP_KERNEL_MATMUL_TILED}) {
    auto params = default_params(kernel, 0);
    params.m = params.n = params.k = 128;
    params.precision = GP_PRECISION_FP16;
    if (info(device_).at("fp16").int_value == 0) {
      EXPECT_EQ(api_->supports(device_, &params), GP_ERR_UNSUPPORTED);
      EXPECT_NE(std::string(api_->last_error()).find("fp16"), std::string::npos);
    } else {
      run_verified(params);
    }
  }
}

// ---- errors and cancellation ---------------------------------------------------------

// A kernel that does not compile must fail with the build log, not crash or report 0.
TEST(OpenclBuildErrors, BrokenKernelReportsItsBuildLog) {
  char dir_template[] = "/tmp/gpuprobe-ocl-test-XXXXXX";
  const char* dir = mkdtemp(dir_template);
  ASSERT_NE(dir, nullptr);
  const std::string path = std::string(dir) + "/launch_latency.cl";
  std::ofstream(path) << "kernel void launch_latency(global uint* out, uint value) {\n"
                         "  out[0] = value + this_is_not_declared;\n}\n";
  setenv("GPUPROBE_OPENCL_KERNEL_DIR", dir, 1);
  {
    DirectPlugin plugin("opencl");
    if (!plugin.get()) {
      unsetenv("GPUPROBE_OPENCL_KERNEL_DIR");
      GPUPROBE_SKIP_UNLESS_REQUIRED("opencl", plugin.error());
    }
    auto params = default_params(GP_KERNEL_LAUNCH_LATENCY, 0);
    gp_run_result result{};
    EXPECT_EQ(plugin.get()->run(0, &params, &result), GP_ERR_DEVICE);
    const std::string error = plugin.get()->last_error();
    EXPECT_NE(error.find("launch_latency.cl"), std::string::npos) << error;
    EXPECT_NE(error.find("CL_BUILD_PROGRAM_FAILURE"), std::string::npos) << error;
    EXPECT_NE(error.find("this_is_not_declared"), std::string::npos) << error;
  }
  unsetenv("GPUPROBE_OPENCL_KERNEL_DIR");
  std::remove(path.c_str());
  rmdir(dir);
}

TEST_F(OpenclBackend, CancelledRunStops) {
  volatile int cancel = 1;
  auto params = default_params(GP_KERNEL_READ, kMiB);
  params.cancel = &cancel;
  EXPECT_EQ(run(params).status, GP_ERR_CANCELLED);
}

TEST_F(OpenclBackend, BadDeviceIndexIsInvalidArgument) {
  auto params = default_params(GP_KERNEL_READ, kMiB);
  gp_run_result result{};
  EXPECT_EQ(api_->run(api_->device_count(), &params, &result), GP_ERR_INVALID_ARGUMENT);
}

TEST_F(OpenclBackend, CalibratedBatchLastsTheTarget) {
  auto params = default_params(GP_KERNEL_READ, 4 * kMiB);
  params.iterations = 0;
  params.samples = 2;
  params.min_sample_seconds = 0.01;
  const gp_run_result r = run_verified(params);
  EXPECT_GE(r.iterations, 1u);
  for (uint32_t s = 0; s < r.sample_count; ++s) EXPECT_GE(r.sample_seconds[s], 0.005);
}

}  // namespace
