// Proof by mutation: every kernel on every device of every backend present, run once under
// each fault of the test-only switch (GPUPROBE_FAULT, backends/kit/fault.hpp), must FAIL
// verification. A check that a broken kernel also passes is worse than none: this is what
// shows that a figure gpuprobe prints came from work the device really did.
// A point the backend refuses is skipped only when tests/expected_unsupported.txt lists it
// for the device (staleness is conformance's and expected_unsupported_test's to catch).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "conformance_points.hpp"
#include "expected_unsupported.hpp"
#include "kit/fault.hpp"
#include "measure.hpp"
#include "plugin_registry.hpp"
#include "required_backends.hpp"
#include "run_all_tests.hpp"

using namespace gpuprobe;
using kit::Fault;

namespace {

PluginRegistry& registry() {
  static PluginRegistry r({GPUPROBE_BIN_DIR});
  return r;
}

// Small points: every fault must show at the smallest size too. Transfers run both kinds:
// pageable and pinned go through different paths (staging copies, DMA) in every backend.
std::vector<KernelParams> small_points(gp_kernel_id id) {
  constexpr uint64_t KiB = 1024;
  switch (id) {
    case GP_KERNEL_READ:
    case GP_KERNEL_WRITE:
    case GP_KERNEL_COPY:
      return {{.size_bytes = 256 * KiB, .vector_width = 4}};
    case GP_KERNEL_POINTER_CHASE:
      return {{.size_bytes = 64 * KiB}};
    case GP_KERNEL_TRANSFER_H2D:
    case GP_KERNEL_TRANSFER_D2H:
      return {{.size_bytes = 256 * KiB, .pinned = false},
              {.size_bytes = 256 * KiB, .pinned = true}};
    case GP_KERNEL_LATENCY_HIDING:
      return {{.size_bytes = 256 * KiB, .work_items = 64}};
    case GP_KERNEL_MATMUL_NAIVE:
    case GP_KERNEL_MATMUL_TILED:
    case GP_KERNEL_MATMUL_VENDOR:
      return {{.m = 128, .n = 96, .k = 64, .precision = "fp32"}};
    case GP_KERNEL_MATMUL_TENSOR:
      return {{.m = 128, .n = 96, .k = 64, .precision = "fp16"}};
    default:
      return {{}};
  }
}

// Faults that cannot apply to a kernel, with the reason. Everything else must be caught.
const char* not_applicable(gp_kernel_id id, Fault fault) {
  if (fault == Fault::kSkipIteration &&
      (id == GP_KERNEL_LAUNCH_LATENCY || id == GP_KERNEL_LAUNCH_GAP))
    return "an empty kernel has no loop to skip an iteration of";
  return nullptr;
}

class ScopedFault {
 public:
  explicit ScopedFault(Fault fault) {
    setenv("GPUPROBE_FAULT", kit::fault_env_value(fault).c_str(), 1);
  }
  ~ScopedFault() { unsetenv("GPUPROBE_FAULT"); }
};

class MutationTest : public testing::Test {
 public:
  MutationTest(const gp_plugin* plugin, DeviceInfo device, const KernelSpec* kernel,
               KernelParams params, Fault fault)
      : plugin_(plugin),
        device_(std::move(device)),
        kernel_(kernel),
        params_(std::move(params)),
        fault_(fault) {}
  void TestBody() override {
    MeasurePolicy policy;
    policy.samples = 2;
    policy.warmup = 1;
    policy.min_sample_seconds = 0.001;
    const KernelParams& params = params_;
    {
      // The unbroken kernel first: the same point must pass, so a failure below is the
      // fault's doing and not a point that never works.
      const Measurement clean = measure_point(*plugin_, device_.index, *kernel_, params, policy);
      if (clean.status == MeasurementStatus::Unsupported) {
        const test::ExpectedUnsupported& expected = test::expected_unsupported();
        ASSERT_TRUE(expected.errors.empty())
            << "tests/expected_unsupported.txt: " << expected.errors.front();
        const std::string point = test::point_name(*kernel_, params);
        const test::UnsupportedEntry* listed = expected.find(device_.backend, device_.name, point);
        if (!listed)
          FAIL() << point << " is unsupported on " << device_.label() << " (" << clean.message
                 << ") and tests/expected_unsupported.txt does not list it";
        GTEST_SKIP() << "unsupported, as listed at " << listed->where() << ": " << clean.message;
      }
      ASSERT_EQ(clean.status, MeasurementStatus::Ok)
          << to_string(clean.status) << ": " << clean.message;
    }
    ScopedFault scoped(fault_);
    const Measurement m = measure_point(*plugin_, device_.index, *kernel_, params, policy);
    EXPECT_EQ(m.status, MeasurementStatus::VerificationFailed)
        << "verification passed a kernel broken by " << kit::fault_name(fault_) << " ("
        << to_string(m.status) << "): " << m.message;
    EXPECT_NE(m.message.find("FAULT INJECTED"), std::string::npos)
        << "a run under a fault must say so: " << m.message;
  }

 private:
  const gp_plugin* plugin_;
  DeviceInfo device_;
  const KernelSpec* kernel_;
  KernelParams params_;
  Fault fault_;
};

}  // namespace

TEST(Mutation, UnknownFaultNameIsAnError) {
  const gp_plugin* cpu = registry().plugin("cpu");
  ASSERT_NE(cpu, nullptr);
  setenv("GPUPROBE_FAULT", "skip_everything", 1);
  MeasurePolicy policy;
  policy.samples = 2;
  policy.min_sample_seconds = 0.001;
  const Measurement m = measure_point(*cpu, 0, kernel_spec(GP_KERNEL_READ),
                                      {.size_bytes = 65536, .vector_width = 1}, policy);
  unsetenv("GPUPROBE_FAULT");
  EXPECT_EQ(m.status, MeasurementStatus::Error);
  EXPECT_NE(m.message.find("skip_iteration"), std::string::npos) << m.message;
}

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  unsetenv("GPUPROBE_FAULT");
  test::register_required_backend_tests(registry(), "RequiredBackendsMutation");
  for (const auto& backend : registry().backends()) {
    if (!backend.available) continue;  // RequiredBackendsMutation fails for a required one
    const gp_plugin* plugin = registry().plugin(backend.name);
    for (const auto& device : backend.devices)
      for (const auto& kernel : kernel_specs())
        for (const KernelParams& params : small_points(kernel.id))
          for (Fault fault : kit::kAllFaults) {
            if (not_applicable(kernel.id, fault)) continue;
            std::string suite = "Mutation_";
            suite.append(backend.name).append("_").append(std::to_string(device.index));
            std::string name = kernel.name;
            if (params.pinned) name.append("_pinned");
            name.append("_").append(kit::fault_name(fault));
            testing::RegisterTest(suite.c_str(), name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                                  [=]() -> testing::Test* {
                                    return new MutationTest(plugin, device, &kernel, params, fault);
                                  });
          }
  }
  return test::run_all_tests_requiring_a_pass();
}
