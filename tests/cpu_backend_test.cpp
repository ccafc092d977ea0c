// CPU backend: what only the CPU plugin promises. Device info read from /proc and sysfs,
// every kernel verified at small sizes, oversize requests clamped with a note, cancel.
#include <gtest/gtest.h>
#include <sched.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include "gpuprobe/plugin.h"
#include "gpuprobe/precision.hpp"
#include "plugin_test_support.hpp"

namespace {

using gpuprobe::test::default_params;
using gpuprobe::test::DirectPlugin;

struct Info {
  std::map<std::string, gp_info_entry> entries;
  bool has(const std::string& key) const { return entries.count(key) != 0; }
  int64_t integer(const std::string& key) const { return entries.at(key).int_value; }
  std::string text(const std::string& key) const { return entries.at(key).string_value; }
};

Info device_info(const gp_plugin* plugin) {
  const gp_info_entry* entries = nullptr;
  uint32_t count = 0;
  EXPECT_EQ(plugin->device_info(0, &entries, &count), GP_OK);
  Info info;
  for (uint32_t i = 0; i < count; ++i) info.entries[entries[i].key] = entries[i];
  return info;
}

std::string cpuinfo_field(const std::string& key) {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key, 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    return value.substr(value.find_first_not_of(' '));
  }
  return {};
}

uint64_t mem_total_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string name;
  uint64_t kib = 0;
  in >> name >> kib;  // MemTotal is the first line
  return name == "MemTotal:" ? kib * 1024 : 0;
}

unsigned allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  sched_getaffinity(0, sizeof set, &set);
  return static_cast<unsigned>(CPU_COUNT(&set));
}

// Small, fast parameters for every kernel.
gp_run_params small_params(gp_kernel_id kernel) {
  gp_run_params p = default_params(kernel, 1 << 20);
  p.samples = 2;
  p.m = 70;
  p.n = 45;  // not a multiple of any register tile: edge tiles get exercised
  p.k = 33;
  return p;
}

class CpuBackend : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(plugin_.get(), nullptr) << plugin_.error();
    plugin = plugin_.get();
  }
  gp_status run(const gp_run_params& params, gp_run_result* result) {
    std::memset(result, 0, sizeof *result);
    result->struct_size = sizeof *result;
    return plugin->run(0, &params, result);
  }
  DirectPlugin plugin_{"cpu"};
  const gp_plugin* plugin = nullptr;
};

TEST_F(CpuBackend, ReportsOneDeviceCalledCpu) {
  EXPECT_STREQ(plugin->name, "cpu");
  EXPECT_EQ(plugin->abi_version, GP_PLUGIN_ABI_VERSION);
  EXPECT_EQ(plugin->device_count(), 1u);
  const gp_info_entry* entries = nullptr;
  uint32_t count = 0;
  EXPECT_EQ(plugin->device_info(1, &entries, &count), GP_ERR_INVALID_ARGUMENT);
}

TEST_F(CpuBackend, DeviceInfoMatchesProcAndSysfs) {
  const Info info = device_info(plugin);
  for (const char* key : {"name", "vendor", "device_type", "driver_version", "compute_units",
                          "global_mem_bytes", "max_alloc_bytes", "cache_llc_bytes", "fp16", "fp64",
                          "int8", "extensions", "simd_width_bits"})
    EXPECT_TRUE(info.has(key)) << key;
  EXPECT_EQ(info.text("device_type"), "CPU");
  EXPECT_EQ(info.text("name"), cpuinfo_field("model name"));
  // The pool runs one thread per CPU this process may use.
  EXPECT_EQ(info.integer("compute_units"), allowed_cpus());
  if (allowed_cpus() == std::thread::hardware_concurrency()) {
    EXPECT_EQ(info.integer("compute_units"), std::thread::hardware_concurrency());
  }
  EXPECT_EQ(static_cast<uint64_t>(info.integer("global_mem_bytes")), mem_total_bytes());
  EXPECT_LE(info.integer("max_alloc_bytes"), info.integer("global_mem_bytes"));
  EXPECT_GT(info.integer("cache_llc_bytes"), 0);
  EXPECT_EQ(info.integer("fp64"), 1);
  // Either the real maximum clock or, without cpufreq (most VMs), the current one.
  EXPECT_TRUE(info.has("max_clock_mhz") || info.has("current_clock_mhz"));
#if defined(__x86_64__)
  __builtin_cpu_init();
  // The kernel's flag (set only where the OS saves the registers); clang 15's
  // __builtin_cpu_supports does not know avx512fp16.
  const std::string flags = " " + cpuinfo_field("flags") + " ";
  EXPECT_EQ(info.integer("fp16"), flags.find(" avx512_fp16 ") != std::string::npos ? 1 : 0);
  const int64_t expected_bits = __builtin_cpu_supports("avx512f") ? 512
                                : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
                                    ? 256
                                    : 128;
  EXPECT_EQ(info.integer("simd_width_bits"), expected_bits);
  if (__builtin_cpu_supports("avx512f")) {
    EXPECT_NE(info.text("extensions").find("avx512f"), std::string::npos);
  }
#endif
}

TEST_F(CpuBackend, EveryKernelVerifiesAtSmallSizes) {
  for (uint32_t k = 0; k < GP_KERNEL_COUNT; ++k) {
    const gp_run_params p = small_params(static_cast<gp_kernel_id>(k));
    SCOPED_TRACE("kernel " + std::to_string(k));
    gp_run_result r;
    if (plugin->supports(0, &p) == GP_ERR_UNSUPPORTED) {
      EXPECT_STRNE(plugin->last_error(), "");
      EXPECT_EQ(run(p, &r), GP_ERR_UNSUPPORTED);
      continue;
    }
    ASSERT_EQ(run(p, &r), GP_OK) << plugin->last_error();
    EXPECT_EQ(r.sample_count, 2u);
    EXPECT_EQ(r.iterations, 1u);
    EXPECT_GT(r.sample_seconds[0], 0.0);
    EXPECT_GT(r.work_per_iteration, 0.0);
    EXPECT_EQ(r.timer, static_cast<uint32_t>(GP_TIMER_HOST));
    EXPECT_EQ(r.verification, static_cast<uint32_t>(GP_VERIFY_PASSED)) << r.note;
  }
}

TEST_F(CpuBackend, StreamingKernelsVerifyAtEveryVectorWidth) {
  // A size whose per-thread shares end mid-way through the 4-way unrolled loops.
  for (gp_kernel_id kernel : {GP_KERNEL_READ, GP_KERNEL_WRITE, GP_KERNEL_COPY}) {
    for (uint32_t width : {1u, 2u, 4u, 8u, 16u}) {
      gp_run_params p = default_params(kernel, (1 << 20) + 7 * 64);
      p.vector_width = width;
      gp_run_result r;
      ASSERT_EQ(run(p, &r), GP_OK) << plugin->last_error();
      EXPECT_EQ(r.verification, static_cast<uint32_t>(GP_VERIFY_PASSED))
          << "kernel " << kernel << " width " << width << ": " << r.note;
      EXPECT_EQ(r.size_bytes, (1u << 20) + 7 * 64);
      EXPECT_DOUBLE_EQ(r.work_per_iteration, (kernel == GP_KERNEL_COPY ? 2.0 : 1.0) * r.size_bytes);
    }
  }
}

TEST_F(CpuBackend, CopyBeyondTheLastLevelCacheUsesStreamingStores) {
  const Info info = device_info(plugin);
  const auto llc = static_cast<uint64_t>(info.integer("cache_llc_bytes"));
  gp_run_params p = default_params(GP_KERNEL_COPY, llc / 2 + (1 << 20));  // 2 buffers > LLC
  p.vector_width = 16;
  gp_run_result r;
  ASSERT_EQ(run(p, &r), GP_OK) << plugin->last_error();
  EXPECT_EQ(r.verification, static_cast<uint32_t>(GP_VERIFY_PASSED)) << r.note;
  EXPECT_NE(std::string(r.note).find("non-temporal"), std::string::npos) << r.note;
}

TEST_F(CpuBackend, SizeThatIsNotWholeCacheLinesIsRoundedDownAndSaysSo) {
  gp_run_params p = default_params(GP_KERNEL_READ, 4096 + 10);
  gp_run_result r;
  ASSERT_EQ(run(p, &r), GP_OK) << plugin->last_error();
  EXPECT_EQ(r.size_bytes, 4096u);
  EXPECT_NE(std::string(r.note).find("rounded"), std::string::npos) << r.note;
}

TEST_F(CpuBackend, MatmulEdgeShapesVerifyInEveryVariant) {
  for (gp_kernel_id kernel :
       {GP_KERNEL_MATMUL_NAIVE, GP_KERNEL_MATMUL_TILED, GP_KERNEL_MATMUL_VENDOR}) {
    for (uint64_t side : {1u, 13u, 97u, 400u}) {
      gp_run_params p = default_params(kernel, 0);
      p.m = side;
      p.n = side + 3;
      p.k = side * 2 + 1;                              // > one KC block at 400
      if (plugin->supports(0, &p) != GP_OK) continue;  // built without OpenBLAS
      gp_run_result r;
      ASSERT_EQ(run(p, &r), GP_OK) << plugin->last_error();
      EXPECT_EQ(r.verification, static_cast<uint32_t>(GP_VERIFY_PASSED))
          << "kernel " << kernel << " side " << side << ": " << r.note;
      EXPECT_DOUBLE_EQ(r.work_per_iteration, 2.0 * p.m * p.n * p.k);
    }
  }
}

TEST_F(CpuBackend, Fp16MatmulVerifiesWithAvx512Fp16AndIsUnsupportedOtherwise) {
  const bool native_fp16 = device_info(plugin).integer("fp16") == 1;
  for (gp_kernel_id kernel : {GP_KERNEL_MATMUL_NAIVE, GP_KERNEL_MATMUL_TILED}) {
    for (uint64_t side : {13u, 200u}) {
      gp_run_params p = default_params(kernel, 0);
      p.precision = GP_PRECISION_FP16;
      p.m = side;
      p.n = side + 70;  // two 64-wide half tiles and an edge
      p.k = side * 2 + 1;
      gp_run_result r;
      if (!native_fp16) {
        EXPECT_EQ(plugin->supports(0, &p), GP_ERR_UNSUPPORTED);
        EXPECT_NE(std::string(plugin->last_error()).find("fp16"), std::string::npos);
        continue;
      }
      ASSERT_EQ(run(p, &r), GP_OK) << plugin->last_error();
      EXPECT_EQ(r.verification, static_cast<uint32_t>(GP_VERIFY_PASSED))
          << "kernel " << kernel << " side " << side << ": " << r.note;
      EXPECT_EQ(r.size_bytes, (p.m * p.k + p.k * p.n + p.m * p.n) * 2);
    }
  }
  gp_run_params vendor = small_params(GP_KERNEL_MATMUL_VENDOR);
  vendor.precision = GP_PRECISION_FP16;
  EXPECT_EQ(plugin->supports(0, &vendor), GP_ERR_UNSUPPORTED);
  gp_run_result r;
  EXPECT_EQ(run(vendor, &r), GP_ERR_UNSUPPORTED);
}

TEST_F(CpuBackend, TensorCorePrecisionsAndMatmulTensorAreUnsupportedWithAReason) {
  for (gp_kernel_id kernel :
       {GP_KERNEL_MATMUL_NAIVE, GP_KERNEL_MATMUL_TILED, GP_KERNEL_MATMUL_VENDOR})
    for (uint32_t precision :
         {unsigned(GP_PRECISION_TF32), unsigned(GP_PRECISION_BF16), unsigned(GP_PRECISION_INT8)}) {
      gp_run_params p = small_params(kernel);
      p.precision = precision;
      ASSERT_EQ(plugin->supports(0, &p), GP_ERR_UNSUPPORTED);
      const std::string reason = plugin->last_error();
      // Built without OpenBLAS, matmul_vendor's own reason comes first.
      if (kernel == GP_KERNEL_MATMUL_VENDOR && reason.find("OpenBLAS") != std::string::npos)
        continue;
      EXPECT_EQ(reason, "CPU backend: no " + std::string(gpuprobe::precision_name(precision)) +
                            " matmul (tf32, bf16 and int8 run through cuBLAS on NVIDIA tensor "
                            "cores)");
    }
  gp_run_params tensor = small_params(GP_KERNEL_MATMUL_TENSOR);
  tensor.precision = GP_PRECISION_FP16;
  EXPECT_EQ(plugin->supports(0, &tensor), GP_ERR_UNSUPPORTED);
  EXPECT_NE(std::string(plugin->last_error()).find("no matrix units on a CPU"), std::string::npos)
      << plugin->last_error();
  gp_run_result r;
  EXPECT_EQ(run(tensor, &r), GP_ERR_UNSUPPORTED);
}

TEST_F(CpuBackend, BadVectorWidthIsAnInvalidArgument) {
  gp_run_params p = default_params(GP_KERNEL_READ, 1 << 20);
  p.vector_width = 3;
  gp_run_result r;
  EXPECT_EQ(plugin->supports(0, &p), GP_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(run(p, &r), GP_ERR_INVALID_ARGUMENT);
}

TEST_F(CpuBackend, LatencyHidingRunsOneStreamPerThreadAtMost) {
  gp_run_params p = default_params(GP_KERNEL_LATENCY_HIDING, 1 << 20);
  p.work_items = 1;
  gp_run_result r;
  ASSERT_EQ(run(p, &r), GP_OK) << plugin->last_error();
  EXPECT_EQ(r.work_items, 1u);
  EXPECT_EQ(r.verification, static_cast<uint32_t>(GP_VERIFY_PASSED)) << r.note;

  p.work_items = 100000;
  ASSERT_EQ(run(p, &r), GP_OK) << plugin->last_error();
  EXPECT_EQ(r.work_items, allowed_cpus());
  EXPECT_NE(std::string(r.note).find("100000 work-items"), std::string::npos) << r.note;
  EXPECT_EQ(r.verification, static_cast<uint32_t>(GP_VERIFY_PASSED)) << r.note;
}

TEST_F(CpuBackend, PinnedTransfersVerifyAndSayMemoryIsShared) {
  for (gp_kernel_id kernel : {GP_KERNEL_TRANSFER_H2D, GP_KERNEL_TRANSFER_D2H}) {
    gp_run_params p = default_params(kernel, 1 << 20);  // below the usual 8 MiB mlock limit
    p.flags = GP_FLAG_PINNED;
    gp_run_result r;
    ASSERT_EQ(run(p, &r), GP_OK) << plugin->last_error();
    EXPECT_EQ(r.verification, static_cast<uint32_t>(GP_VERIFY_PASSED)) << r.note;
    EXPECT_NE(std::string(r.note).find("mlock"), std::string::npos) << r.note;
  }
}

TEST_F(CpuBackend, CalibrationGrowsTheBatchToTheTargetTime) {
  // A 1 MiB read costs tens of microseconds: stable enough that even a busy machine
  // (ctest -j2) cannot stretch one launch past the 10 ms target.
  gp_run_params p = default_params(GP_KERNEL_READ, 1 << 20);
  p.iterations = 0;
  p.min_sample_seconds = 0.01;
  p.samples = 3;
  gp_run_result r;
  ASSERT_EQ(run(p, &r), GP_OK) << plugin->last_error();
  EXPECT_GT(r.iterations, 1u);
  // The batch that ended calibration lasts at least the target by construction; later
  // samples reuse its size, and on a busy machine may come out shorter, so only the
  // longest is checked against the target.
  double longest = 0;
  for (uint32_t s = 0; s < r.sample_count; ++s) longest = std::max(longest, r.sample_seconds[s]);
  EXPECT_GE(longest, 0.01);
}

TEST_F(CpuBackend, CancelledRunReturnsCancelled) {
  volatile int cancel = 1;
  gp_run_params p = small_params(GP_KERNEL_READ);
  p.cancel = &cancel;
  gp_run_result r;
  EXPECT_EQ(run(p, &r), GP_ERR_CANCELLED);
}

TEST_F(CpuBackend, CancelStopsALongNaiveMatmulMidLaunch) {
  volatile int cancel = 0;
  gp_run_params p = default_params(GP_KERNEL_MATMUL_NAIVE, 0);
  p.m = p.n = p.k = 2048;  // tens of seconds per launch on a small machine
  p.samples = 64;
  p.cancel = &cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancel = 1;
  });
  const auto start = std::chrono::steady_clock::now();
  gp_run_result r;
  EXPECT_EQ(run(p, &r), GP_ERR_CANCELLED);
  canceller.join();
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
}

// The AVX2 and generic loops never run on an AVX-512 machine unless capped: check that
// every kernel still verifies on them (each in its own plugin instance; read at init).
TEST(CpuBackendCodePaths, EveryKernelVerifiesOnTheFallbackPaths) {
  for (const char* cap : {"generic", "avx2"}) {
    SCOPED_TRACE(cap);
    setenv("GPUPROBE_CPU_ISA", cap, 1);
    DirectPlugin loaded("cpu");
    unsetenv("GPUPROBE_CPU_ISA");
    ASSERT_NE(loaded.get(), nullptr) << loaded.error();
    const gp_plugin* plugin = loaded.get();
    const Info info = device_info(plugin);
    EXPECT_EQ(info.integer("fp16"), 0);  // any cap turns the AVX512-FP16 code off
    if (std::string(cap) == "generic") {
      EXPECT_EQ(info.text("simd_code_path"), "generic");
      EXPECT_EQ(info.integer("simd_width_bits"), 128);
    }
    for (uint32_t k = 0; k < GP_KERNEL_COUNT; ++k) {
      for (uint32_t width : {1u, 8u, 16u}) {
        gp_run_params p = small_params(static_cast<gp_kernel_id>(k));
        p.vector_width = width;
        gp_run_result r{};
        r.struct_size = sizeof r;
        const gp_status status = plugin->run(0, &p, &r);
        if (k == GP_KERNEL_COMPUTE_FP16 || k == GP_KERNEL_LAUNCH_GAP ||
            k ==
                GP_KERNEL_MATMUL_TENSOR) {  // no fp16 when capped; no device clock; no matrix units
          EXPECT_EQ(status, GP_ERR_UNSUPPORTED);
          continue;
        }
        ASSERT_EQ(status, GP_OK) << "kernel " << k << ": " << plugin->last_error();
        EXPECT_EQ(r.verification, static_cast<uint32_t>(GP_VERIFY_PASSED))
            << "kernel " << k << " width " << width << ": " << r.note;
      }
    }
  }
}

// The fault switch (GPUPROBE_FAULT, backends/kit/fault.hpp) reaches the fallback loops too:
// on the generic and AVX2 code paths every kernel whose loop lives in an ISA unit fails
// verification when its last thread skips an iteration or a store. (The mutation test
// covers every kernel and fault on the default path.)
TEST(CpuBackendCodePaths, InjectedFaultsFailVerificationOnTheFallbackPaths) {
  struct ScopedEnv {
    ScopedEnv(const char* name, const char* value) : name(name) { setenv(name, value, 1); }
    ~ScopedEnv() { unsetenv(name); }
    const char* name;
  };
  for (const char* cap : {"generic", "avx2"}) {
    SCOPED_TRACE(cap);
    std::optional<DirectPlugin> loaded;
    {
      ScopedEnv isa("GPUPROBE_CPU_ISA", cap);
      loaded.emplace("cpu");
    }
    ASSERT_NE(loaded->get(), nullptr) << loaded->error();
    const gp_plugin* plugin = loaded->get();
    for (gp_kernel_id kernel :
         {GP_KERNEL_READ, GP_KERNEL_WRITE, GP_KERNEL_COPY, GP_KERNEL_LOCAL_BANDWIDTH,
          GP_KERNEL_COMPUTE_FP32, GP_KERNEL_COMPUTE_FP64, GP_KERNEL_COMPUTE_INT32,
          GP_KERNEL_MATMUL_TILED}) {
      for (const char* fault : {"skip_iteration", "skip_store"}) {
        gp_run_params p = small_params(kernel);
        p.vector_width = 8;
        gp_run_result r{};
        r.struct_size = sizeof r;
        gp_status status;
        {
          ScopedEnv injected("GPUPROBE_FAULT", fault);
          status = plugin->run(0, &p, &r);
        }
        ASSERT_EQ(status, GP_OK) << "kernel " << kernel << ": " << plugin->last_error();
        EXPECT_EQ(r.verification, static_cast<uint32_t>(GP_VERIFY_FAILED))
            << "kernel " << kernel << " passed under " << fault << ": " << r.note;
        EXPECT_NE(std::string(r.note).find("FAULT INJECTED"), std::string::npos) << r.note;
      }
    }
  }
}

// Runs in its own plugin instance: the cap is read at init.
TEST(CpuBackendClamp, OversizeRequestIsClampedToMaxAllocWithANote) {
  setenv("GPUPROBE_CPU_MAX_ALLOC_BYTES", "4194304", 1);
  DirectPlugin loaded("cpu");
  unsetenv("GPUPROBE_CPU_MAX_ALLOC_BYTES");
  ASSERT_NE(loaded.get(), nullptr) << loaded.error();
  EXPECT_EQ(device_info(loaded.get()).integer("max_alloc_bytes"), 4194304);
  gp_run_params p = default_params(GP_KERNEL_READ, uint64_t{1} << 40);
  gp_run_result r{};
  r.struct_size = sizeof r;
  ASSERT_EQ(loaded.get()->run(0, &p, &r), GP_OK) << loaded.get()->last_error();
  EXPECT_EQ(r.size_bytes, 4194304u);
  EXPECT_NE(std::string(r.note).find("clamped"), std::string::npos) << r.note;
  EXPECT_EQ(r.verification, static_cast<uint32_t>(GP_VERIFY_PASSED)) << r.note;
}

}  // namespace
