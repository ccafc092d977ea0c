// The suite's DRAM sizing: from the measured chase knee, not from a cache the platform
// invents; reported sizes only where no chase ran, and absurd ones capped.
#include "suite_plan.hpp"

#include <gtest/gtest.h>

#include "chase_curves.hpp"
#include "gpuprobe/analysis.hpp"
#include "gpuprobe/result_io.hpp"
#include "measure.hpp"

using namespace gpuprobe;

namespace {

constexpr uint64_t KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;

using test::chase_curve;

// This VM as the CPU backend sees it: CPUID claims a 508 MiB L3, 24 GiB of memory.
DeviceInfo lying_cpu() {
  DeviceInfo d;
  d.backend = "cpu";
  d.name = "AMD EPYC";
  d.info = {{"device_type", std::string("CPU"), ""},
            {"global_mem_bytes", int64_t(24 * GiB), "bytes"},
            {"cache_l1d_bytes", int64_t(48 * KiB), "bytes"},
            {"cache_l2_bytes", int64_t(1 * MiB), "bytes"},
            {"cache_llc_bytes", int64_t(508 * MiB), "bytes"}};
  return d;
}

KernelResult knee_at_32_mib() {
  return chase_curve({{16 * KiB, 1.4},
                      {256 * KiB, 4.3},
                      {2 * MiB, 21.4},
                      {8 * MiB, 27.0},
                      {32 * MiB, 172.8},
                      {128 * MiB, 250.0}});
}

// Largest size each kernel is planned at.
uint64_t largest(const std::vector<PlannedPoint>& plan, const std::string& kernel) {
  uint64_t size = 0;
  for (const auto& p : plan)
    if (p.kernel->name == kernel) size = std::max(size, p.params.size_bytes);
  return size;
}

}  // namespace

// Which precision each matmul kernel is planned at.
std::vector<std::string> planned_precisions(const DeviceInfo& device, const RunOptions& options,
                                            const std::string& kernel) {
  std::vector<std::string> out;
  for (const auto& p : plan_suite(device, options, 128 * MiB))
    if (p.kernel->name == kernel) out.push_back(p.params.precision);
  return out;
}

using Names = std::vector<std::string>;

TEST(MatmulPlan, QuickIsFp32AndMatmulTensorIsFp16) {
  RunOptions options;
  options.kernels = {"matmul_tiled", "matmul_vendor", "matmul_tensor"};
  const DeviceInfo d = lying_cpu();
  EXPECT_EQ(planned_precisions(d, options, "matmul_tiled"), Names{"fp32"});
  EXPECT_EQ(planned_precisions(d, options, "matmul_vendor"), Names{"fp32"});
  EXPECT_EQ(planned_precisions(d, options, "matmul_tensor"), Names{"fp16"});
}

TEST(MatmulPlan, FullAddsThePrecisionsTheDeviceReportsTensorFormatsOnlyForTheVendorLibrary) {
  RunOptions options;
  options.mode = SuiteMode::Full;
  options.kernels = {"matmul_tiled", "matmul_vendor"};
  options.matmul_shapes = {{256, 256, 256}};
  DeviceInfo gpu = lying_cpu();
  gpu.info.push_back({"fp16", true, ""});
  gpu.info.push_back({"tf32", true, ""});
  gpu.info.push_back({"bf16", true, ""});
  gpu.info.push_back({"int8", false, ""});
  EXPECT_EQ(planned_precisions(gpu, options, "matmul_tiled"), (Names{"fp32", "fp16"}));
  EXPECT_EQ(planned_precisions(gpu, options, "matmul_vendor"),
            (Names{"fp32", "tf32", "fp16", "bf16"}));
}

TEST(MatmulPlan, AskedPrecisionsAreExactlyThoseInLadderOrder) {
  RunOptions options;
  options.kernels = {"matmul_naive", "matmul_tensor"};
  options.matmul_shapes = {{64, 64, 64}};
  options.matmul_precisions = {"int8", "tf32"};
  EXPECT_EQ(planned_precisions(lying_cpu(), options, "matmul_naive"), (Names{"tf32", "int8"}));
  EXPECT_EQ(planned_precisions(lying_cpu(), options, "matmul_tensor"), Names{});
  options.matmul_precisions = {"fp16"};
  EXPECT_EQ(planned_precisions(lying_cpu(), options, "matmul_tensor"), Names{"fp16"});
}

TEST(MatmulPlan, PrecisionNamesBecomeTheAbiValuesAndUnknownNamesAreRefused) {
  const KernelSpec& spec = kernel_spec(GP_KERNEL_MATMUL_VENDOR);
  const MeasurePolicy policy;
  EXPECT_EQ(run_params_for(spec, {.precision = "fp32"}, policy).precision, GP_PRECISION_FP32);
  EXPECT_EQ(run_params_for(spec, {.precision = "fp16"}, policy).precision, GP_PRECISION_FP16);
  EXPECT_EQ(run_params_for(spec, {.precision = "tf32"}, policy).precision, GP_PRECISION_TF32);
  EXPECT_EQ(run_params_for(spec, {.precision = "bf16"}, policy).precision, GP_PRECISION_BF16);
  EXPECT_EQ(run_params_for(spec, {.precision = "int8"}, policy).precision, GP_PRECISION_INT8);
  EXPECT_THROW(run_params_for(spec, {.precision = "fp8"}, policy), std::invalid_argument);
}

TEST(DramPlan, A508MiBL3WithAKneeAt32MiBGetsItsWorkingSetFromTheKnee) {
  const KernelResult chase = knee_at_32_mib();
  const MemoryPlan plan = plan_dram_working_set(lying_cpu(), 508 * MiB, RunOptions{}, &chase);
  EXPECT_EQ(plan.measured_dram_knee_bytes, 32 * MiB);
  EXPECT_EQ(plan.reported_llc_bytes, 508 * MiB);
  EXPECT_TRUE(plan.reported_llc_contradicted);
  EXPECT_EQ(plan.dram_working_set_bytes, 128 * MiB);  // 4 x the knee, not 4 x 508 MiB
  EXPECT_NE(plan.basis.find("reports a 508 MiB last-level cache"), std::string::npos) << plan.basis;
  EXPECT_NE(plan.basis.find("reaches DRAM latency at 32 MiB"), std::string::npos) << plan.basis;

  // Every DRAM point uses that one size.
  const auto points = plan_suite(lying_cpu(), RunOptions{}, plan.dram_working_set_bytes);
  for (const char* kernel : {"read", "write", "copy", "latency_hiding"})
    EXPECT_EQ(largest(points, kernel), 128 * MiB) << kernel;
}

TEST(DramPlan, AnHonestReportAboveTheKneeIsFollowed) {
  DeviceInfo d = lying_cpu();
  d.info.back().value = int64_t(60 * MiB);  // within 2x of the 32 MiB knee
  const KernelResult chase = knee_at_32_mib();
  const MemoryPlan plan = plan_dram_working_set(d, 60 * MiB, RunOptions{}, &chase);
  EXPECT_FALSE(plan.reported_llc_contradicted);
  EXPECT_EQ(plan.dram_working_set_bytes, 256 * MiB);  // next power of two of 4 x 60 MiB
}

TEST(DramPlan, AReportFourTimesTheKneeIsContradicted) {
  // This VM: a noisy chase put the knee at 128 MiB; its 508 MiB L3 is not real (a chase
  // over a quarter of a real cache hits it), so the plan follows the knee, not the report.
  DeviceInfo d = lying_cpu();
  KernelResult chase = knee_at_32_mib();
  for (auto& p : chase.points) p.effective.size_bytes *= 4, p.requested.size_bytes *= 4;
  const MemoryPlan plan = plan_dram_working_set(d, 508 * MiB, RunOptions{}, &chase);
  EXPECT_EQ(plan.measured_dram_knee_bytes, 128 * MiB);
  EXPECT_TRUE(plan.reported_llc_contradicted);
  EXPECT_EQ(plan.dram_working_set_bytes, 512 * MiB);  // 4 x the knee, not 4 x 508 MiB
}

TEST(DramPlan, ASharedMemoryDeviceWithoutCachesIsJudgedAgainstTheHostsReport) {
  DeviceInfo pocl;
  pocl.backend = "opencl";
  pocl.info = {{"host_unified_memory", true, ""},
               {"global_mem_bytes", int64_t(10 * GiB), "bytes"},
               {"global_mem_cache_bytes", int64_t(0), "bytes"}};
  const KernelResult chase = knee_at_32_mib();
  const MemoryPlan plan = plan_dram_working_set(pocl, 508 * MiB, RunOptions{}, &chase);
  EXPECT_EQ(plan.reported_by, "the host");
  EXPECT_TRUE(plan.reported_llc_contradicted);
  EXPECT_EQ(plan.dram_working_set_bytes, 128 * MiB);
}

TEST(DramPlan, WithoutAChaseAnAbsurdReportIsCappedAndSaysSo) {
  const MemoryPlan plan = plan_dram_working_set(lying_cpu(), 508 * MiB, RunOptions{}, nullptr);
  EXPECT_EQ(plan.measured_dram_knee_bytes, 0u);
  EXPECT_FALSE(plan.reported_llc_contradicted);
  EXPECT_EQ(plan.dram_working_set_bytes, 1 * GiB);  // 4 x the 256 MiB bound
  EXPECT_NE(plan.basis.find("above the 256 MiB"), std::string::npos) << plan.basis;
  EXPECT_NE(plan.basis.find("no pointer_chase run"), std::string::npos) << plan.basis;

  // A small device: an eighth of its memory bounds the belief, a quarter the working set.
  DeviceInfo small = lying_cpu();
  small.info[1].value = int64_t(1 * GiB);
  const MemoryPlan capped = plan_dram_working_set(small, 508 * MiB, RunOptions{}, nullptr);
  EXPECT_EQ(capped.dram_working_set_bytes, 256 * MiB);
  EXPECT_NE(capped.basis.find("above the 128 MiB"), std::string::npos) << capped.basis;
}

TEST(DramPlan, NeverBelowTheFloorEvenForATinyKnee) {
  const KernelResult chase = chase_curve(
      {{4 * KiB, 1.0}, {64 * KiB, 10.0}, {1 * MiB, 11.0}, {32 * MiB, 12.0}, {128 * MiB, 12.5}});
  DeviceInfo gpu;
  gpu.backend = "opencl";
  gpu.info = {{"global_mem_bytes", int64_t(8 * GiB), "bytes"}};
  const MemoryPlan plan = plan_dram_working_set(gpu, 508 * MiB, RunOptions{}, &chase);
  EXPECT_EQ(plan.measured_dram_knee_bytes, 64 * KiB);
  EXPECT_EQ(plan.reported_llc_bytes, 0u);  // a discrete device does not see the host's cache
  EXPECT_EQ(plan.dram_working_set_bytes, kDramFloorBytes);
}

TEST(DramPlan, TheChaseRunsFirstOnlyWhenTheSuiteOwnsTheSizes) {
  RunOptions o;
  EXPECT_TRUE(chase_sizes_dram(o));
  o.kernels = {"read", "pointer_chase"};
  EXPECT_TRUE(chase_sizes_dram(o));
  o.kernels = {"read"};
  EXPECT_FALSE(chase_sizes_dram(o));
  o.kernels = {};
  o.sizes_bytes = {64 * MiB};
  EXPECT_FALSE(chase_sizes_dram(o));
}

TEST(DramPlan, QuickChaseStopsOnceTheKneeIsSettledFullRunsToTheEnd) {
  const auto ladder = plan_chase(lying_cpu(), RunOptions{});
  ASSERT_FALSE(ladder.empty());
  EXPECT_EQ(ladder.back().params.size_bytes, 512 * MiB);
  for (size_t i = 1; i < ladder.size(); ++i)
    EXPECT_LT(ladder[i - 1].params.size_bytes, ladder[i].params.size_bytes);

  KernelResult so_far = knee_at_32_mib();
  so_far.points.pop_back();  // up to 32 MiB: nothing past the knee yet
  EXPECT_FALSE(chase_is_settled(so_far, RunOptions{}));
  EXPECT_TRUE(chase_is_settled(knee_at_32_mib(), RunOptions{}));
  RunOptions full;
  full.mode = SuiteMode::Full;
  EXPECT_FALSE(chase_is_settled(knee_at_32_mib(), full));

  // A device that clamped a size: larger ones would only repeat it.
  KernelResult clamped = chase_curve({{16 * KiB, 6.6}, {2 * MiB, 24.8}});
  clamped.points.back().requested.size_bytes = 8 * MiB;
  EXPECT_TRUE(chase_is_settled(clamped, RunOptions{}));
}

TEST(DramPlan, ThePlanAndTheDisagreementSurviveTheResultFile) {
  RunReport report;
  DeviceResult device;
  device.device = lying_cpu();
  const KernelResult chase = knee_at_32_mib();
  device.memory = plan_dram_working_set(lying_cpu(), 508 * MiB, RunOptions{}, &chase);
  report.devices.push_back(device);
  const std::string text = to_json(report);
  EXPECT_NE(text.find("\"reported_llc_contradicted\": true"), std::string::npos);
  const MemoryPlan back = from_json(text).devices.at(0).memory;
  EXPECT_EQ(back.reported_llc_bytes, 508 * MiB);
  EXPECT_EQ(back.measured_dram_knee_bytes, 32 * MiB);
  EXPECT_TRUE(back.reported_llc_contradicted);
  EXPECT_EQ(back.dram_working_set_bytes, 128 * MiB);
  EXPECT_EQ(back.basis, device.memory.basis);
}
