// TEST FIXTURE, NOT A MEASUREMENT: one NVIDIA card reached through CUDA, OpenCL and Vulkan,
// with round, made-up figures shaped like such a card's, for testing the "Why CUDA wins"
// layout without a GPU. Every name in it says "TEST FIXTURE"; never show it as measured.
// The points are reader-valid (statistics derived from samples as a run derives them), so
// the GUI loads the written document like any result file.
#pragma once

#include <string>

#include "gpuprobe/kernels.hpp"
#include "gpuprobe/results.hpp"
#include "gpuprobe/spec_match.hpp"
#include "measurement_fixture.hpp"

namespace gpuprobe::test {

inline constexpr const char* kFixtureCard = "NVIDIA GeForce RTX 4090 (TEST FIXTURE, not measured)";

// A point whose samples put its median at `figure` (in the kernel's unit), with a little
// spread so the statistics are not degenerate.
inline Measurement fixture_point(const std::string& kernel, KernelParams p, double figure,
                                 double work_per_iteration, const std::string& timer = "device") {
  const KernelSpec& spec = *find_kernel(kernel);
  Measurement m;
  m.requested = m.effective = p;
  m.status = MeasurementStatus::Ok;
  m.verified = true;
  m.timer = timer;
  m.iterations = 10;
  m.work_per_iteration = work_per_iteration;
  const double work = work_per_iteration * m.iterations;
  const bool rate = spec.metric == GP_METRIC_RATE;
  const double seconds = rate ? work / (figure * spec.scale) : figure * work / spec.scale;
  for (double wobble : {1.0, 1.004, 0.997, 1.002, 0.999})
    m.sample_seconds.push_back(seconds * wobble);
  derive_statistics(m, spec);
  return m;
}

inline Measurement fixture_unsupported(KernelParams p, const std::string& reason) {
  Measurement m;
  m.requested = m.effective = p;
  m.status = MeasurementStatus::Unsupported;
  m.message = reason;
  return m;
}

inline DeviceResult fixture_device(const std::string& backend, const std::string& api,
                                   std::vector<InfoValue> extra) {
  DeviceResult d;
  d.device.backend = backend;
  d.device.api = api;
  d.device.index = 0;
  d.device.name = kFixtureCard;
  d.device.info = {{"name", std::string(kFixtureCard), ""},
                   {"vendor", std::string("NVIDIA Corporation"), ""},
                   {"pci_bus_id", std::string("0000:01:00.0"), ""}};
  for (auto& v : extra) d.device.info.push_back(std::move(v));
  return d;
}

inline RunReport why_cuda_fixture_report() {
  constexpr uint64_t GiB = uint64_t{1} << 30;
  const KernelParams dram{.size_bytes = GiB, .vector_width = 4};
  auto gemm = [](uint64_t n, const std::string& precision) {
    return KernelParams{.m = n, .n = n, .k = n, .precision = precision};
  };
  const double flops4096 = 2.0 * 4096.0 * 4096.0 * 4096.0;
  const double flops1024 = 2.0 * 1024.0 * 1024.0 * 1024.0;

  DeviceResult cuda = fixture_device("cuda", "CUDA",
                                     {{"tensor_cores", true, ""},
                                      {"fp16", true, ""},
                                      {"bf16", true, ""},
                                      {"vendor_blas", std::string("cuBLAS 13.0"), ""}});
  DeviceResult ocl = fixture_device("opencl", "OpenCL", {{"fp16", true, ""}});
  DeviceResult vk = fixture_device("vulkan", "Vulkan", {{"fp16", true, ""}});

  add_point(cuda, "read", fixture_point("read", dram, 920, double(GiB)));
  add_point(ocl, "read", fixture_point("read", dram, 870, double(GiB)));
  add_point(vk, "read", fixture_point("read", dram, 880, double(GiB)));
  add_point(cuda, "copy", fixture_point("copy", dram, 900, 2.0 * double(GiB)));
  add_point(ocl, "copy", fixture_point("copy", dram, 850, 2.0 * double(GiB)));
  add_point(vk, "copy", fixture_point("copy", dram, 860, 2.0 * double(GiB)));

  add_point(cuda, "launch_latency", fixture_point("launch_latency", {}, 2.5, 1, "host"));
  add_point(ocl, "launch_latency", fixture_point("launch_latency", {}, 9.0, 1, "host"));
  add_point(vk, "launch_latency", fixture_point("launch_latency", {}, 14.0, 1, "host"));
  add_point(cuda, "launch_gap", fixture_point("launch_gap", {}, 1.2, 1));
  add_point(ocl, "launch_gap", fixture_point("launch_gap", {}, 3.1, 1));
  add_point(vk, "launch_gap", fixture_point("launch_gap", {}, 2.4, 1));

  for (DeviceResult* d : {&cuda, &ocl, &vk}) {
    add_point(*d, "matmul_naive",
              fixture_point("matmul_naive", gemm(1024, "fp32"), 1100, flops1024));
  }
  add_point(cuda, "matmul_tiled",
            fixture_point("matmul_tiled", gemm(1024, "fp32"), 14000, flops1024));
  add_point(ocl, "matmul_tiled",
            fixture_point("matmul_tiled", gemm(1024, "fp32"), 12500, flops1024));
  add_point(vk, "matmul_tiled",
            fixture_point("matmul_tiled", gemm(1024, "fp32"), 13000, flops1024));
  add_point(cuda, "matmul_vendor",
            fixture_point("matmul_vendor", gemm(1024, "fp32"), 52000, flops1024));
  add_point(cuda, "matmul_vendor",
            fixture_point("matmul_vendor", gemm(4096, "fp16"), 160000, flops4096));
  add_point(cuda, "matmul_vendor",
            fixture_point("matmul_vendor", gemm(1024, "fp16"), 120000, flops1024));
  add_point(cuda, "matmul_vendor",
            fixture_point("matmul_vendor", gemm(1024, "bf16"), 118000, flops1024));
  add_point(cuda, "matmul_tensor",
            fixture_point("matmul_tensor", gemm(1024, "fp16"), 60000, flops1024));
  add_point(ocl, "matmul_tensor",
            fixture_unsupported(gemm(1024, "fp16"), "OpenCL has no tensor-core API"));
  add_point(vk, "matmul_tensor",
            fixture_unsupported(gemm(1024, "fp16"), "VK_KHR_cooperative_matrix not exposed"));
  add_point(ocl, "matmul_vendor", fixture_unsupported(gemm(1024, "fp32"), "built without CLBlast"));
  add_point(vk, "matmul_vendor",
            fixture_unsupported(gemm(1024, "fp32"), "Vulkan has no vendor BLAS"));

  RunReport r;
  r.tool_version = "TEST FIXTURE";
  r.started_utc = "2026-01-01T00:00:00Z";
  r.mode = "quick";
  r.host = {"test-fixture-host", "TEST FIXTURE", "TEST FIXTURE CPU", 0, 0};
  r.devices = {cuda, ocl, vk};
  // The spec row is part of the fixture (round figures shaped like a 4090's), not a vendor's.
  attach_spec_comparisons(r, SpecDatabase::parse("vendor,name,memory_bandwidth_gbs,fp32_tflops,"
                                                 "fp16_tensor_tflops\n"
                                                 "NVIDIA,GeForce RTX 4090,1008,82.6,165.2\n",
                                                 "TEST FIXTURE spec row, not a vendor's"));
  return r;
}

}  // namespace gpuprobe::test
