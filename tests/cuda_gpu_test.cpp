// GPU-only tests of the CUDA plugin (ctest label `gpu`): on a machine with an NVIDIA card and
// driver, every kernel conforms (ran and matched the host reference, or is refused with a
// reason tests/expected_unsupported.txt lists), the device info has the shared and the CUDA
// keys, and a card the build supports is not called too old (one it does not support is
// refused with the arch table's words). Without a CUDA device each test is skipped with
// "skipped: no CUDA device". scripts/gpu-check.sh runs them (ctest -L gpu).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "arch_table.hpp"
#include "conformance_points.hpp"
#include "expected_unsupported.hpp"
#include "gpuprobe/kernels.hpp"
#include "measure.hpp"
#include "plugin_test_support.hpp"

namespace gpuprobe::test {
namespace {

class CudaGpuTest : public PluginDeviceTest {
 protected:
  static void SetUpTestSuite() { plugin_ = new DirectPlugin("cuda"); }
  static void TearDownTestSuite() {
    delete plugin_;
    plugin_ = nullptr;
  }
  void SetUp() override {
    if (!plugin_->get()) GTEST_SKIP() << "skipped: no CUDA device (" << plugin_->error() << ")";
    api_ = plugin_->get();
    if (api_->device_count() == 0)
      GTEST_SKIP() << "skipped: no CUDA device (the driver reports none)";
  }
  // "" when this build runs the card, else the arch table's reason.
  std::string too_old_reason(uint32_t device) const {
    const std::string cc = string_info(device, "compute_capability");  // "8.6"
    const auto dot = cc.find('.');
    if (dot == std::string::npos) return "(no compute_capability)";
    return cuda::unsupported_card_reason(cuda::build_archs(), std::stoi(cc.substr(0, dot)),
                                         std::stoi(cc.substr(dot + 1)));
  }

  static DirectPlugin* plugin_;
};
DirectPlugin* CudaGpuTest::plugin_ = nullptr;

TEST_F(CudaGpuTest, DeviceInfoHasTheSharedAndTheCudaKeys) {
  for (uint32_t d = 0; d < api_->device_count(); ++d) {
    const Info keys = info(d);
    SCOPED_TRACE("device " + std::to_string(d) + " " + string_info(d, "name"));
    for (const char* key :
         {"name", "vendor", "device_type", "driver_version", "api_version", "compute_capability",
          "compute_units", "subgroup_size", "local_mem_bytes", "cache_llc_bytes",
          "global_mem_bytes", "memory_bus_width_bits", "shared_mem_per_sm_bytes",
          "registers_per_sm", "ecc_enabled"})
      EXPECT_TRUE(keys.count(key)) << "missing device info key " << key;
    EXPECT_TRUE(keys.count("max_clock_mhz") || keys.count("max_clock_khz"))
        << "missing max_clock_mhz (or max_clock_khz where the kHz figure is not whole MHz)";
    EXPECT_EQ(keys.at("subgroup_size").int_value, 32) << "a warp is 32 threads";
    EXPECT_GT(keys.at("compute_units").int_value, 0);
    EXPECT_GT(keys.at("global_mem_bytes").int_value, 0);
  }
}

TEST_F(CudaGpuTest, ASupportedCardIsNotCalledTooOld) {
  for (uint32_t d = 0; d < api_->device_count(); ++d) {
    const std::string reason = too_old_reason(d);
    const std::string listed = string_info(d, "unsupported");
    gp_run_params params = default_params(GP_KERNEL_READ, 1 << 20);
    const gp_status status = api_->supports(d, &params);
    const std::string said = status == GP_OK ? "" : api_->last_error();
    if (reason.empty()) {
      EXPECT_EQ(listed, "") << "device " << d << " is supported by this build";
      EXPECT_EQ(status, GP_OK) << said;
      EXPECT_EQ(said.find("this build targets"), std::string::npos) << said;
    } else {
      std::printf("device %u: not supported by this build: %s\n", d, reason.c_str());
      EXPECT_EQ(listed, reason);
      EXPECT_EQ(status, GP_ERR_UNSUPPORTED);
      EXPECT_EQ(said, reason);
    }
  }
}

TEST_F(CudaGpuTest, EveryKernelConformsOnEveryDevice) {
  ASSERT_TRUE(expected_unsupported().errors.empty())
      << "tests/expected_unsupported.txt: " << expected_unsupported().errors.front();
  MeasurePolicy policy;
  policy.samples = 2;
  policy.max_samples = 2;
  policy.warmup = 0;
  policy.min_sample_seconds = 0.001;
  int ran = 0;
  for (uint32_t d = 0; d < api_->device_count(); ++d) {
    if (!too_old_reason(d).empty()) continue;  // ASupportedCardIsNotCalledTooOld covers it
    const std::string name = string_info(d, "name");
    for (const KernelSpec& kernel : kernel_specs())
      for (const KernelParams& params : conformance_points(kernel.id)) {
        const std::string point = point_name(kernel, params);
        SCOPED_TRACE("cuda:" + std::to_string(d) + " (" + name + ") " + point);
        const Measurement m = measure_point(*api_, d, kernel, params, policy);
        const UnsupportedEntry* listed = expected_unsupported().find("cuda", name, point);
        if (m.status == MeasurementStatus::Unsupported) {
          EXPECT_FALSE(m.message.empty()) << "unsupported needs a reason";
          EXPECT_TRUE(listed) << "unsupported (" << m.message
                              << ") and tests/expected_unsupported.txt does not list it";
          continue;
        }
        if (listed) {
          ADD_FAILURE() << "supported, but listed as unsupported at " << listed->where();
        }
        EXPECT_EQ(m.status, MeasurementStatus::Ok) << to_string(m.status) << ": " << m.message;
        if (m.status != MeasurementStatus::Ok) continue;
        if (kernel.id != GP_KERNEL_LAUNCH_LATENCY) {
          EXPECT_TRUE(m.verified) << "not verified";
        }
        EXPECT_GT(m.figure.median, 0.0);
        ++ran;
      }
  }
  std::printf("%d CUDA points ran and verified\n", ran);
}

}  // namespace
}  // namespace gpuprobe::test
