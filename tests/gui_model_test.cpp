// The GUI's data logic without a window: columns, tables, curves, knees, ladders, the
// capability table and the "why CUDA wins" figures, from hand-made RunReports.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include "gpuprobe/kernels.hpp"
#include "gpuprobe/result_io.hpp"
#include "model/axis.hpp"
#include "model/capability_table.hpp"
#include "model/family_bars.hpp"
#include "model/file_loader.hpp"
#include "model/latency_curve.hpp"
#include "model/latency_hiding.hpp"
#include "model/matmul_ladder.hpp"
#include "model/results_table.hpp"
#include "model/run_frame_pacer.hpp"
#include "model/run_progress.hpp"
#include "model/spec_rows.hpp"
#include "model/text.hpp"
#include "model/why_cuda.hpp"
#include "model/window_device.hpp"
#include "model/window_size.hpp"
#include "model/workspace.hpp"
#include "why_cuda_fixture.hpp"

namespace gpuprobe::gui {
namespace {

constexpr uint64_t KiB = 1024, MiB = 1024 * KiB;

// ---- builders for hand-made reports -------------------------------------------------

Measurement ok(double median, KernelParams p = {}) {
  Measurement m;
  m.requested = m.effective = p;
  m.status = MeasurementStatus::Ok;
  m.figure.median = m.figure.min = m.figure.max = m.figure.mean = m.figure.p90 = median;
  m.figure.count = 5;
  m.figure.cv = 0.01;
  m.iterations = 10;
  m.timer = "device";
  m.verified = true;
  m.sample_seconds.assign(5, 0.02);
  return m;
}

Measurement not_ok(MeasurementStatus status, const std::string& reason, KernelParams p = {}) {
  Measurement m;
  m.requested = m.effective = p;
  m.status = status;
  m.message = reason;
  return m;
}

KernelParams sized(uint64_t bytes, uint32_t width = 4) {
  return {.size_bytes = bytes, .vector_width = width};
}
KernelParams items(uint64_t n) {
  return {.size_bytes = 256 * MiB, .vector_width = 1, .work_items = n};
}
KernelParams shape(uint64_t n, const std::string& precision = "fp32") {
  return {.m = n, .n = n, .k = n, .precision = precision};
}

InfoValue info(const std::string& key, std::variant<int64_t, bool, double, std::string> v,
               std::string unit = "") {
  return {key, std::move(v), std::move(unit)};
}

DeviceResult device(const std::string& backend, const std::string& api, uint32_t index,
                    const std::string& name, std::vector<InfoValue> extra = {}) {
  DeviceResult d;
  d.device.backend = backend;
  d.device.api = api;
  d.device.index = index;
  d.device.name = name;
  d.device.info.push_back(info("name", name));
  for (auto& v : extra) d.device.info.push_back(std::move(v));
  return d;
}

void add(DeviceResult& d, const std::string& kernel, Measurement m) {
  for (auto& k : d.kernels)
    if (k.kernel == kernel) {
      k.points.push_back(std::move(m));
      return;
    }
  const KernelSpec* spec = find_kernel(kernel);
  ASSERT_NE(spec, nullptr) << kernel;
  d.kernels.push_back({kernel, spec->family, spec->unit, {std::move(m)}});
}

RunReport report(std::vector<DeviceResult> devices, const std::string& source = "") {
  RunReport r;
  r.tool_version = "test";
  r.mode = "quick";
  r.devices = std::move(devices);
  r.source = source;
  return r;
}

// ---- results table ------------------------------------------------------------------

TEST(GuiResultsTable, OneColumnPerDeviceAcrossLiveRunAndFiles) {
  auto a = device("cpu", "CPU", 0, "Xeon");
  auto b = device("opencl", "OpenCL", 0, "pthread-Xeon");
  auto c = device("cuda", "CUDA", 0, "RTX 3090");
  add(a, "read", ok(10, sized(512 * MiB)));
  add(b, "read", ok(12, sized(512 * MiB)));
  add(c, "read", ok(800, sized(512 * MiB)));
  const RunReport live = report({a, b});
  const RunReport file = report({c}, "/far/away/rtx.json");
  const ResultsTable t = build_results_table({&live, &file});
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.columns[0].label, "CPU cpu:0 Xeon");
  EXPECT_EQ(t.columns[2].label, "CUDA cuda:0 RTX 3090 [rtx.json]");
  EXPECT_EQ(t.columns[2].source, "/far/away/rtx.json");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].params, "512 MiB w4");
  EXPECT_EQ(t.rows[0].unit, "GB/s");
  ASSERT_TRUE(t.rows[0].best_column.has_value());
  EXPECT_EQ(*t.rows[0].best_column, 2u);
}

TEST(GuiResultsTable, RowsFollowKernelsDefOrderAndLatencyBestIsLowest) {
  auto a = device("cpu", "CPU", 0, "Xeon");
  auto b = device("opencl", "OpenCL", 0, "pthread-Xeon");
  add(a, "pointer_chase", ok(90, sized(512 * MiB, 1)));
  add(a, "read", ok(10, sized(1 * MiB)));
  add(b, "pointer_chase", ok(120, sized(512 * MiB, 1)));
  add(b, "copy", ok(5, sized(1 * MiB)));
  const RunReport live = report({a, b});
  const ResultsTable t = build_results_table({&live});
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0].kernel, "read");
  EXPECT_EQ(t.rows[1].kernel, "copy");
  EXPECT_EQ(t.rows[2].kernel, "pointer_chase");
  EXPECT_TRUE(t.rows[2].lower_is_better);
  EXPECT_EQ(t.rows[2].best_column, 0u);
  // A row with a single measured cell has no "best".
  EXPECT_FALSE(t.rows[0].best_column.has_value());
  EXPECT_EQ(t.rows[0].cells[1], nullptr);
}

TEST(GuiResultsTable, UnsupportedCellIsKeptButNeverBest) {
  auto a = device("cpu", "CPU", 0, "Xeon");
  auto b = device("opencl", "OpenCL", 0, "pthread-Xeon");
  auto c = device("vulkan", "Vulkan", 0, "llvmpipe");
  add(a, "compute_fp16", ok(100));
  add(b, "compute_fp16", not_ok(MeasurementStatus::Unsupported, "no fp16 on this device"));
  add(c, "compute_fp16", ok(50));
  const RunReport live = report({a, b, c});
  const ResultsTable t = build_results_table({&live});
  ASSERT_EQ(t.rows.size(), 1u);
  ASSERT_NE(t.rows[0].cells[1], nullptr);
  EXPECT_EQ(t.rows[0].cells[1]->status, MeasurementStatus::Unsupported);
  EXPECT_EQ(t.rows[0].best_column, 0u);
}

// ---- family bars --------------------------------------------------------------------

TEST(GuiFamilyBars, BarIsTheBestFigureAtTheLargestWorkingSet) {
  auto a = device("cpu", "CPU", 0, "Xeon");
  add(a, "read", ok(300, sized(1 * MiB)));  // cache-resident: must not become the bar
  add(a, "read", ok(20, sized(512 * MiB, 1)));
  add(a, "read", ok(25, sized(512 * MiB, 4)));
  add(a, "read", not_ok(MeasurementStatus::Error, "boom", sized(512 * MiB, 16)));
  const RunReport live = report({a});
  const auto charts = family_charts(build_columns({&live}), {});
  ASSERT_EQ(charts.size(), 1u);
  EXPECT_EQ(charts[0].family, "bandwidth");
  ASSERT_EQ(charts[0].groups.size(), 1u);
  ASSERT_TRUE(charts[0].groups[0].bars[0].has_value());
  EXPECT_DOUBLE_EQ(charts[0].groups[0].bars[0]->value, 25);
  EXPECT_EQ(charts[0].groups[0].bars[0]->params, "512 MiB w4");
}

TEST(GuiFamilyBars, TransfersSplitPinnedFromPageableAndUnitsSplitCharts) {
  auto a = device("opencl", "OpenCL", 0, "pthread-Xeon");
  KernelParams pageable = sized(64 * MiB, 1), pinned = sized(64 * MiB, 1);
  pinned.pinned = true;
  add(a, "transfer_h2d", ok(5, pageable));
  add(a, "transfer_h2d", ok(9, pinned));
  add(a, "compute_fp32", ok(1000));
  add(a, "compute_int32", ok(400));
  add(a, "pointer_chase", ok(90, sized(512 * MiB, 1)));
  const RunReport live = report({a});
  const auto charts = family_charts(build_columns({&live}), {"latency"});
  ASSERT_EQ(charts.size(), 3u);  // transfer; compute GFLOPS; compute GIOPS (latency skipped)
  EXPECT_EQ(charts[0].family, "transfer");
  ASSERT_EQ(charts[0].groups.size(), 2u);
  EXPECT_EQ(charts[0].groups[0].label, "transfer_h2d pageable");
  EXPECT_EQ(charts[0].groups[1].label, "transfer_h2d pinned");
  EXPECT_DOUBLE_EQ(charts[0].groups[1].bars[0]->value, 9);
  EXPECT_EQ(charts[1].unit, "GFLOPS");
  EXPECT_EQ(charts[2].unit, "GIOPS");
}

// ---- memory-latency curve and knees -------------------------------------------------

DeviceResult chase_device(std::initializer_list<std::pair<uint64_t, double>> size_ns,
                          int64_t llc_bytes) {
  auto d =
      device("opencl", "OpenCL", 0, "pthread-Xeon", {info("cache_llc_bytes", llc_bytes, "bytes")});
  for (auto [size, ns] : size_ns) add(d, "pointer_chase", ok(ns, sized(size, 1)));
  return d;
}

TEST(GuiLatencyCurve, KneesMarkEachCacheLevelAndDramIsBeyondTheLlc) {
  const RunReport live = report({chase_device({{16 * KiB, 1.2},
                                               {32 * KiB, 1.3},
                                               {64 * KiB, 4.0},
                                               {256 * KiB, 4.2},
                                               {1 * MiB, 4.5},
                                               {4 * MiB, 15},
                                               {16 * MiB, 16},
                                               {64 * MiB, 90},
                                               {256 * MiB, 100}},
                                              32 * MiB)});
  const auto curves = latency_curves(build_columns({&live}));
  ASSERT_EQ(curves.size(), 1u);
  const auto& levels = curves[0].levels;
  ASSERT_EQ(levels.size(), 4u);
  EXPECT_EQ(levels[0].name, "L1");
  EXPECT_EQ(levels[2].name, "LLC");  // only the LLC's size is known: the core names it so
  EXPECT_EQ(levels[3].name, "DRAM");
  const auto& knees = curves[0].knees;
  ASSERT_EQ(knees.size(), 3u);
  EXPECT_EQ(knees[0].level, "L1");
  EXPECT_DOUBLE_EQ(knees[0].last_fit_bytes, 32 * KiB);
  EXPECT_DOUBLE_EQ(knees[0].first_miss_bytes, 64 * KiB);
  EXPECT_DOUBLE_EQ(knees[1].last_fit_bytes, 1 * MiB);
  EXPECT_DOUBLE_EQ(knees[2].last_fit_bytes, 16 * MiB);
  EXPECT_DOUBLE_EQ(knees[2].first_miss_bytes, 64 * MiB);
  EXPECT_GT(knees[2].ratio, 5.0);
}

TEST(GuiLatencyCurve, ACacheReportTheChaseContradictsIsNotedAndDoesNotNameLevels) {
  // A platform claiming a 508 MiB LLC whose chase reaches DRAM latency at 32 MiB.
  const RunReport live = report({chase_device(
      {{16 * KiB, 1.4}, {256 * KiB, 4.3}, {2 * MiB, 21.4}, {32 * MiB, 172.8}, {128 * MiB, 250.0}},
      508 * MiB)});
  const auto curves = latency_curves(build_columns({&live}));
  ASSERT_EQ(curves.size(), 1u);
  EXPECT_TRUE(curves[0].memory.contradicted);
  EXPECT_NE(curves[0].memory.text.find("508 MiB"), std::string::npos) << curves[0].memory.text;
  EXPECT_NE(curves[0].memory.text.find("DRAM latency at 32 MiB"), std::string::npos);
  ASSERT_FALSE(curves[0].levels.empty());
  EXPECT_EQ(curves[0].levels.back().name, "DRAM");
  EXPECT_EQ(curves[0].levels.back().min_size_bytes, 32 * MiB);
  EXPECT_EQ(curves[0].levels[curves[0].levels.size() - 2].name, "L3");  // not "LLC"

  // An honest 32 MiB report with the same curve has nothing to note.
  const RunReport honest = report({chase_device(
      {{16 * KiB, 1.4}, {256 * KiB, 4.3}, {2 * MiB, 21.4}, {32 * MiB, 172.8}, {128 * MiB, 250.0}},
      32 * MiB)});
  const auto fine = latency_curves(build_columns({&honest}));
  ASSERT_EQ(fine.size(), 1u);
  EXPECT_FALSE(fine[0].memory.contradicted);
  EXPECT_TRUE(fine[0].memory.text.empty());
}

TEST(GuiLatencyCurve, ARecordedMemoryPlanIsShownAsTheRunDecidedIt) {
  DeviceResult d = chase_device({{16 * KiB, 1.0}, {1 * MiB, 5.0}}, 0);
  d.memory.dram_working_set_bytes = 128 * MiB;
  d.memory.reported_llc_contradicted = true;
  d.memory.basis = "128 MiB: the host reports a 508 MiB last-level cache; ...";
  const MemoryNote note = memory_note(d);
  EXPECT_TRUE(note.contradicted);
  EXPECT_EQ(note.text, "DRAM working set " + d.memory.basis);
}

TEST(GuiLatencyCurve, GradualRiseStillMakesAKnee) {
  // No step is 1.6x its neighbour, but the level ends: 1.0 -> 1.9 over three sizes.
  const RunReport live =
      report({chase_device({{1 * KiB, 1.0}, {2 * KiB, 1.3}, {4 * KiB, 1.6}, {8 * KiB, 1.9}}, 0)});
  const auto curves = latency_curves(build_columns({&live}));
  ASSERT_EQ(curves.size(), 1u);
  ASSERT_EQ(curves[0].knees.size(), 1u);
  EXPECT_DOUBLE_EQ(curves[0].knees[0].last_fit_bytes, 4 * KiB);
}

TEST(GuiLatencyCurve, NoisyFlatCurveHasNoKnee) {
  const RunReport live = report({chase_device(
      {{1 * KiB, 1.0}, {2 * KiB, 1.3}, {4 * KiB, 0.9}, {8 * KiB, 1.2}, {16 * KiB, 1.1}}, 0)});
  const auto curves = latency_curves(build_columns({&live}));
  ASSERT_EQ(curves.size(), 1u);
  EXPECT_TRUE(curves[0].knees.empty());
  ASSERT_EQ(curves[0].levels.size(), 1u);
}

TEST(GuiLatencyCurve, CurvesSortBySizeSkipFailedPointsAndCarryCacheMarkers) {
  auto a = device(
      "opencl", "OpenCL", 0, "pthread-Xeon",
      {info("cache_llc_bytes", int64_t{105 * MiB}, "bytes"), info("cache_line", int64_t{64})});
  add(a, "pointer_chase", ok(100, sized(512 * MiB, 1)));
  add(a, "pointer_chase", ok(1.2, sized(16 * KiB, 1)));
  add(a, "pointer_chase",
      not_ok(MeasurementStatus::VerificationFailed, "wrong node", sized(2 * MiB, 1)));
  add(a, "pointer_chase", ok(30, sized(32 * MiB, 1)));
  auto b = device("cpu", "CPU", 0, "Xeon");
  add(b, "pointer_chase", ok(1.0, sized(16 * KiB, 1)));  // one point is no curve
  const RunReport live = report({a, b});
  const auto curves = latency_curves(build_columns({&live}));
  ASSERT_EQ(curves.size(), 1u);
  ASSERT_EQ(curves[0].points.size(), 3u);
  EXPECT_DOUBLE_EQ(curves[0].points[0].x, 16 * KiB);
  EXPECT_DOUBLE_EQ(curves[0].points[2].y, 100);
  EXPECT_EQ(curves[0].knees.size(), 2u);
  EXPECT_EQ(curves[0].levels.back().name, "DRAM");
  ASSERT_EQ(curves[0].markers.size(), 1u);
  EXPECT_EQ(curves[0].markers[0].key, "cache_llc_bytes");
}

// ---- latency hiding -----------------------------------------------------------------

TEST(GuiLatencyHiding, SaturationIsTheFewestItemsNearThePeak) {
  auto gpu = device("cuda", "CUDA", 0, "RTX 3090");
  const double bw[] = {0.5, 2, 8, 30, 120, 400, 700, 850, 880, 870};
  for (int i = 0; i < 10; ++i) add(gpu, "latency_hiding", ok(bw[i], items(uint64_t{1} << (2 * i))));
  auto cpu = device("cpu", "CPU", 0, "Xeon");
  add(cpu, "latency_hiding", ok(5, items(1)));
  add(cpu, "latency_hiding", ok(19, items(4)));
  add(cpu, "latency_hiding", ok(20, items(16)));
  const RunReport live = report({gpu, cpu});
  const auto curves = latency_hiding_curves(build_columns({&live}));
  ASSERT_EQ(curves.size(), 2u);
  EXPECT_DOUBLE_EQ(curves[0].peak, 880);
  ASSERT_TRUE(curves[0].saturation_items.has_value());
  EXPECT_DOUBLE_EQ(*curves[0].saturation_items, double(uint64_t{1} << 14));  // 850 >= 0.9 * 880
  EXPECT_DOUBLE_EQ(*curves[1].saturation_items, 4);
}

TEST(GuiLatencyHiding, CurveFollowsTheWorkItemsAskedForWhenADeviceCapsThem) {
  auto cpu = device("cpu", "CPU", 0, "Xeon");
  for (uint64_t n : {1, 4, 16}) {
    Measurement m = ok(double(n), items(n));
    m.effective.work_items = std::min<uint64_t>(n, 2);  // two threads
    add(cpu, "latency_hiding", m);
  }
  const RunReport live = report({cpu});
  const auto curves = latency_hiding_curves(build_columns({&live}));
  ASSERT_EQ(curves.size(), 1u);
  ASSERT_EQ(curves[0].points.size(), 3u);
  EXPECT_DOUBLE_EQ(curves[0].points[2].x, 16);
  EXPECT_NE(measurement_detail(*curves[0].points[2].point, "GB/s")
                .find("work-items launched: 2 (asked 16)"),
            std::string::npos);
}

// ---- matmul ladder ------------------------------------------------------------------

TEST(GuiMatmulLadder, ClimbsFromNaiveToTensorCores) {
  auto gpu = device("cuda", "CUDA", 0, "RTX 3090", {info("tensor_cores", true)});
  add(gpu, "matmul_naive", ok(100, shape(1024)));
  add(gpu, "matmul_tiled", ok(400, shape(1024)));
  add(gpu, "matmul_vendor", ok(1000, shape(1024)));
  add(gpu, "matmul_vendor", ok(8000, shape(1024, "fp16")));
  const RunReport live = report({gpu});
  const auto ladders = matmul_ladders(build_columns({&live}));
  ASSERT_EQ(ladders.size(), 1u);
  const auto& s = ladders[0].steps;
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].label, "matmul_naive fp32");
  EXPECT_DOUBLE_EQ(*s[1].speedup, 4);
  EXPECT_DOUBLE_EQ(*s[2].speedup, 10);
  EXPECT_EQ(s[3].label, "matmul_vendor fp16 (tensor cores)");
  EXPECT_TRUE(s[3].tensor_cores);
  EXPECT_DOUBLE_EQ(*s[3].speedup, 80);
  EXPECT_EQ(ladders[0].tensor_core_evidence, "device info tensor_cores = yes");
  EXPECT_EQ(ladders[0].shape, "1024x1024x1024");
}

// Precisions in ladder order whatever order the points came in (int8 measured first here),
// and the hand-written tensor-core kernel next to the vendor library's fp16.
TEST(GuiMatmulLadder, NewPrecisionsFollowTheLadderOrderAndMatmulTensorIsOnTensorCores) {
  auto gpu = device("cuda", "CUDA", 0, "H100", {info("tensor_cores", true)});
  add(gpu, "matmul_vendor", ok(1500, shape(1024, "int8")));
  add(gpu, "matmul_vendor", ok(600, shape(1024, "bf16")));
  add(gpu, "matmul_vendor", ok(100, shape(1024)));
  add(gpu, "matmul_vendor", ok(300, shape(1024, "tf32")));
  add(gpu, "matmul_vendor", ok(600, shape(1024, "fp16")));
  add(gpu, "matmul_tensor", ok(400, shape(1024, "fp16")));
  const RunReport live = report({gpu});
  const auto ladders = matmul_ladders(build_columns({&live}));
  ASSERT_EQ(ladders.size(), 1u);
  std::vector<std::string> labels;
  for (const auto& s : ladders[0].steps) labels.push_back(s.label);
  EXPECT_EQ(labels, (std::vector<std::string>{
                        "matmul_vendor fp32", "matmul_vendor tf32 (tensor cores)",
                        "matmul_vendor fp16 (tensor cores)", "matmul_tensor fp16 (tensor cores)",
                        "matmul_vendor bf16 (tensor cores)", "matmul_vendor int8 (tensor cores)"}));
  EXPECT_DOUBLE_EQ(*ladders[0].steps[3].speedup, 4);
}

// A --full run: naive only at 512 and 1024, tiled and vendor from 1024 up to 8192x1024x4096,
// where they are faster. Every rung is read at 1024, the largest shape all of them share.
TEST(GuiMatmulLadder, RungsAreComparedAtTheLargestShapeTheyAllShare) {
  auto gpu = device("cuda", "CUDA", 0, "RTX 3090", {info("tensor_cores", true)});
  add(gpu, "matmul_naive", ok(90, shape(512)));
  add(gpu, "matmul_naive", ok(100, shape(1024)));
  const std::vector<std::pair<uint64_t, double>> tiled = {{1024, 400}, {2048, 600}, {4096, 700}};
  for (const auto& [n, gflops] : tiled) {
    add(gpu, "matmul_tiled", ok(gflops, shape(n)));
    add(gpu, "matmul_vendor", ok(gflops * 5, shape(n)));
    add(gpu, "matmul_vendor", ok(gflops * 40, shape(n, "fp16")));
  }
  add(gpu, "matmul_vendor", ok(9000, {.m = 8192, .n = 1024, .k = 4096}));
  const RunReport live = report({gpu});
  const auto ladders = matmul_ladders(build_columns({&live}));
  ASSERT_EQ(ladders.size(), 1u);
  const auto& l = ladders[0];
  EXPECT_EQ(l.shape, "1024x1024x1024");
  EXPECT_EQ(l.basis, "at 1024x1024x1024, the largest shape every rung measured");
  ASSERT_EQ(l.steps.size(), 4u);
  EXPECT_DOUBLE_EQ(*l.steps[0].gflops, 100);
  EXPECT_DOUBLE_EQ(*l.steps[1].gflops, 400);   // not 700 at 4096
  EXPECT_DOUBLE_EQ(*l.steps[2].gflops, 2000);  // not 9000 at 8192x1024x4096
  EXPECT_DOUBLE_EQ(*l.steps[2].speedup, 20);
  EXPECT_DOUBLE_EQ(*l.steps[3].speedup, 160);
  EXPECT_EQ(l.steps[2].params, "1024x1024x1024 fp32");
}

// fp16 measured only where naive never ran: the fp32 rungs still share 1024, and the fp16
// rung says it has no figure there rather than showing one from another shape.
TEST(GuiMatmulLadder, ReducedPrecisionElsewhereFallsBackToTheSharedFp32Shape) {
  auto gpu = device("cuda", "CUDA", 0, "RTX 3090");
  add(gpu, "matmul_naive", ok(100, shape(1024)));
  add(gpu, "matmul_vendor", ok(2000, shape(1024)));
  add(gpu, "matmul_vendor", ok(3000, shape(2048)));
  add(gpu, "matmul_vendor", ok(50000, shape(2048, "fp16")));
  const RunReport live = report({gpu});
  const auto ladders = matmul_ladders(build_columns({&live}));
  ASSERT_EQ(ladders.size(), 1u);
  const auto& l = ladders[0];
  EXPECT_EQ(l.basis, "at 1024x1024x1024, the largest fp32 shape every rung measured");
  ASSERT_EQ(l.steps.size(), 3u);
  EXPECT_DOUBLE_EQ(*l.steps[1].speedup, 20);
  EXPECT_FALSE(l.steps[2].gflops.has_value());
  EXPECT_EQ(l.steps[2].note, "not measured at 1024x1024x1024");
}

TEST(GuiMatmulLadder, NoSharedShapeIsSaidAndGivesNoSpeedups) {
  auto gpu = device("cuda", "CUDA", 0, "RTX 3090");
  add(gpu, "matmul_naive", ok(100, shape(512)));
  add(gpu, "matmul_tiled", ok(700, shape(4096)));
  const RunReport live = report({gpu});
  const auto ladders = matmul_ladders(build_columns({&live}));
  ASSERT_EQ(ladders.size(), 1u);
  const auto& l = ladders[0];
  EXPECT_EQ(l.shape, "");
  EXPECT_EQ(l.basis,
            "no shape measured by every rung: each rung at its best shape, so no speed-ups");
  ASSERT_EQ(l.steps.size(), 2u);
  EXPECT_DOUBLE_EQ(*l.steps[1].gflops, 700);
  EXPECT_EQ(l.steps[1].params, "4096x4096x4096 fp32");
  EXPECT_FALSE(l.steps[0].speedup.has_value());
  EXPECT_FALSE(l.steps[1].speedup.has_value());
  // "Why CUDA wins" makes no climb claim from it either.
  const auto why = why_cuda(build_columns({&live}));
  ASSERT_EQ(why.cards.size(), 1u);
  for (const auto& f : why.cards[0].findings) EXPECT_EQ(f.find("CUDA matmul:"), std::string::npos);
}

TEST(GuiMatmulLadder, MissingRungCarriesItsReason) {
  auto a = device("opencl", "OpenCL", 0, "pthread-Xeon", {info("fp16", false)});
  add(a, "matmul_naive", ok(20, shape(512)));
  add(a, "matmul_vendor", not_ok(MeasurementStatus::Unsupported, "CLBlast not found", shape(1024)));
  add(a, "matmul_vendor", ok(300, shape(512, "fp16")));  // measured, but no tensor-core claim
  const RunReport live = report({a});
  const auto ladders = matmul_ladders(build_columns({&live}));
  ASSERT_EQ(ladders.size(), 1u);
  const auto& s = ladders[0].steps;
  ASSERT_EQ(s.size(), 3u);
  EXPECT_FALSE(s[1].gflops.has_value());
  EXPECT_EQ(s[1].note, "unsupported: CLBlast not found");
  EXPECT_EQ(s[2].label, "matmul_vendor fp16");
  EXPECT_FALSE(s[2].tensor_cores);
  EXPECT_DOUBLE_EQ(*s[2].speedup, 15);
}

// ---- capability table ---------------------------------------------------------------

TEST(GuiCapabilityTable, HighlightsWhatOnlyOneApiExposesOnTheSameCard) {
  const auto cuda = device("cuda", "CUDA", 0, "NVIDIA GeForce RTX 3090",
                           {info("global_mem_bytes", int64_t{24} << 30, "bytes"),
                            info("warp_size", int64_t{32}), info("tensor_cores", true)});
  const auto ocl =
      device("opencl", "OpenCL", 1, "NVIDIA GeForce RTX 3090",
             {info("global_mem_bytes", int64_t{24} << 30, "bytes"), info("fp16", true)});
  const auto vk =
      device("vulkan", "Vulkan", 0, "NVIDIA GeForce RTX 3090",
             {info("global_mem_bytes", int64_t{23} << 30, "bytes"),
              info("cooperative_matrix_khr", true), info("subgroup_size", int64_t{32})});
  const auto cpu = device("cpu", "CPU", 0, "AMD Ryzen 9 5950X",
                          {info("global_mem_bytes", int64_t{64} << 30, "bytes")});
  const auto t = build_capability_table(
      {{&cuda.device, ""}, {&ocl.device, ""}, {&vk.device, ""}, {&cpu.device, ""}},
      {"a", "b", "c", "d"});
  ASSERT_EQ(t.groups.size(), 2u);
  EXPECT_EQ(t.group_of[0], t.group_of[2]);
  EXPECT_NE(t.group_of[0], t.group_of[3]);

  auto row = [&](const std::string& key) -> const CapabilityRow& {
    for (const auto& r : t.rows)
      if (r.key == key) return r;
    ADD_FAILURE() << "no row " << key;
    return t.rows.front();
  };
  EXPECT_EQ(t.rows.front().key, "global_mem_bytes");  // "name" is the header, not a row
  EXPECT_TRUE(row("tensor_cores").cells[0].only_this_api);
  EXPECT_TRUE(row("tensor_cores").highlight);
  EXPECT_TRUE(row("cooperative_matrix_khr").cells[2].only_this_api);
  EXPECT_TRUE(row("global_mem_bytes").cells[2].differs_on_card);
  EXPECT_FALSE(row("global_mem_bytes").cells[0].only_this_api);
  // The CPU is alone on its card: nothing there is "only this API".
  EXPECT_FALSE(row("global_mem_bytes").cells[3].only_this_api);
  EXPECT_FALSE(row("global_mem_bytes").cells[3].differs_on_card);
  EXPECT_TRUE(row("global_mem_bytes").differs);
}

TEST(GuiDeviceGroups, PoclNameContainsTheCpuNameAndTwinCardsStayApart) {
  const auto cpu = device("cpu", "CPU", 0, "Intel(R) Xeon(R) Processor");
  const auto pocl =
      device("opencl", "OpenCL", 0, "pthread-skylake-avx512-Intel(R) Xeon(R) Processor");
  const auto g0 = device("cuda", "CUDA", 0, "NVIDIA RTX A4000");
  const auto g1 = device("cuda", "CUDA", 1, "NVIDIA RTX A4000");
  const auto o0 = device("opencl", "OpenCL", 1, "NVIDIA RTX A4000");
  const auto o1 = device("opencl", "OpenCL", 2, "NVIDIA RTX A4000");
  const auto other = device("cpu", "CPU", 0, "Intel(R) Xeon(R) Processor");
  const auto groups = group_devices({{&cpu.device, ""},
                                     {&pocl.device, ""},
                                     {&g0.device, ""},
                                     {&g1.device, ""},
                                     {&o0.device, ""},
                                     {&o1.device, ""},
                                     {&other.device, "other.json"}});
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0].members, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(groups[0].name, "Intel(R) Xeon(R) Processor");
  EXPECT_EQ(groups[1].members, (std::vector<size_t>{2, 4}));
  EXPECT_EQ(groups[2].members, (std::vector<size_t>{3, 5}));
  EXPECT_EQ(groups[3].members, (std::vector<size_t>{6}));  // another machine's CPU
}

// No GPU: the CPU backend, PoCL and lavapipe all run on the host CPU, whatever their names,
// so they are one card; another document's lavapipe is another host's.
TEST(GuiDeviceGroups, EveryCpuTypeDeviceOfOneDocumentIsTheHostCpu) {
  const auto type_cpu = [] { return info("device_type", std::string("CPU")); };
  const auto cpu = device("cpu", "CPU", 0, "AMD EPYC 7B13", {type_cpu()});
  const auto pocl = device("opencl", "OpenCL", 0, "cpu-haswell-AMD EPYC 7B13", {type_cpu()});
  const auto lavapipe = device("vulkan", "Vulkan", 0, "llvmpipe (LLVM 15.0.7, 256 bits)",
                               {type_cpu(), info("uuid", std::string("6c6c766d-7069-7065"))});
  const auto gpu = device("vulkan", "Vulkan", 1, "AMD Radeon Pro (RADV)",
                          {info("device_type", std::string("GPU"))});
  const auto far_lavapipe =
      device("vulkan", "Vulkan", 0, "llvmpipe (LLVM 15.0.7, 256 bits)", {type_cpu()});
  const auto groups = group_devices({{&lavapipe.device, ""},
                                     {&cpu.device, ""},
                                     {&gpu.device, ""},
                                     {&pocl.device, ""},
                                     {&far_lavapipe.device, "other.json"}});
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].members, (std::vector<size_t>{0, 1, 3}));
  EXPECT_EQ(groups[0].name, "AMD EPYC 7B13");  // the CPU backend's, not llvmpipe's
  EXPECT_EQ(groups[1].members, (std::vector<size_t>{2}));
  EXPECT_EQ(groups[2].members, (std::vector<size_t>{4}));

  // "Why CUDA wins" then shows the three APIs side by side on the host CPU.
  auto c = cpu, p = pocl, v = lavapipe;
  add(c, "read", ok(20, sized(512 * MiB)));
  add(p, "read", ok(12, sized(512 * MiB)));
  add(v, "read", ok(8, sized(512 * MiB)));
  const RunReport live = report({c, p, v});
  const auto why = why_cuda(build_columns({&live}));
  ASSERT_EQ(why.cards.size(), 1u);
  EXPECT_EQ(why.cards[0].card, "AMD EPYC 7B13");
  EXPECT_EQ(why.cards[0].columns, (std::vector<size_t>{0, 1, 2}));
}

TEST(GuiDeviceGroups, IdentityKeyOverridesTheName) {
  const auto a = device("cuda", "CUDA", 0, "NVIDIA RTX A4000",
                        {info("pci_bus_id", std::string("0000:01:00.0"))});
  const auto b = device("vulkan", "Vulkan", 0, "NVIDIA RTX A4000",
                        {info("pci_bus_id", std::string("0000:02:00.0"))});
  EXPECT_EQ(group_devices({{&a.device, ""}, {&b.device, ""}}).size(), 2u);
}

// ---- why CUDA wins ------------------------------------------------------------------

RunReport rtx_machine() {
  auto cuda = device("cuda", "CUDA", 0, "NVIDIA GeForce RTX 3090",
                     {info("tensor_cores", true), info("dnn_library", std::string("cuDNN 9.1"))});
  auto ocl = device("opencl", "OpenCL", 0, "NVIDIA GeForce RTX 3090", {info("fp16", true)});
  add(cuda, "read", ok(1500, sized(1 * MiB)));  // cache-resident: not the DRAM figure
  add(cuda, "read", ok(800, sized(1024 * MiB)));
  add(ocl, "read", ok(600, sized(1024 * MiB)));
  add(cuda, "matmul_naive", ok(1000, shape(1024)));
  add(cuda, "matmul_vendor", ok(20000, shape(1024)));
  add(cuda, "matmul_vendor", ok(70000, shape(1024, "fp16")));
  add(ocl, "matmul_naive", ok(900, shape(1024)));
  add(ocl, "matmul_vendor",
      not_ok(MeasurementStatus::Unsupported, "CLBlast not installed", shape(1024)));
  RunReport r = report({cuda, ocl}, "/results/rtx3090.json");
  attach_spec_comparisons(r, SpecDatabase::parse("vendor,name,memory_bandwidth_gbs,fp32_tflops,"
                                                 "fp16_tensor_tflops\n"
                                                 "NVIDIA,GeForce RTX 3090,936,35.58,71\n",
                                                 "test rows"));
  return r;
}

TEST(GuiWhyCuda, SpecShareMatmulSpeedupsAndFindingsComeFromTheResults) {
  const RunReport file = rtx_machine();
  const auto why = why_cuda(build_columns({&file}));
  EXPECT_TRUE(why.nvidia_present);
  EXPECT_NE(why.nvidia_note.find("NVIDIA GeForce RTX 3090 (rtx3090.json)"), std::string::npos);
  ASSERT_EQ(why.cards.size(), 1u);
  const CardVerdict& card = why.cards[0];
  EXPECT_TRUE(card.nvidia);
  ASSERT_TRUE(card.spec_gbps.has_value());
  EXPECT_DOUBLE_EQ(*card.spec_gbps, 936);
  EXPECT_EQ(card.spec_evidence.rfind("spec row GeForce RTX 3090 (by name; test rows", 0), 0u)
      << card.spec_evidence;
  // fp16 through cuBLAS: 70 of the row's 71 tensor TFLOPS, reported once, as a finding.
  ASSERT_EQ(card.compute.size(), 1u);
  EXPECT_EQ(card.compute[0].share.figure, "fp16 tensor");
  EXPECT_NEAR(card.compute[0].share.share(), 70.0 / 71, 1e-9);

  const BandwidthShare* cuda_read = nullptr;
  const BandwidthShare* ocl_read = nullptr;
  for (const auto& b : card.bandwidth) {
    if (b.kernel == "read" && b.column == 0) cuda_read = &b;
    if (b.kernel == "read" && b.column == 1) ocl_read = &b;
  }
  ASSERT_TRUE(cuda_read && ocl_read);
  EXPECT_DOUBLE_EQ(*cuda_read->measured_gbps, 800);
  EXPECT_NEAR(*cuda_read->share, 800.0 / 936.0, 1e-12);
  EXPECT_NEAR(*ocl_read->share, 600.0 / 936.0, 1e-12);

  ASSERT_EQ(card.ladders.size(), 2u);
  EXPECT_DOUBLE_EQ(*card.ladders[0].steps.back().speedup, 70);

  auto has_finding = [&](const std::string& text) {
    for (const auto& f : card.findings)
      if (f.find(text) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(
      has_finding("read: CUDA reached 800 GB/s (85% of the spec sheet), 1.33x OpenCL (600 GB/s)"));
  EXPECT_TRUE(has_finding(
      "CUDA matmul: matmul_vendor fp16 (tensor cores) 70000 GFLOPS is 70x matmul_naive fp32"));
  EXPECT_TRUE(has_finding("vendor BLAS: through CUDA, not through OpenCL"));
  EXPECT_TRUE(has_finding(
      "fp16 tensor: CUDA matmul_vendor reached 70.0 TFLOPS (99% of the spec sheet's 71.0)"));
  EXPECT_FALSE(has_finding("tensor-core access"));  // OpenCL does not say "no": unknown
}

TEST(GuiWhyCuda, WithoutASpecRowTheCardSaysWhy) {
  RunReport file = rtx_machine();
  for (auto& d : file.devices) d.spec = SpecComparison{false, "", "", "", kNoSpecRow, {}};
  const auto why = why_cuda(build_columns({&file}));
  ASSERT_EQ(why.cards.size(), 1u);
  EXPECT_FALSE(why.cards[0].spec_gbps.has_value());
  EXPECT_TRUE(why.cards[0].compute.empty());
  EXPECT_NE(why.cards[0].spec_evidence.find(kNoSpecRow), std::string::npos)
      << why.cards[0].spec_evidence;
}

// ---- spec sheet rows of the Results panel -----------------------------------------------

TEST(GuiSpecRows, RowNamesThenOneRowPerFigureWithEachColumnsShare) {
  const RunReport file = rtx_machine();
  const auto rows = build_spec_rows(build_columns({&file}));
  ASSERT_EQ(rows.size(), 3u);  // names, read bandwidth, fp16 tensor
  EXPECT_EQ(rows[0].figure, "spec row");
  EXPECT_EQ(rows[0].cells[0].text, "GeForce RTX 3090");
  EXPECT_NE(rows[0].cells[1].detail.find("by name; test rows"), std::string::npos);
  EXPECT_EQ(rows[1].figure, "read bandwidth");
  EXPECT_EQ(rows[1].unit, "GB/s");
  EXPECT_EQ(rows[1].cells[0].text, "85% of 936");
  EXPECT_EQ(rows[1].cells[1].text, "64% of 936");
  EXPECT_EQ(rows[2].figure, "fp16 tensor");
  EXPECT_EQ(rows[2].cells[0].text, "99% of 71.0");
  EXPECT_FALSE(rows[2].cells[1].share.has_value());  // OpenCL has no vendor fp16 GEMM
  EXPECT_EQ(rows[2].cells[1].text, "-");
}

TEST(GuiSpecRows, NoneWithoutAComparisonAndTheNoteForAnUnknownCard) {
  RunReport file = rtx_machine();
  for (auto& d : file.devices) d.spec.reset();
  EXPECT_TRUE(build_spec_rows(build_columns({&file})).empty());
  file.devices[1].spec = SpecComparison{false, "", "", "", "no spec row: give one", {}};
  const auto rows = build_spec_rows(build_columns({&file}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells[0].text, "-");
  EXPECT_EQ(rows[0].cells[1].text, "none");
  EXPECT_EQ(rows[0].cells[1].detail, "no spec row: give one");
}

TEST(GuiWorkspace, ComparesDocumentsWithoutASpecComparisonAndKeepsTheirsOtherwise) {
  Workspace w;
  w.set_spec_database(std::make_shared<const SpecDatabase>(SpecDatabase::parse(
      "vendor,name,memory_bandwidth_gbs\nNVIDIA,GeForce RTX 3090,1000\n", "window rows")));
  RunReport bare = rtx_machine();
  for (auto& d : bare.devices) d.spec.reset();
  w.add_file("/results/bare.json", std::make_shared<const RunReport>(bare));
  w.add_file("/results/rtx3090.json", std::make_shared<const RunReport>(rtx_machine()));
  auto live = std::make_shared<const RunReport>(bare);
  EXPECT_TRUE(w.set_live(live));
  EXPECT_FALSE(w.set_live(live));  // the same snapshot again is no change
  ASSERT_TRUE(w.live()->devices[0].spec.has_value());
  EXPECT_EQ(w.live()->devices[0].spec->row_origin.rfind("window rows", 0), 0u);
  EXPECT_EQ(w.files()[0].report->devices[0].spec->row_origin.rfind("window rows", 0), 0u);
  EXPECT_EQ(w.files()[1].report->devices[0].spec->row_origin.rfind("test rows", 0), 0u);
}

TEST(GuiWhyCuda, OneNvidiaCardThroughCudaOpenclAndVulkanSideBySide) {
  // The TEST FIXTURE document (made-up figures) the GUI test also shoots.
  const RunReport file = test::why_cuda_fixture_report();
  const auto why = why_cuda(build_columns({&file}));
  ASSERT_EQ(why.cards.size(), 1u);
  const CardVerdict& card = why.cards[0];
  EXPECT_TRUE(card.nvidia);
  EXPECT_EQ(card.columns.size(), 3u);
  ASSERT_EQ(card.launch.size(), 3u);
  EXPECT_DOUBLE_EQ(*card.launch[0].latency_us, 2.5);
  EXPECT_NEAR(*card.launch[2].gap_us, 2.4, 1e-9);
  EXPECT_EQ(card.ladders.size(), 3u);
  auto has_finding = [&](const std::string& text) {
    for (const auto& f : card.findings)
      if (f.find(text) != std::string::npos) return true;
    ADD_FAILURE() << "no finding with: " << text;
    return false;
  };
  has_finding("read: CUDA reached 920 GB/s (91% of the spec sheet), 1.05x Vulkan (880 GB/s)");
  has_finding(
      "launch latency (host waits for an empty kernel): CUDA 2.50 us, 3.6x less than "
      "OpenCL (9.00 us); 5.6x less than Vulkan (14.0 us)");
  has_finding("launch gap (device time between back-to-back kernels): CUDA 1.20 us, 2x less");
  has_finding("vendor BLAS: through CUDA, not through OpenCL, Vulkan");
  // The CUDA ladder climbs naive -> tiled -> vendor -> tensor cores; the others stop early.
  bool tensor_rung = false;
  for (const auto& step : card.ladders[0].steps)
    tensor_rung |=
        step.kernel == "matmul_tensor" && step.gflops && std::abs(*step.gflops - 60000) < 1;
  EXPECT_TRUE(tensor_rung);
  // matmul_tensor's own result answers "tensor-core access" where device info is silent.
  for (const auto& row : card.features)
    if (row.feature == "tensor-core access") {
      EXPECT_EQ(row.cells[0].value, true);
      EXPECT_EQ(row.cells[1].value, false);
      EXPECT_EQ(row.cells[1].evidence, "matmul_tensor unsupported: OpenCL has no tensor-core API");
    }
}

TEST(GuiWhyCuda, ALaunchKernelThatDidNotRunSaysWhy) {
  auto cuda = device("cuda", "CUDA", 0, "NVIDIA GeForce RTX 3090");
  add(cuda, "launch_latency", ok(3.0));
  add(cuda, "launch_gap", not_ok(MeasurementStatus::Unsupported, "no device timer"));
  const RunReport live = report({cuda});
  const auto why = why_cuda(build_columns({&live}));
  const LaunchCost& l = why.cards.at(0).launch.at(0);
  EXPECT_DOUBLE_EQ(*l.latency_us, 3.0);
  EXPECT_FALSE(l.gap_us.has_value());
  EXPECT_NE(l.gap_note.find("no device timer"), std::string::npos) << l.gap_note;
}

TEST(GuiWhyCuda, FeatureCellsCarryTheirEvidence) {
  const RunReport file = rtx_machine();
  const auto why = why_cuda(build_columns({&file}));
  const auto& features = why.cards.at(0).features;
  auto row = [&](const std::string& name) -> const FeatureRow& {
    for (const auto& r : features)
      if (r.feature == name) return r;
    ADD_FAILURE() << name;
    return features.front();
  };
  EXPECT_EQ(row("tensor-core access").cells[0].value, true);
  EXPECT_EQ(row("tensor-core access").cells[0].evidence, "device info tensor_cores = yes");
  EXPECT_FALSE(row("tensor-core access").cells[1].value.has_value());
  EXPECT_EQ(row("vendor BLAS").cells[0].value, true);
  EXPECT_NE(row("vendor BLAS")
                .cells[0]
                .evidence.find("matmul_vendor measured 20000 GFLOPS (1024x1024x1024 fp32)"),
            std::string::npos);
  EXPECT_EQ(row("vendor BLAS").cells[1].value, false);
  EXPECT_EQ(row("vendor BLAS").cells[1].evidence,
            "matmul_vendor unsupported: CLBlast not installed");
  EXPECT_EQ(row("DNN library").cells[0].evidence, "device info dnn_library = cuDNN 9.1");
  EXPECT_EQ(row("fp16").cells[1].evidence, "device info fp16 = yes");
  EXPECT_EQ(row("device-side timing").cells[0].evidence,
            "5 of 5 measured points timed on the device");
}

TEST(GuiWhyCuda, WithoutNvidiaItSaysSoAndTheSpecIsUnknown) {
  auto cpu = device("cpu", "CPU", 0, "Intel(R) Xeon(R) Processor");
  auto pocl = device("opencl", "OpenCL", 0, "pthread-Intel(R) Xeon(R) Processor");
  add(cpu, "read", ok(20, sized(512 * MiB)));
  add(pocl, "read", ok(10, sized(512 * MiB)));
  const RunReport live = report({cpu, pocl});
  const auto why = why_cuda(build_columns({&live}));
  EXPECT_FALSE(why.nvidia_present);
  EXPECT_NE(why.nvidia_note.find("No NVIDIA device"), std::string::npos);
  ASSERT_EQ(why.cards.size(), 1u);
  EXPECT_FALSE(why.cards[0].spec_gbps.has_value());
  EXPECT_EQ(why.cards[0].spec_evidence.rfind("spec unknown", 0), 0u);
  for (const auto& b : why.cards[0].bandwidth) EXPECT_FALSE(b.share.has_value());
  ASSERT_FALSE(why.cards[0].findings.empty());
  EXPECT_EQ(why.cards[0].findings[0], "read: CPU reached 20.0 GB/s, 2x OpenCL (10.0 GB/s)");
}

TEST(GuiWhyCuda, AFileFromThisHostJoinsTheLiveRunsCardAndOtherHostsStayApart) {
  auto pocl = device("opencl", "OpenCL", 0, "pthread-Intel(R) Xeon(R) Processor");
  auto cpu = device("cpu", "CPU", 0, "Intel(R) Xeon(R) Processor");
  auto far_cpu = device("cpu", "CPU", 0, "Intel(R) Xeon(R) Processor");
  add(pocl, "read", ok(10, sized(512 * MiB)));
  add(cpu, "read", ok(20, sized(512 * MiB)));
  add(far_cpu, "read", ok(30, sized(512 * MiB)));
  RunReport live = report({pocl});
  RunReport here = report({cpu}, "/tmp/cpu.json");
  RunReport there = report({far_cpu}, "/tmp/far.json");
  live.host = here.host = {"box", "Linux", "Intel(R) Xeon(R) Processor", 0, 2};
  there.host = {"far", "Linux", "Intel(R) Xeon(R) Processor", 0, 2};
  const auto why = why_cuda(build_columns({&live, &here, &there}));
  ASSERT_EQ(why.cards.size(), 2u);
  EXPECT_EQ(why.cards[0].columns, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(why.cards[0].source, "");  // the live run is part of it
  EXPECT_EQ(why.cards[1].source, "/tmp/far.json");
}

// ---- axes ---------------------------------------------------------------------------

TEST(GuiAxis, LinearTicksUseOneTwoFiveSteps) {
  const auto t = linear_ticks(87);
  ASSERT_EQ(t.size(), 6u);
  EXPECT_DOUBLE_EQ(t.back().value, 100);
  EXPECT_EQ(t[1].label, "20");
  EXPECT_EQ(linear_ticks(1.3)[1].label, "0.5");
  EXPECT_EQ(log10_ticks(0.1, 10).front().label, "0.1");
  EXPECT_DOUBLE_EQ(nice_ceiling(0.73), 0.8);
}

TEST(GuiAxis, Log2TicksLabelBytesAndCounts) {
  const auto b = log2_ticks(16 * KiB, 512 * MiB, true, 20);
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(b.front().label, "16 KiB");
  EXPECT_EQ(b.back().label, "512 MiB");
  const auto c = log2_ticks(1, 1 << 20, false, 6);
  EXPECT_LE(c.size(), 6u);
  EXPECT_EQ(c.front().label, "1");
  EXPECT_EQ(log2_ticks(1, 4096, false, 20).back().label, "4K");
}

// ---- workspace and progress ---------------------------------------------------------

// The hand-made reports carry figures without the samples behind them; a result file must
// be consistent (the reader recomputes every statistic), so give each Ok point equal
// samples and the work per launch that yields its median.
RunReport consistent(RunReport r) {
  for (auto& d : r.devices)
    for (auto& k : d.kernels)
      for (auto& m : k.points) {
        const KernelSpec* spec = find_kernel(k.kernel);
        if (m.status != MeasurementStatus::Ok || !spec) continue;
        const double seconds = m.sample_seconds.at(0), median = m.figure.median;
        m.work_per_iteration = spec->metric == GP_METRIC_RATE
                                   ? median * spec->scale * seconds / m.iterations
                                   : seconds * spec->scale / (median * m.iterations);
        m.sample_seconds.assign(m.sample_seconds.size(), seconds);
        m.figure.count = m.sample_seconds.size();
        m.figure.min = m.figure.max = m.figure.mean = m.figure.p90 = median;
        m.figure.cv = 0;
        m.noisy = false;
      }
  return r;
}

TEST(GuiText, NoisyAndAdjustedFiguresCarryTheirMarksAndReasons) {
  Measurement m = ok(14.2, sized(512 * MiB));
  m.noisy = true;
  m.timer = "host";
  EXPECT_EQ(cell_text(m, "cpu"), "14.2 ±1.0% ~") << "the cpu backend's host clock is its own";
  EXPECT_EQ(cell_text(m, "vulkan"), "14.2 ±1.0% ~ *");
  const std::string detail = measurement_detail(m, "GB/s", "vulkan");
  EXPECT_NE(detail.find("~ noisy"), std::string::npos) << detail;
  EXPECT_NE(detail.find("* host-timed"), std::string::npos) << detail;
  m.timer = "device";
  m.adjustments.substituted = true;
  EXPECT_NE(measurement_detail(m, "GB/s", "vulkan").find("* substituted"), std::string::npos);
}

TEST(GuiWorkspace, CorruptFileIsRefusedWithItsNameAndTheRestStays) {
  const auto dir = std::filesystem::temp_directory_path() / "gpuprobe_gui_model_test";
  std::filesystem::create_directories(dir);
  const std::string good = (dir / "good.json").string(), bad = (dir / "bad.json").string();
  save_report(consistent(rtx_machine()), good);
  std::ofstream(bad) << "{\"schema\": {\"name\": \"gpuprobe-result\", \"maj";  // truncated

  Workspace ws;
  ws.open_file(good);
  const uint64_t generation = ws.generation();
  try {
    ws.open_file(bad);
    FAIL() << "a truncated file was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ws.generation(), generation);
  ASSERT_EQ(ws.files().size(), 1u);
  ws.open_file(good);  // reopening replaces instead of adding a twin
  EXPECT_EQ(ws.files().size(), 1u);
  EXPECT_EQ(ws.reports().size(), 1u);
  EXPECT_EQ(ws.reports()[0]->devices.size(), 2u);
  ws.close_file(0);
  EXPECT_TRUE(ws.reports().empty());
  std::filesystem::remove_all(dir);
}

// Issue 9: --load files are read off the UI thread; a FIFO is refused at once (it used to
// freeze the window), and a bad file next to good ones leaves the good ones shown.
TEST(GuiFileLoader, FifoAndBadFilesNeverBlockAndLeaveTheGoodOnesShown) {
  const auto dir = std::filesystem::temp_directory_path() / "gpuprobe_gui_loader_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string good = (dir / "good.json").string(), bad = (dir / "bad.json").string(),
                    fifo = (dir / "fifo").string(), second = (dir / "second.json").string();
  save_report(consistent(rtx_machine()), good);
  save_report(consistent(rtx_machine()), second);
  std::ofstream(bad) << "{\"schema\": \"" << std::string(300000, 'x');  // truncated mid-string
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);

  FileLoader loader;
  Workspace ws;
  std::vector<std::string> errors;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& path : {good, fifo, bad, dir.string(), second}) loader.start(path);
  std::vector<LoadOutcome> outcomes;
  while (outcomes.size() < 5 &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
    for (auto& o : loader.take_finished()) outcomes.push_back(std::move(o));  // never blocks
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(outcomes.size(), 5u) << "a load is still blocked";
  EXPECT_FALSE(loader.busy());
  for (auto& o : outcomes) {
    if (o.report)
      ws.add_file(o.path, std::move(o.report));
    else
      errors.push_back(dialog_text(o.error));
  }
  ASSERT_EQ(ws.files().size(), 2u);
  EXPECT_EQ(ws.files()[0].path, good);  // in the order named
  EXPECT_EQ(ws.files()[1].path, second);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_NE(errors[0].find("is a FIFO"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("not valid JSON"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find("is a directory"), std::string::npos) << errors[2];
  for (const auto& e : errors) EXPECT_LT(e.size(), 600u) << e;
  std::filesystem::remove_all(dir);
}

TEST(GuiDialogText, AtMostAFewShortLinesWithControlCharactersEscaped) {
  EXPECT_EQ(dialog_text("Cannot open: bad"), "Cannot open: bad");
  const std::string long_one = dialog_text(std::string(300000, 'x'), 6, 90);
  EXPECT_LE(long_one.size(), 6u * 90 + 40);
  std::string many;
  for (int i = 0; i < 100; ++i) many += "line " + std::to_string(i) + "\n";
  const std::string cut = dialog_text(many, 6, 90);
  EXPECT_EQ(std::count(cut.begin(), cut.end(), '\n'), 6) << cut;  // six lines and "..."
  EXPECT_EQ(cut.substr(cut.size() - 3), "...");
  EXPECT_EQ(dialog_text("a\x1b[2Jb"), "a\\x1B[2Jb");
}

// Issue 9: a hand-edited imgui.ini with Size=100000,100000 stopped the GUI from starting.
TEST(GuiWindowSize, SavedSizesAreClampedToTheMonitorAndSaneBounds) {
  EXPECT_EQ(clamp_window_size({1280, 800}), (WindowSize{1280, 800}));
  EXPECT_EQ(clamp_window_size({100000, 100000}), (WindowSize{kMaxWindowSide, kMaxWindowSide}));
  EXPECT_EQ(clamp_window_size({100000, 100000}, {1920, 1080}), (WindowSize{1920, 1080}));
  EXPECT_EQ(clamp_window_size({-5, 0}, {1920, 1080}), (WindowSize{320, 240}));
  EXPECT_EQ(clamp_window_size({1600, 900}, {0, 0}), (WindowSize{1600, 900}));     // no monitor
  EXPECT_EQ(clamp_window_size({1600, 900}, {200, 100}), (WindowSize{320, 240}));  // tiny one
}

TEST(GuiRunProgress, OneBarPerDeviceFromTheWorkerCallbacks) {
  RunProgress progress;
  std::vector<DeviceProgress> planned(2);
  planned[0].device = {"cpu", 0};
  planned[0].label = "cpu:0";
  planned[1].device = {"opencl", 0};
  planned[1].label = "opencl:0";
  progress.reset(planned);
  Progress p;
  p.device = {"opencl", 0};
  p.device_label = "opencl:0 (pthread)";
  p.device_done = 3;
  p.device_total = 4;
  p.done = 7;
  p.total = 8;
  p.message = "read 1 MiB w4";
  progress.update(p);
  const ProgressView v = progress.view();
  ASSERT_EQ(v.devices.size(), 2u);
  EXPECT_EQ(v.devices[0].fraction(), 0.0f);
  EXPECT_FLOAT_EQ(v.devices[1].fraction(), 0.75f);
  EXPECT_EQ(v.done, 7u);
  EXPECT_EQ(v.current, "opencl:0 (pthread): read 1 MiB w4");
}

}  // namespace
}  // namespace gpuprobe::gui

// ---- the window during a run ----

namespace gpuprobe::gui {
namespace {

using PacerClock = RunFramePacer::Clock;
PacerClock::time_point at_ms(double ms) {
  return PacerClock::time_point(std::chrono::duration_cast<PacerClock::duration>(
      std::chrono::duration<double, std::milli>(ms)));
}

TEST(GuiRunFramePacer, DrawsOnlyOnInputPointBoundariesAndTwiceASecondOtherwise) {
  RunFramePacer pacer;
  pacer.start(at_ms(0), 7, 3);
  // The run's first frame is drawn at once.
  ASSERT_EQ(pacer.due(at_ms(0), 7, 3, false), FrameCause::App);
  pacer.drew(at_ms(0), FrameCause::App, 7, 3);
  // Nothing happens: no frame until half a second has passed.
  EXPECT_FALSE(pacer.due(at_ms(10), 7, 3, false));
  EXPECT_FALSE(pacer.due(at_ms(499), 7, 3, false));
  EXPECT_NEAR(pacer.seconds_to_timer(at_ms(100)), 0.4, 1e-9);
  EXPECT_EQ(pacer.due(at_ms(500), 7, 3, false), FrameCause::Timer);
  pacer.drew(at_ms(500), FrameCause::Timer, 7, 3);
  // A point boundary draws at once, and restarts the timer.
  EXPECT_EQ(pacer.due(at_ms(600), 7, 4, false), FrameCause::PointBoundary);
  pacer.drew(at_ms(600), FrameCause::PointBoundary, 7, 4);
  EXPECT_FALSE(pacer.due(at_ms(1000), 7, 4, false));
  // Input wins over everything else pending.
  EXPECT_EQ(pacer.due(at_ms(1050), 9, 5, true), FrameCause::Input);
  pacer.drew(at_ms(1050), FrameCause::Input, 9, 5);
  EXPECT_FALSE(pacer.due(at_ms(1060), 9, 5, false));
  EXPECT_EQ(pacer.due(at_ms(1060), 9, 5, true), FrameCause::App);  // a screenshot, say
  pacer.drew(at_ms(1060), FrameCause::App, 9, 5);

  const FrameStats& s = pacer.stats();
  EXPECT_EQ(s.frames, 5u);
  EXPECT_EQ(s.timer, 1u);
  EXPECT_EQ(s.point_boundary, 1u);
  EXPECT_EQ(s.input, 1u);
  EXPECT_EQ(s.app, 2u);
  EXPECT_NEAR(s.longest_gap_seconds, 0.5, 1e-9);

  // A new run starts its counts afresh.
  pacer.start(at_ms(5000), 9, 5);
  EXPECT_EQ(pacer.stats().frames, 0u);
  EXPECT_EQ(pacer.due(at_ms(5000), 9, 5, false), FrameCause::App);
}

TEST(GuiRunFramePacer, ATimedPointOfTenSecondsGetsAtMostTwentyOneTimerFrames) {
  RunFramePacer pacer;
  pacer.start(at_ms(0), 0, 0);
  size_t timer = 0;
  for (double ms = 0; ms <= 10000; ms += 1) {  // the main loop polling every millisecond
    if (auto cause = pacer.due(at_ms(ms), 0, 0, false)) {
      timer += *cause == FrameCause::Timer;
      pacer.drew(at_ms(ms), *cause, 0, 0);
    }
  }
  EXPECT_EQ(timer, 20u);
  EXPECT_LE(pacer.stats().frames, 21u);
}

}  // namespace
}  // namespace gpuprobe::gui

namespace gpuprobe::gui {
namespace {

DeviceInfo device_of_type(const std::string& name, const std::string& type) {
  DeviceInfo d;
  d.backend = "opencl";
  d.name = name;
  d.info.push_back({"device_type", type, ""});
  return d;
}

}  // namespace

// Issue 13: a figure taken while the window drew on the same device is marked. Software
// OpenGL draws on the CPU (every CPU-hosted device); a GPU renderer on the GPU it names.
TEST(GuiWindowDevice, SoftwareRendererSharesEveryCpuDeviceAndGpuRendererItsOwnGpu) {
  const DeviceInfo cpu = device_of_type("AMD EPYC", "CPU");
  const DeviceInfo pocl = device_of_type("pthread-skylake-avx512-AMD EPYC", "CPU");
  const DeviceInfo rtx = device_of_type("NVIDIA GeForce RTX 4090", "GPU");
  const DeviceInfo other = device_of_type("NVIDIA GeForce RTX 3060", "GPU");
  const std::string llvmpipe = "llvmpipe (LLVM 15.0.6, 256 bits)";
  EXPECT_TRUE(renderer_is_software(llvmpipe));
  EXPECT_TRUE(renderer_is_software("SwiftShader Device (Subzero)"));
  EXPECT_FALSE(renderer_is_software("NVIDIA GeForce RTX 4090/PCIe/SSE2"));
  EXPECT_TRUE(renderer_shares_device(llvmpipe, cpu));
  EXPECT_TRUE(renderer_shares_device(llvmpipe, pocl));
  EXPECT_FALSE(renderer_shares_device(llvmpipe, rtx));
  EXPECT_TRUE(renderer_shares_device("NVIDIA GeForce RTX 4090/PCIe/SSE2", rtx));
  EXPECT_FALSE(renderer_shares_device("NVIDIA GeForce RTX 4090/PCIe/SSE2", other));
  EXPECT_FALSE(renderer_shares_device("NVIDIA GeForce RTX 4090/PCIe/SSE2", cpu));
  EXPECT_FALSE(renderer_shares_device("", cpu));  // unknown renderer: no claim either way
  DeviceInfo untyped = cpu;
  untyped.info.clear();
  EXPECT_FALSE(renderer_shares_device(llvmpipe, untyped));
}

TEST(GuiWindowDevice, MarkOnlyForGuiRunsWhoseWindowDrewThere) {
  const DeviceInfo cpu = device_of_type("AMD EPYC", "CPU");
  const std::string llvmpipe = "llvmpipe (LLVM 15.0.6, 256 bits)";
  EXPECT_FALSE(window_mark(std::nullopt, cpu));                              // older file
  EXPECT_FALSE(window_mark(RunOrigin{"cli", std::nullopt, ""}, cpu));        // the CLI
  EXPECT_FALSE(window_mark(RunOrigin{"gui", 0.0, llvmpipe}, cpu));           // never drew
  EXPECT_FALSE(window_mark(RunOrigin{"gui", std::nullopt, llvmpipe}, cpu));  // rate unknown
  EXPECT_FALSE(window_mark(RunOrigin{"gui", 2.0, "NVIDIA GeForce RTX 4090"}, cpu));
  const auto mark = window_mark(RunOrigin{"gui", 1.96, llvmpipe}, cpu);
  ASSERT_TRUE(mark);
  EXPECT_NE(mark->find("2.0 frames/s"), std::string::npos) << *mark;
  EXPECT_NE(mark->find(llvmpipe), std::string::npos) << *mark;
}

}  // namespace gpuprobe::gui
