// Reasons shared by several kernels' unsupported() checks.
#include "kernels.hpp"

namespace gpuprobe::opencl {

std::string always_supported(const DeviceContext&, const gp_run_params&) { return {}; }

std::string vector_width_reason(const gp_run_params& params) {
  const uint32_t width = params.vector_width;
  if (width == 1 || width == 2 || width == 4 || width == 8 || width == 16) return {};
  return "vector width " + std::to_string(width) + " not supported (1, 2, 4, 8 or 16)";
}

}  // namespace gpuprobe::opencl
