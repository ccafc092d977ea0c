// The conformance points: every kernel at small sizes, each named as its test is
// ("read_3072KiB_w4", "matmul_vendor_fp16"). Shared by conformance_test, mutation_test and
// expected_unsupported_test, whose list (expected_unsupported.txt) matches these names.
#pragma once

#include <string>
#include <vector>

#include "gpuprobe/kernels.hpp"
#include "gpuprobe/plugin.h"
#include "gpuprobe/precision.hpp"
#include "gpuprobe/results.hpp"
#include "measure.hpp"

namespace gpuprobe::test {

inline std::vector<KernelParams> conformance_points(gp_kernel_id id) {
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
    case GP_KERNEL_MATMUL_VENDOR: {
      // Every precision of the ABI: a backend without tf32 / bf16 / int8 must say so.
      std::vector<KernelParams> v;
      for (const auto& p : kPrecisions)
        v.push_back({.m = 256, .n = 192, .k = 128, .precision = std::string(p.name)});
      return v;
    }
    case GP_KERNEL_MATMUL_TENSOR:  // fp16 in, fp32 accumulate: its only precision
      return {{.m = 256, .n = 192, .k = 128, .precision = "fp16"}};
    default:
      return {{}};
  }
}

inline std::string point_name(const KernelSpec& k, const KernelParams& p) {
  // Built with append(): GCC 12 warns falsely (-Wrestrict) on chained operator+ here.
  std::string name = k.name;
  if (p.size_bytes) name.append("_").append(std::to_string(p.size_bytes / 1024)).append("KiB");
  if (p.vector_width > 1) name.append("_w").append(std::to_string(p.vector_width));
  if (p.work_items) name.append("_items").append(std::to_string(p.work_items));
  if (p.pinned) name.append("_pinned");
  if (p.m) name.append("_").append(p.precision);
  return name;
}

// The ABI parameters for a plugin's supports(): what measure_point() sends for the point,
// under a small fixed policy.
inline gp_run_params supports_query(const KernelSpec& k, const KernelParams& p) {
  MeasurePolicy policy;
  policy.samples = 2;
  policy.max_samples = 2;
  policy.min_sample_seconds = 0.001;
  return run_params_for(k, p, policy);
}

}  // namespace gpuprobe::test
