// Conformance: every kernel on every device of every backend present here (CPU, PoCL,
// lavapipe, ...), at small sizes, through the same path the CLI uses. A point passes when
// it ran and its output matched the host reference. A point the backend refuses (a state
// with a reason, never a silent zero) is skipped only when tests/expected_unsupported.txt
// lists it for this device, and fails otherwise; a listed point that runs fails too (the
// list is stale). A backend in GPUPROBE_REQUIRE that is unavailable fails RequiredBackends.
#include <gtest/gtest.h>

#include <memory>

#include "conformance_points.hpp"
#include "expected_unsupported.hpp"
#include "measure.hpp"
#include "plugin_registry.hpp"
#include "required_backends.hpp"
#include "run_all_tests.hpp"

using namespace gpuprobe;
using test::expected_unsupported;

namespace {

PluginRegistry& registry() {
  static PluginRegistry r({GPUPROBE_BIN_DIR});
  return r;
}

class ConformanceTest : public testing::Test {
 public:
  ConformanceTest(const gp_plugin* plugin, DeviceInfo device, const KernelSpec* kernel,
                  KernelParams params)
      : plugin_(plugin), device_(std::move(device)), kernel_(kernel), params_(params) {}
  void TestBody() override {
    ASSERT_TRUE(expected_unsupported().errors.empty())
        << "tests/expected_unsupported.txt: " << expected_unsupported().errors.front();
    const std::string point = test::point_name(*kernel_, params_);
    const test::UnsupportedEntry* listed =
        expected_unsupported().find(device_.backend, device_.name, point);
    MeasurePolicy policy;
    policy.samples = 2;
    policy.max_samples = 2;  // small points prove correctness; adaptive sampling is not under test
    policy.warmup = 0;
    policy.min_sample_seconds = 0.001;
    const Measurement m = measure_point(*plugin_, device_.index, *kernel_, params_, policy);
    if (m.status == MeasurementStatus::Unsupported) {
      EXPECT_FALSE(m.message.empty()) << "unsupported needs a reason";
      if (!listed)
        FAIL() << point << " is unsupported on " << device_.label() << " (" << m.message
               << ") and tests/expected_unsupported.txt does not list it";
      GTEST_SKIP() << "unsupported, as listed at " << listed->where() << ": " << m.message;
    }
    if (listed)
      ADD_FAILURE() << point << " is supported on " << device_.label()
                    << " (it ran: " << to_string(m.status) << "), but is listed as unsupported at "
                    << listed->where() << ": remove the stale entry";
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
  DeviceInfo device_;
  const KernelSpec* kernel_;
  KernelParams params_;
};

}  // namespace

TEST(Conformance, CpuBackendIsAlwaysPresent) {
  bool cpu = false;
  for (const auto& b : registry().backends()) cpu |= b.name == "cpu" && b.available;
  EXPECT_TRUE(cpu);
}

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  test::register_required_backend_tests(registry(), "RequiredBackends");
  for (const auto& backend : registry().backends()) {
    if (!backend.available) {
      std::printf("conformance: backend %s unavailable here: %s\n", backend.name.c_str(),
                  backend.reason.c_str());
      continue;
    }
    const gp_plugin* plugin = registry().plugin(backend.name);
    for (const auto& device : backend.devices)
      for (const auto& kernel : kernel_specs())
        for (const auto& params : test::conformance_points(kernel.id)) {
          std::string suite = "Conformance_";
          suite.append(backend.name).append("_").append(std::to_string(device.index));
          testing::RegisterTest(suite.c_str(), test::point_name(kernel, params).c_str(), nullptr,
                                nullptr, __FILE__, __LINE__, [=]() -> testing::Test* {
                                  return new ConformanceTest(plugin, device, &kernel, params);
                                });
        }
  }
  return test::run_all_tests_requiring_a_pass();
}
