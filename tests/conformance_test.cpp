// Conformance: every kernel on every device of every backend present here (CPU, PoCL,
// lavapipe, ...), at small sizes, through the same path the CLI uses. A point passes when
// it ran and its output matched the host reference, or when the backend says clearly that
// it cannot run it (a state with a reason, never a silent zero).
#include <gtest/gtest.h>

#include <memory>

#include "measure.hpp"
#include "plugin_registry.hpp"

using namespace gpuprobe;

namespace {

PluginRegistry& registry() {
  static PluginRegistry r({GPUPROBE_BIN_DIR});
  return r;
}

std::vector<KernelParams> small_points(gp_kernel_id id) {
  constexpr uint64_t MiB = 1 << 20;
  switch (id) {
    case GP_KERNEL_READ:
    case GP_KERNEL_WRITE:
    case GP_KERNEL_COPY: {
      std::vector<KernelParams> v;
      for (uint32_t w : {1u, 2u, 4u, 8u, 16u})
        v.push_back({.size_bytes = 3 * MiB, .vector_width = w});
      return v;
    }
    case GP_KERNEL_POINTER_CHASE:
      return {{.size_bytes = 64 * 1024}, {.size_bytes = 4 * MiB}};
    case GP_KERNEL_TRANSFER_H2D:
    case GP_KERNEL_TRANSFER_D2H:
      return {{.size_bytes = MiB, .pinned = false}, {.size_bytes = MiB, .pinned = true}};
    case GP_KERNEL_LATENCY_HIDING:
      return {{.size_bytes = 2 * MiB, .work_items = 1},
              {.size_bytes = 2 * MiB, .work_items = 1000}};
    case GP_KERNEL_MATMUL_NAIVE:
    case GP_KERNEL_MATMUL_TILED:
    case GP_KERNEL_MATMUL_VENDOR:
      return {{.m = 256, .n = 192, .k = 128, .precision = "fp32"},
              {.m = 256, .n = 192, .k = 128, .precision = "fp16"}};
    default:
      return {{}};
  }
}

class ConformanceTest : public testing::Test {
 public:
  ConformanceTest(const gp_plugin* plugin, uint32_t device, const KernelSpec* kernel,
                  KernelParams params)
      : plugin_(plugin), device_(device), kernel_(kernel), params_(params) {}
  void TestBody() override {
    MeasurePolicy policy;
    policy.samples = 2;
    policy.warmup = 0;
    policy.min_sample_seconds = 0.001;
    const Measurement m = measure_point(*plugin_, device_, *kernel_, params_, policy);
    if (m.status == MeasurementStatus::Unsupported) {
      EXPECT_FALSE(m.message.empty()) << "unsupported needs a reason";
      GTEST_SKIP() << "unsupported: " << m.message;
    }
    ASSERT_EQ(m.status, MeasurementStatus::Ok) << to_string(m.status) << ": " << m.message;
    if (kernel_->id != GP_KERNEL_LAUNCH_LATENCY) {
      EXPECT_TRUE(m.verified) << "output must be checked against the host reference";
    }
    EXPECT_EQ(m.sample_seconds.size(), 2u);
    EXPECT_GT(m.figure.median, 0.0);
    EXPECT_GT(m.work_per_iteration, 0.0);
  }

 private:
  const gp_plugin* plugin_;
  uint32_t device_;
  const KernelSpec* kernel_;
  KernelParams params_;
};

std::string test_name(const KernelSpec& k, const KernelParams& p) {
  // Built with append(): GCC 12 warns falsely (-Wrestrict) on chained operator+ here.
  std::string name = k.name;
  if (p.size_bytes) name.append("_").append(std::to_string(p.size_bytes / 1024)).append("KiB");
  if (p.vector_width > 1) name.append("_w").append(std::to_string(p.vector_width));
  if (p.work_items) name.append("_items").append(std::to_string(p.work_items));
  if (p.pinned) name.append("_pinned");
  if (p.m) name.append("_").append(p.precision);
  return name;
}

}  // namespace

TEST(Conformance, CpuBackendIsAlwaysPresent) {
  bool cpu = false;
  for (const auto& b : registry().backends()) cpu |= b.name == "cpu" && b.available;
  EXPECT_TRUE(cpu);
}

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  for (const auto& backend : registry().backends()) {
    if (!backend.available) {
      std::printf("conformance: backend %s unavailable here: %s\n", backend.name.c_str(),
                  backend.reason.c_str());
      continue;
    }
    const gp_plugin* plugin = registry().plugin(backend.name);
    for (const auto& device : backend.devices)
      for (const auto& kernel : kernel_specs())
        for (const auto& params : small_points(kernel.id)) {
          std::string suite = "Conformance_";
          suite.append(backend.name).append("_").append(std::to_string(device.index));
          testing::RegisterTest(suite.c_str(), test_name(kernel, params).c_str(), nullptr, nullptr,
                                __FILE__, __LINE__, [=]() -> testing::Test* {
                                  return new ConformanceTest(plugin, device.index, &kernel, params);
                                });
        }
  }
  return RUN_ALL_TESTS();
}
