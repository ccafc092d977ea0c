// The matmul ladder per device: portable naive kernel -> tiled (shared memory) -> the
// vendor library -> reduced precision through the vendor library (tensor cores where the
// device has them). Steps come from the matmul family in kernels.def and the precisions
// present in the results.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/columns.hpp"

namespace gpuprobe::gui {

struct LadderStep {
  std::string label;  // "matmul_vendor fp16 (tensor cores)"
  std::string kernel, precision;
  std::optional<double> gflops;   // best Ok median
  std::string params;             // point that gave it
  std::string note;               // why there is no figure ("unsupported: no CLBlast")
  std::optional<double> speedup;  // over the first step with a figure
  bool tensor_cores = false;
};

struct MatmulLadder {
  size_t column = 0;
  std::vector<LadderStep> steps;
  std::string tensor_core_evidence;  // which info key said so, if any
};

std::vector<MatmulLadder> matmul_ladders(const std::vector<Column>& columns);

}  // namespace gpuprobe::gui
