// The matmul ladder per device: portable naive kernel -> tiled (shared memory) -> the
// vendor library -> reduced precision through the vendor library (tensor cores where the
// device has them). Steps come from the matmul family in kernels.def and the precisions
// present in the results.
//
// Rungs are compared at one shape, like for like: a --full run measures naive only at
// 512 and 1024 but tiled and vendor up to 8192, and a big matrix alone makes a kernel
// look faster. The shape is the largest one every measured step shares; failing that, the
// largest every measured fp32 step shares (reduced-precision steps measured elsewhere then
// have no figure); failing that, no shape: each step shows its best point and there are no
// speed-ups.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/columns.hpp"

namespace gpuprobe::gui {

struct LadderStep {
  std::string label;  // "matmul_vendor fp16 (tensor cores)"
  std::string kernel, precision;
  std::optional<double> gflops;   // Ok median at the ladder's shape (best point without one)
  std::string params;             // point that gave it
  std::string shape;              // its m x n x k: "1024x1024x1024"
  std::string note;               // why there is no figure ("unsupported: no CLBlast")
  std::optional<double> speedup;  // over the first step with a figure, same shape only
  bool tensor_cores = false;
};

struct MatmulLadder {
  size_t column = 0;
  std::vector<LadderStep> steps;
  std::string tensor_core_evidence;  // which info key said so, if any
  std::string shape;                 // "1024x1024x1024", or "" when no shape is shared
  std::string basis;                 // the comparison rule, in words, for the panels
};

std::vector<MatmulLadder> matmul_ladders(const std::vector<Column>& columns);

// "1024x1024x1024" (m x n x k).
std::string shape_text(const KernelParams& p);

}  // namespace gpuprobe::gui
