// Vulkan backend through its C ABI on the machine's Vulkan device (lavapipe on CI): every
// kernel verifies at small sizes, counts its work as kernels.def says, the device info
// matches vulkaninfo, and a missing driver is reported as unavailable. CTest runs this file
// a second time with GPUPROBE_VK_VALIDATION=1, where any validation message fails a run.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "command_output.hpp"
#include "gpuprobe/precision.hpp"
#include "half.hpp"
#include "plugin_test_support.hpp"
#include "vk_names.hpp"

namespace {

using gpuprobe::test::default_params;
using gpuprobe::test::DirectPlugin;
using gpuprobe::test::Info;
using gpuprobe::test::Outcome;

constexpr uint64_t kMiB = uint64_t{1} << 20;

// Same rule as the plugin (vk_instance.cpp): set, and neither empty nor "0".
bool validation_requested() {
  const char* value = std::getenv("GPUPROBE_VK_VALIDATION");
  return value != nullptr && value[0] != '\0' && std::string(value) != "0";
}

// One plugin instance for the file: creating the instance (and, under validation, the
// layer) once keeps the whole file well inside its time budget.
class VulkanBackend : public gpuprobe::test::PluginDeviceTest {
 protected:
  static void SetUpTestSuite() { plugin_ = new DirectPlugin("vulkan"); }
  static void TearDownTestSuite() {
    delete plugin_;
    plugin_ = nullptr;
  }

  void SetUp() override {
    if (!plugin_->get()) {
      // The validation pass must validate: without the layer (or a driver) it fails
      // instead of skipping, or it would pass having checked nothing.
      if (validation_requested())
        FAIL() << "GPUPROBE_VK_VALIDATION is set but the Vulkan backend is unavailable: "
               << plugin_->error();
      GPUPROBE_SKIP_UNLESS_REQUIRED("vulkan", plugin_->error());
    }
    api_ = plugin_->get();
    ASSERT_GT(api_->device_count(), 0u);
    // Prefer lavapipe (deterministic on CI); otherwise the first device.
    device_ = 0;
    for (uint32_t d = 0; d < api_->device_count(); ++d)
      if (string_info(d, "driver_id") == "DRIVER_ID_MESA_LLVMPIPE") device_ = d;
  }

  // Runs and expects success + verification; returns the result.
  gp_run_result run_verified(const gp_run_params& params) const {
    const Outcome o = run(params);
    EXPECT_EQ(o.status, GP_OK) << o.error;
    EXPECT_EQ(o.result.verification, GP_VERIFY_PASSED) << o.result.note;
    EXPECT_EQ(o.result.sample_count, params.samples);
    for (uint32_t s = 0; s < o.result.sample_count; ++s) EXPECT_GT(o.result.sample_seconds[s], 0.0);
    return o.result;
  }

  static DirectPlugin* plugin_;
};

DirectPlugin* VulkanBackend::plugin_ = nullptr;

TEST_F(VulkanBackend, ReadVerifiesAtEveryVectorWidth) {
  for (uint32_t width : {1u, 2u, 4u, 8u, 16u}) {
    SCOPED_TRACE("width " + std::to_string(width));
    gp_run_params p = default_params(GP_KERNEL_READ, kMiB);
    p.vector_width = width;
    const gp_run_result r = run_verified(p);
    EXPECT_EQ(r.size_bytes, kMiB);
    EXPECT_EQ(r.work_per_iteration, double(kMiB));
    EXPECT_EQ(r.timer, GP_TIMER_DEVICE) << r.note;
  }
}

TEST_F(VulkanBackend, WriteVerifiesAtEveryVectorWidth) {
  for (uint32_t width : {1u, 2u, 4u, 8u, 16u}) {
    SCOPED_TRACE("width " + std::to_string(width));
    gp_run_params p = default_params(GP_KERNEL_WRITE, kMiB);
    p.vector_width = width;
    const gp_run_result r = run_verified(p);
    EXPECT_EQ(r.work_per_iteration, double(kMiB));
  }
}

TEST_F(VulkanBackend, CopyVerifiesAtEveryVectorWidthAndCountsBothDirections) {
  for (uint32_t width : {1u, 2u, 4u, 8u, 16u}) {
    SCOPED_TRACE("width " + std::to_string(width));
    gp_run_params p = default_params(GP_KERNEL_COPY, kMiB);
    p.vector_width = width;
    const gp_run_result r = run_verified(p);
    EXPECT_EQ(r.work_per_iteration, 2.0 * double(kMiB));
  }
}

TEST_F(VulkanBackend, OddSizesAreRoundedToWholeVectorsAndSaySo) {
  gp_run_params p = default_params(GP_KERNEL_READ, kMiB + 100);
  p.vector_width = 16;
  const gp_run_result r = run_verified(p);
  EXPECT_EQ(r.size_bytes, kMiB + 64);
  EXPECT_NE(std::string(r.note).find("rounded"), std::string::npos) << r.note;
}

TEST_F(VulkanBackend, LatencyHidingLaunchesExactlyTheRequestedWorkItems) {
  // 1000 is not a multiple of the workgroup size; 100000 exceeds the buffer's 16384 steps.
  for (uint64_t items : {uint64_t{1}, uint64_t{1000}, uint64_t{100000}}) {
    SCOPED_TRACE("work_items " + std::to_string(items));
    gp_run_params p = default_params(GP_KERNEL_LATENCY_HIDING, 256 * uint64_t{1024});
    p.vector_width = 4;
    p.work_items = items;
    const gp_run_result r = run_verified(p);
    EXPECT_EQ(r.work_items, items);
    EXPECT_EQ(r.work_per_iteration, 256.0 * 1024);
  }
}

TEST_F(VulkanBackend, PointerChaseFollowsTheWholeCycle) {
  gp_run_params p = default_params(GP_KERNEL_POINTER_CHASE, kMiB);
  const gp_run_result r = run_verified(p);
  EXPECT_EQ(r.size_bytes, kMiB);
  EXPECT_EQ(r.work_items, 1u);
  // 16384 nodes: at least 64 Ki dependent loads, so the cycle is walked four times, plus
  // one step so consecutive launches never end on the same node (kit::chase_steps_per_launch).
  EXPECT_EQ(r.work_per_iteration, 65537.0);
}

TEST_F(VulkanBackend, LaunchLatencyRunsEveryLaunchAndIsHostTimed) {
  gp_run_params p = default_params(GP_KERNEL_LAUNCH_LATENCY, 0);
  p.iterations = 5;
  p.samples = 3;
  p.warmup = 2;
  const gp_run_result r = run_verified(p);
  EXPECT_EQ(r.timer, GP_TIMER_HOST);
  EXPECT_EQ(r.work_per_iteration, 1.0);
  EXPECT_EQ(r.iterations, 5u);
}

// Median over a result's samples of seconds per counted iteration.
double median_seconds_per_iteration(const gp_run_result& r) {
  std::vector<double> v(r.sample_seconds, r.sample_seconds + r.sample_count);
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2] / r.iterations;
}

TEST_F(VulkanBackend, LaunchGapIsDeviceTimedAndShorterThanTheRoundTrip) {
  gp_run_params p = default_params(GP_KERNEL_LAUNCH_GAP, 0);
  if (api_->supports(device_, &p) == GP_ERR_UNSUPPORTED) {
    // Only a queue without timestamps may refuse, and it must say so.
    EXPECT_NE(std::string(api_->last_error()).find("timestamp"), std::string::npos)
        << api_->last_error();
    GTEST_SKIP() << api_->last_error();
  }
  p.iterations = 200;
  p.samples = 5;
  p.warmup = 1;
  const gp_run_result gap = run_verified(p);  // verified: the counter saw every dispatch
  EXPECT_EQ(gap.timer, GP_TIMER_DEVICE);
  EXPECT_EQ(gap.iterations, 200u);
  EXPECT_EQ(gap.work_per_iteration, 1.0);
  EXPECT_NE(std::string(gap.note).find("t_last - t_first"), std::string::npos) << gap.note;

  p.kernel = GP_KERNEL_LAUNCH_LATENCY;
  const gp_run_result round_trip = run_verified(p);
  const double gap_s = median_seconds_per_iteration(gap);
  const double round_trip_s = median_seconds_per_iteration(round_trip);
  EXPECT_GT(gap_s, 0.0);
  EXPECT_LT(gap_s, round_trip_s) << "gap " << gap_s * 1e6 << " us, round trip "
                                 << round_trip_s * 1e6 << " us";
}

TEST_F(VulkanBackend, LaunchGapRefusesTheHostClock) {
  ASSERT_EQ(setenv("GPUPROBE_VK_HOST_TIMER", "1", 1), 0);
  const gp_run_params p = default_params(GP_KERNEL_LAUNCH_GAP, 0);
  const gp_status supported = api_->supports(device_, &p);
  const std::string reason = api_->last_error();
  const Outcome o = run(p);
  unsetenv("GPUPROBE_VK_HOST_TIMER");
  EXPECT_EQ(supported, GP_ERR_UNSUPPORTED);
  EXPECT_NE(reason.find("timestamps"), std::string::npos) << reason;
  EXPECT_EQ(o.status, GP_ERR_UNSUPPORTED);
}

TEST_F(VulkanBackend, TransfersArriveIntactPinnedAndPageable) {
  for (gp_kernel_id kernel : {GP_KERNEL_TRANSFER_H2D, GP_KERNEL_TRANSFER_D2H}) {
    for (uint32_t flags : {0u, unsigned(GP_FLAG_PINNED)}) {
      SCOPED_TRACE(std::string(kernel == GP_KERNEL_TRANSFER_H2D ? "h2d" : "d2h") +
                   (flags ? " pinned" : " pageable"));
      gp_run_params p = default_params(kernel, 2 * kMiB);
      p.flags = flags;
      p.samples = 2;
      const gp_run_result r = run_verified(p);
      EXPECT_EQ(r.size_bytes, 2 * kMiB);
      EXPECT_EQ(r.work_per_iteration, 2.0 * kMiB);
      EXPECT_NE(std::string(r.note).find(flags ? "pinned" : "pageable"), std::string::npos)
          << r.note;
      // One definition per kind at every size: pinned is device-timed DMA, pageable is the
      // host clock from the call to completion.
      EXPECT_EQ(r.timer, flags ? GP_TIMER_DEVICE : GP_TIMER_HOST) << r.note;
    }
  }
}

TEST_F(VulkanBackend, LocalBandwidthMatchesHostSumsOfEveryInvocation) {
  gp_run_params p = default_params(GP_KERNEL_LOCAL_BANDWIDTH, 0);
  p.work_items = 1000;  // rounded up to whole workgroups of 256
  const gp_run_result r = run_verified(p);
  EXPECT_EQ(r.work_items, 1024u);
  EXPECT_EQ(r.work_per_iteration, 1024.0 * 256 * 4 * 16);  // rounds x loads x bytes
}

TEST_F(VulkanBackend, ComputeKernelsMatchHostReplayOrSayWhyNot) {
  const Info all = info(device_);
  for (gp_kernel_id kernel : {GP_KERNEL_COMPUTE_FP32, GP_KERNEL_COMPUTE_FP16,
                              GP_KERNEL_COMPUTE_FP64, GP_KERNEL_COMPUTE_INT32}) {
    SCOPED_TRACE("kernel " + std::to_string(kernel));
    gp_run_params p = default_params(kernel, 0);
    p.work_items = 1000;
    const bool supported = kernel == GP_KERNEL_COMPUTE_FP16   ? all.at("fp16").int_value
                           : kernel == GP_KERNEL_COMPUTE_FP64 ? all.at("fp64").int_value
                                                              : true;
    if (!supported) {
      const Outcome o = run(p);
      EXPECT_EQ(o.status, GP_ERR_UNSUPPORTED);
      EXPECT_FALSE(o.error.empty());
      continue;
    }
    const gp_run_result r = run_verified(p);
    EXPECT_EQ(r.work_items, 1000u);
    EXPECT_EQ(r.work_per_iteration, 2.0 * 1000 * 16 * 1024);  // 2 ops per FMA
  }
}

TEST_F(VulkanBackend, RegisterBandwidthCountsTwelveBytesPerFma) {
  gp_run_params p = default_params(GP_KERNEL_REGISTER_BANDWIDTH, 0);
  p.work_items = 512;
  const gp_run_result r = run_verified(p);
  EXPECT_EQ(r.work_per_iteration, 12.0 * 512 * 16 * 1024);
}

TEST_F(VulkanBackend, MatmulNaiveAndTiledVerifyOnRaggedShapes) {
  const Info all = info(device_);
  const bool fp16 =
      all.at("shader_float16").int_value && all.at("storage_buffer_16bit_access").int_value;
  for (gp_kernel_id kernel : {GP_KERNEL_MATMUL_NAIVE, GP_KERNEL_MATMUL_TILED}) {
    for (uint32_t precision : {unsigned(GP_PRECISION_FP32), unsigned(GP_PRECISION_FP16)}) {
      SCOPED_TRACE("kernel " + std::to_string(kernel) + " precision " + std::to_string(precision));
      gp_run_params p = default_params(kernel, 0);
      p.m = 100;  // none of them a multiple of a tile
      p.n = 72;
      p.k = 37;
      p.precision = precision;
      if (precision == GP_PRECISION_FP16 && !fp16) {
        EXPECT_EQ(run(p).status, GP_ERR_UNSUPPORTED);
        continue;
      }
      const gp_run_result r = run_verified(p);
      EXPECT_EQ(r.work_per_iteration, 2.0 * 100 * 72 * 37);
    }
  }
}

TEST_F(VulkanBackend, MatmulVendorIsUnsupportedWithAReason) {
  gp_run_params p = default_params(GP_KERNEL_MATMUL_VENDOR, 0);
  p.m = p.n = p.k = 64;
  EXPECT_EQ(api_->supports(device_, &p), GP_ERR_UNSUPPORTED);
  const Outcome o = run(p);
  EXPECT_EQ(o.status, GP_ERR_UNSUPPORTED);
  EXPECT_NE(o.error.find("no vendor BLAS"), std::string::npos) << o.error;
}

TEST_F(VulkanBackend, TensorCorePrecisionsAreUnsupportedWithAReason) {
  for (gp_kernel_id kernel : {GP_KERNEL_MATMUL_NAIVE, GP_KERNEL_MATMUL_TILED})
    for (uint32_t precision :
         {unsigned(GP_PRECISION_TF32), unsigned(GP_PRECISION_BF16), unsigned(GP_PRECISION_INT8)}) {
      gp_run_params p = default_params(kernel, 0);
      p.m = p.n = p.k = 64;
      p.precision = precision;
      const Outcome o = run(p);
      EXPECT_EQ(o.status, GP_ERR_UNSUPPORTED);
      EXPECT_EQ(o.error, "Vulkan: no " + std::string(gpuprobe::precision_name(precision)) +
                             " matmul (tf32, bf16 and int8 run through cuBLAS on NVIDIA tensor "
                             "cores)");
    }
  gp_run_params p = default_params(GP_KERNEL_MATMUL_NAIVE, 0);
  p.precision = 7;  // no ABI version defines it
  EXPECT_EQ(run(p).status, GP_ERR_INVALID_ARGUMENT);
}

// lavapipe has no VK_KHR_cooperative_matrix: matmul_tensor says so, naming the device.
TEST_F(VulkanBackend, MatmulTensorIsUnsupportedWhereCooperativeMatrixIsNotExposed) {
  const Info all = info(device_);
  if (all.at("cooperative_matrix_khr").int_value)
    GTEST_SKIP() << "this device exposes VK_KHR_cooperative_matrix";
  gp_run_params p = default_params(GP_KERNEL_MATMUL_TENSOR, 0);
  p.m = p.n = p.k = 64;
  p.precision = GP_PRECISION_FP16;
  EXPECT_EQ(api_->supports(device_, &p), GP_ERR_UNSUPPORTED);
  const Outcome o = run(p);
  EXPECT_EQ(o.status, GP_ERR_UNSUPPORTED);
  EXPECT_EQ(o.error,
            "VK_KHR_cooperative_matrix not exposed by " + std::string(all.at("name").string_value));
}

TEST_F(VulkanBackend, InvalidVectorWidthIsRejectedAndLaterRunsStillWork) {
  gp_run_params p = default_params(GP_KERNEL_READ, kMiB);
  p.vector_width = 3;
  const Outcome bad = run(p);
  EXPECT_EQ(bad.status, GP_ERR_INVALID_ARGUMENT);
  EXPECT_FALSE(bad.error.empty());
  p.vector_width = 4;
  run_verified(p);
}

TEST_F(VulkanBackend, CalibrationGrowsTheBatchToTheMinimumSampleTime) {
  gp_run_params p = default_params(GP_KERNEL_READ, 256 * uint64_t{1024});
  p.vector_width = 4;
  p.iterations = 0;
  p.samples = 2;
  p.warmup = 2;  // a cold first launch would otherwise end calibration at one launch
  p.min_sample_seconds = 0.005;
  const gp_run_result r = run_verified(p);
  // One launch of a 256 KiB read is far below 5 ms on any device, so the batch must grow.
  EXPECT_GT(r.iterations, 1u);
  // Loose bound: on a busy CI machine a calibration batch can be slowed by preemption.
  double longest = 0;
  for (uint32_t s = 0; s < r.sample_count; ++s) longest = std::max(longest, r.sample_seconds[s]);
  EXPECT_GE(longest, 0.005 * 0.25);
}

TEST_F(VulkanBackend, SizeAboveTheStorageBufferRangeIsClampedWithANote) {
  const int64_t range = int_info("max_storage_buffer_range");
  if (range > int64_t{256} * int64_t(kMiB))
    GTEST_SKIP() << "maxStorageBufferRange is " << range
                 << " bytes: too large to allocate in a unit test";
  gp_run_params p = default_params(GP_KERNEL_WRITE, uint64_t(range) + 4096);
  p.vector_width = 4;
  const gp_run_result r = run_verified(p);
  EXPECT_EQ(r.size_bytes, uint64_t(range) - uint64_t(range) % 64);
  EXPECT_NE(std::string(r.note).find("maxStorageBufferRange"), std::string::npos) << r.note;
}

TEST_F(VulkanBackend, CancelledRunStopsWithCancelled) {
  volatile int cancel = 1;
  gp_run_params p = default_params(GP_KERNEL_READ, kMiB);
  p.cancel = &cancel;
  EXPECT_EQ(run(p).status, GP_ERR_CANCELLED);
}

TEST_F(VulkanBackend, HostClockFallbackIsReportedInTimerAndNote) {
  ASSERT_EQ(setenv("GPUPROBE_VK_HOST_TIMER", "1", 1), 0);
  gp_run_params p = default_params(GP_KERNEL_COPY, kMiB);
  const gp_run_result r = run_verified(p);
  unsetenv("GPUPROBE_VK_HOST_TIMER");
  EXPECT_EQ(r.timer, GP_TIMER_HOST);
  EXPECT_NE(std::string(r.note).find("host clock"), std::string::npos) << r.note;
}

// ---- device info against vulkaninfo -------------------------------------------------

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

size_t indent(const std::string& line) { return line.find_first_not_of('\t'); }

// The lines of one "GPU<i>:" section of `vulkaninfo --text`.
class VulkaninfoDevice {
 public:
  explicit VulkaninfoDevice(std::vector<std::string> lines) : lines_(std::move(lines)) {}

  // Value of the first "key = value" line (whitespace around '=' ignored).
  std::string value(const std::string& key, size_t from = 0) const {
    for (size_t i = from; i < lines_.size(); ++i) {
      const std::string t = trim(lines_[i]);
      if (t.rfind(key, 0) != 0) continue;
      const std::string rest = trim(t.substr(key.size()));
      if (!rest.empty() && rest[0] == '=') return trim(rest.substr(1));
    }
    return "<missing " + key + ">";
  }
  // Index of the first line starting with `prefix`, or npos.
  size_t find(const std::string& prefix, size_t from = 0) const {
    for (size_t i = from; i < lines_.size(); ++i)
      if (trim(lines_[i]).rfind(prefix, 0) == 0) return i;
    return std::string::npos;
  }
  // Lines indented deeper than line `at` right below it (a list's items).
  std::vector<std::string> children(size_t at) const {
    std::vector<std::string> out;
    if (at == std::string::npos) return out;
    for (size_t i = at + 1; i < lines_.size() && indent(lines_[i]) > indent(lines_[at]); ++i)
      if (!trim(lines_[i]).empty()) out.push_back(trim(lines_[i]));
    return out;
  }

 private:
  std::vector<std::string> lines_;
};

std::vector<VulkaninfoDevice> run_vulkaninfo() {
  std::vector<VulkaninfoDevice> devices;
  const auto vulkaninfo = gpuprobe::test::run_command("vulkaninfo --text 2>/dev/null");
  if (vulkaninfo.exit_code != 0) return {};
  std::istringstream in(vulkaninfo.output);
  std::string line;
  std::vector<std::string> current;
  bool in_device = false;
  while (std::getline(in, line)) {
    // Device sections are "GPU<i>:" at column 0; the summary lists "GPU id = ..." elsewhere.
    if (line.rfind("GPU", 0) == 0 && line.back() == ':' && line.find(' ') == std::string::npos) {
      if (in_device) devices.emplace_back(current);
      current.clear();
      in_device = true;
      continue;
    }
    if (in_device) current.push_back(line);
  }
  if (in_device) devices.emplace_back(current);
  return devices;
}

// "SHADER_STAGE_COMPUTE_BIT" -> "COMPUTE" for prefix "SHADER_STAGE_".
std::string names_of(const std::vector<std::string>& items, const std::string& prefix) {
  std::string out;
  for (std::string item : items) {
    if (item.rfind(prefix, 0) == 0) item = item.substr(prefix.size());
    if (item.size() > 4 && item.compare(item.size() - 4, 4, "_BIT") == 0)
      item.resize(item.size() - 4);
    if (item == "None") continue;
    out += (out.empty() ? "" : " ") + item;
  }
  return out;
}

int64_t number(const std::string& text) {  // "0x80000000", "2147483648 (0x80000000) (2.00 GiB)"
  return static_cast<int64_t>(std::stoull(text, nullptr, 0));
}

bool boolean(const std::string& text) { return text == "true"; }

TEST_F(VulkanBackend, DeviceInfoAgreesWithVulkaninfo) {
  if (system("command -v vulkaninfo >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "vulkaninfo is not installed (package vulkan-tools)";
  const std::vector<VulkaninfoDevice> reference = run_vulkaninfo();
  ASSERT_EQ(reference.size(), api_->device_count()) << "vulkaninfo lists a different device count";

  for (uint32_t d = 0; d < api_->device_count(); ++d) {
    const VulkaninfoDevice& v = reference[d];
    const Info info = this->info(d);
    SCOPED_TRACE("device " + std::to_string(d) + ": " + v.value("deviceName"));
    auto str = [&](const char* key) {
      const auto it = info.find(key);
      EXPECT_NE(it, info.end()) << key;
      return it == info.end() || it->second.type != GP_VALUE_STRING
                 ? std::string("<none>")
                 : std::string(it->second.string_value);
    };
    auto num = [&](const char* key) {
      const auto it = info.find(key);
      EXPECT_NE(it, info.end()) << key;
      return it == info.end() ? int64_t{-1} : it->second.int_value;
    };
    auto first_word = [](const std::string& s) { return s.substr(0, s.find(' ')); };

    EXPECT_EQ(str("name"), v.value("deviceName"));
    EXPECT_EQ(str("api_version"), first_word(v.value("apiVersion")));
    EXPECT_EQ(str("driver_version"), first_word(v.value("driverVersion")));
    EXPECT_EQ(num("vendor_id"), number(v.value("vendorID")));
    EXPECT_EQ(num("device_id"), number(v.value("deviceID")));
    const std::map<std::string, std::string> types = {
        {"PHYSICAL_DEVICE_TYPE_DISCRETE_GPU", "GPU"},
        {"PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU", "Integrated GPU"},
        {"PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU", "Virtual GPU"},
        {"PHYSICAL_DEVICE_TYPE_CPU", "CPU"},
        {"PHYSICAL_DEVICE_TYPE_OTHER", "Other"}};
    EXPECT_EQ(str("device_type"), types.at(v.value("deviceType")));
    EXPECT_EQ(num("local_mem_bytes"), number(v.value("maxComputeSharedMemorySize")));
    EXPECT_EQ(num("max_work_group_size"), number(v.value("maxComputeWorkGroupInvocations")));
    EXPECT_EQ(num("max_storage_buffer_range"), number(v.value("maxStorageBufferRange")));
    EXPECT_EQ(num("max_alloc_bytes"), number(v.value("maxMemoryAllocationSize")));
    EXPECT_EQ(num("subgroup_size"), number(v.value("subgroupSize")));
    const char* axis[] = {"x", "y", "z"};
    const auto counts = v.children(v.find("maxComputeWorkGroupCount:"));
    const auto sizes = v.children(v.find("maxComputeWorkGroupSize:"));
    ASSERT_EQ(counts.size(), 3u);
    ASSERT_EQ(sizes.size(), 3u);
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(num(("max_compute_work_group_count_" + std::string(axis[i])).c_str()),
                number(counts[i]));
      EXPECT_EQ(num(("max_compute_work_group_size_" + std::string(axis[i])).c_str()),
                number(sizes[i]));
    }
    EXPECT_EQ(str("subgroup_supported_stages"),
              names_of(v.children(v.find("supportedStages:")), "SHADER_STAGE_"));
    EXPECT_EQ(str("subgroup_supported_operations"),
              names_of(v.children(v.find("supportedOperations:")), "SUBGROUP_FEATURE_"));
    const auto period = info.at("timestamp_period_ns");
    EXPECT_NEAR(period.float_value, std::stod(v.value("timestampPeriod")),
                1e-6 * period.float_value);
    EXPECT_EQ(num("timestamp_compute_and_graphics"),
              boolean(v.value("timestampComputeAndGraphics")));
    const size_t queue =
        v.find("queueProperties[" + std::to_string(num("queue_family_index")) + "]:");
    ASSERT_NE(queue, std::string::npos);
    EXPECT_EQ(num("timestamp_valid_bits"), number(v.value("timestampValidBits", queue)));

    if (v.find("driverID") != std::string::npos) {
      EXPECT_EQ(str("driver_id"), v.value("driverID"));
      EXPECT_EQ(str("driver_name"), v.value("driverName"));
      EXPECT_EQ(str("driver_info"), v.value("driverInfo"));
      const size_t conformance = v.find("conformanceVersion:");
      EXPECT_EQ(str("conformance_version"),
                v.value("major", conformance) + "." + v.value("minor", conformance) + "." +
                    v.value("subminor", conformance) + "." + v.value("patch", conformance));
    }
    EXPECT_EQ(str("device_uuid"), v.value("deviceUUID"));
    EXPECT_EQ(str("driver_uuid"), v.value("driverUUID"));
    if (const size_t pci = v.find("VkPhysicalDevicePCIBusInfoPropertiesEXT");
        pci != std::string::npos) {
      char bus_id[32];
      std::snprintf(bus_id, sizeof bus_id, "%04llx:%02llx:%02llx.%llx",
                    static_cast<unsigned long long>(number(v.value("pciDomain", pci))),
                    static_cast<unsigned long long>(number(v.value("pciBus", pci))),
                    static_cast<unsigned long long>(number(v.value("pciDevice", pci))),
                    static_cast<unsigned long long>(number(v.value("pciFunction", pci))));
      EXPECT_EQ(str("pci_bus_id"), bus_id);
    } else {
      EXPECT_EQ(info.count("pci_bus_id"), 0u);
    }
    EXPECT_EQ(num("shader_float64"), boolean(v.value("shaderFloat64")));
    EXPECT_EQ(num("fp64"), boolean(v.value("shaderFloat64")));
    EXPECT_EQ(num("shader_int64"), boolean(v.value("shaderInt64")));
    EXPECT_EQ(num("shader_float16"), boolean(v.value("shaderFloat16")));
    EXPECT_EQ(num("fp16"), boolean(v.value("shaderFloat16")));
    EXPECT_EQ(num("shader_int8"), boolean(v.value("shaderInt8")));
    EXPECT_EQ(num("int8"), boolean(v.value("shaderInt8")));
    EXPECT_EQ(num("storage_buffer_16bit_access"), boolean(v.value("storageBuffer16BitAccess")));

    // Memory heaps and types.
    int64_t largest_local = 0;
    for (int h = 0;; ++h) {
      const size_t at = v.find("memoryHeaps[" + std::to_string(h) + "]:");
      if (at == std::string::npos) {
        EXPECT_EQ(info.count("memory_heap_" + std::to_string(h) + "_bytes"), 0u);
        break;
      }
      const std::string prefix = "memory_heap_" + std::to_string(h);
      const int64_t size = number(v.value("size", at));
      EXPECT_EQ(num((prefix + "_bytes").c_str()), size);
      const std::string flags = names_of(v.children(v.find("flags", at)), "MEMORY_HEAP_");
      EXPECT_EQ(str((prefix + "_flags").c_str()), flags);
      if (flags.find("DEVICE_LOCAL") != std::string::npos)
        largest_local = std::max(largest_local, size);
    }
    EXPECT_EQ(num("global_mem_bytes"), largest_local);
    for (int t = 0;; ++t) {
      const size_t at = v.find("memoryTypes[" + std::to_string(t) + "]:");
      if (at == std::string::npos) break;
      const std::string prefix = "memory_type_" + std::to_string(t);
      EXPECT_EQ(num((prefix + "_heap_index").c_str()), number(v.value("heapIndex", at)));
      EXPECT_EQ(str((prefix + "_flags").c_str()),
                names_of(v.children(v.find("propertyFlags", at)), "MEMORY_PROPERTY_"));
    }

    // Device extensions, as sets.
    std::set<std::string> expected_extensions;
    for (const std::string& item : v.children(v.find("Device Extensions:") == std::string::npos
                                                  ? std::string::npos
                                                  : v.find("Device Extensions:")))
      expected_extensions.insert(trim(item.substr(0, item.find(':'))));
    std::set<std::string> extensions;
    std::istringstream words(str("extensions"));
    for (std::string word; words >> word;) extensions.insert(word);
    EXPECT_EQ(extensions, expected_extensions);
    EXPECT_EQ(num("cooperative_matrix_nv"), expected_extensions.count("VK_NV_cooperative_matrix"));
    EXPECT_EQ(num("cooperative_matrix_khr"),
              expected_extensions.count("VK_KHR_cooperative_matrix"));
  }
}

// ---- helpers for devices CI does not have ---------------------------------------------

TEST(VulkanNames, DriverVersionsDecodeTheWayVulkaninfoDoes) {
  using gpuprobe::vk::driver_version_string;
  // NVIDIA packs 10.8.8.6 bits: 535.104.05 -> "535.104.5.0".
  const uint32_t nvidia = (535u << 22) | (104u << 14) | (5u << 6);
  EXPECT_EQ(driver_version_string(nvidia, true, VK_DRIVER_ID_NVIDIA_PROPRIETARY, 0x10DE),
            "535.104.5.0");
  EXPECT_EQ(driver_version_string(nvidia, false, VkDriverId{}, 0x10DE), "535.104.5.0");
  // Intel's Windows driver packs 18.14 bits.
  EXPECT_EQ(driver_version_string((101u << 14) | 4146u, true,
                                  VK_DRIVER_ID_INTEL_PROPRIETARY_WINDOWS, 0x8086),
            "101.4146");
  // Everyone else (Mesa, AMD) uses the Vulkan version scheme.
  EXPECT_EQ(
      driver_version_string(VK_MAKE_API_VERSION(0, 23, 1, 2), true, VK_DRIVER_ID_MESA_RADV, 0x1002),
      "23.1.2");
}

TEST(VulkanNames, VendorAndDeviceTypeNames) {
  using gpuprobe::vk::device_type_name;
  using gpuprobe::vk::vendor_name;
  EXPECT_EQ(vendor_name(0x10DE), "NVIDIA");
  EXPECT_EQ(vendor_name(0x1002), "AMD");
  EXPECT_EQ(vendor_name(0x8086), "Intel");
  EXPECT_EQ(vendor_name(VK_VENDOR_ID_MESA), "Mesa");
  EXPECT_EQ(vendor_name(0x1234), "0x1234");
  EXPECT_EQ(device_type_name(VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU), "GPU");
  EXPECT_EQ(device_type_name(VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU), "Integrated GPU");
  EXPECT_EQ(device_type_name(VK_PHYSICAL_DEVICE_TYPE_CPU), "CPU");
  EXPECT_EQ(gpuprobe::vk::memory_property_names(VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT | 0x10000u),
            "DEVICE_LOCAL 0x10000");  // unknown bits are shown, not dropped
}

TEST(VulkanHalf, ConversionRoundsToNearestEven) {
  using gpuprobe::vk::float_to_half;
  EXPECT_EQ(float_to_half(1.0f), 0x3c00);
  EXPECT_EQ(float_to_half(-2.0f), 0xc000);
  EXPECT_EQ(float_to_half(65504.0f), 0x7bff);         // largest finite half
  EXPECT_EQ(float_to_half(65520.0f), 0x7c00);         // halfway to 65536: rounds (to even) to inf
  EXPECT_EQ(float_to_half(1.0f + 0x1p-11f), 0x3c00);  // tie: stays on even 1.0
  EXPECT_EQ(float_to_half(1.0f + 3 * 0x1p-11f), 0x3c02);  // tie: up to even
  EXPECT_EQ(float_to_half(0x1p-24f), 0x0001);             // smallest subnormal
  EXPECT_EQ(float_to_half(0x1p-25f), 0x0000);             // tie: to even zero
  EXPECT_EQ(float_to_half(3 * 0x1p-25f), 0x0002);         // tie: to even 2
  EXPECT_EQ(float_to_half(0x1p-14f), 0x0400);             // smallest normal
  const uint16_t nan = float_to_half(std::nanf(""));
  EXPECT_EQ(nan & 0x7c00, 0x7c00);
  EXPECT_NE(nan & 0x03ff, 0);
}

TEST(VulkanHalf, EveryFiniteHalfSurvivesARoundTrip) {
  using gpuprobe::vk::float_to_half;
  using gpuprobe::vk::half_to_float;
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    if ((bits & 0x7c00) == 0x7c00) continue;  // inf and NaN
    ASSERT_EQ(float_to_half(half_to_float(uint16_t(bits))), bits) << std::hex << bits;
  }
}

// ---- missing driver -------------------------------------------------------------------

// Opens the plugin through the ABI and returns init()'s status and message.
std::pair<gp_status, std::string> init_plugin_status() {
  const std::string path = std::string(GPUPROBE_BIN_DIR) + "/gpuprobe-backend-vulkan.so";
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) return {GP_ERR_INTERNAL, dlerror()};
  auto entry = reinterpret_cast<gp_plugin_entry_fn>(dlsym(handle, GP_PLUGIN_ENTRY_SYMBOL));
  const gp_plugin* plugin = entry ? entry() : nullptr;
  if (!plugin) return {GP_ERR_INTERNAL, "no entry symbol"};
  const gp_status status = plugin->init();
  std::string message = status == GP_OK ? "" : plugin->last_error();
  plugin->shutdown();
  dlclose(handle);
  return {status, message};
}

// Runs in a child process started by MissingIcdIsReportedUnavailable, whose environment
// points the loader at a driver list that does not exist.
TEST(VulkanBackendChild, InitWithoutIcdReportsUnavailable) {
  if (!std::getenv("GPUPROBE_VK_TEST_NO_ICD_CHILD"))
    GTEST_SKIP() << "runs only as the child process of "
                    "VulkanBackendUnavailable.MissingIcdIsReportedUnavailable";
  const auto [status, message] = init_plugin_status();
  std::printf("init status %d: %s\n", int(status), message.c_str());
  EXPECT_EQ(status, GP_ERR_UNAVAILABLE);
  EXPECT_FALSE(message.empty());
}

TEST(VulkanBackendUnavailable, MissingIcdIsReportedUnavailable) {
  char self[4096];
  const ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
  ASSERT_GT(length, 0);
  self[length] = '\0';
  const std::string command =
      "env VK_ICD_FILENAMES=/nonexistent VK_DRIVER_FILES=/nonexistent "
      "GPUPROBE_VK_TEST_NO_ICD_CHILD=1 '" +
      std::string(self) +
      "' --gtest_filter=VulkanBackendChild.InitWithoutIcdReportsUnavailable 2>&1";
  const auto [output, exit_code] = gpuprobe::test::run_command(command);
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_NE(output.find("init status 1: "), std::string::npos) << output;  // GP_ERR_UNAVAILABLE
  EXPECT_NE(output.find("[  PASSED  ] 1 test"), std::string::npos) << output;
}

}  // namespace
