// The kernel list (kernels.def) as data for the core and the front-ends.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gpuprobe/plugin.h"

namespace gpuprobe {

struct KernelSpec {
  gp_kernel_id id;
  std::string name;
  std::string family;
  std::string unit;
  gp_metric metric;
  double scale;
  bool output_checked;  // kernels.def `output`: the core refuses an unverified figure
  std::string counting;
};

const std::vector<KernelSpec>& kernel_specs();
const KernelSpec* find_kernel(const std::string& name);
const KernelSpec& kernel_spec(gp_kernel_id id);

}  // namespace gpuprobe
