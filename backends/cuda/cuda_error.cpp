#include "cuda_error.hpp"

#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::cuda {

void check(cudaError_t err, const std::string& what) {
  if (err == cudaSuccess) return;
  const std::string text =
      what + " failed: " + cudaGetErrorName(err) + " (" + cudaGetErrorString(err) + ")";
  throw plugin::Error(err == cudaErrorMemoryAllocation ? GP_ERR_OUT_OF_MEMORY : GP_ERR_DEVICE,
                      text);
}

}  // namespace gpuprobe::cuda
