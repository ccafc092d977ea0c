// Shared by the matmul kernels (naive, tiled, vendor): the shape, the inputs in device
// buffers (fp32, or fp16 storage), and the check of C against the host reference.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../cl_handles.hpp"
#include "../device_context.hpp"
#include "gpuprobe/plugin.h"

namespace gpuprobe::opencl {

class MatmulProblem {
 public:
  // Allocates A (m x k), B (k x n), C (m x n), row-major, fills A and B with
  // reference::fill_random_floats (rounded to fp16 for GP_PRECISION_FP16) and uploads them.
  MatmulProblem(DeviceContext& device, const gp_run_params& params, gp_run_result& result);

  uint64_t m() const { return m_; }
  uint64_t n() const { return n_; }
  uint64_t k() const { return k_; }
  bool half() const { return half_; }
  size_t element_bytes() const { return half_ ? 2 : 4; }
  cl_mem a() const { return a_.get(); }
  cl_mem b() const { return b_.get(); }
  cl_mem c() const { return c_.get(); }

  // Reads C back, checks 64 sampled entries in double precision, and fills the result's
  // verification, size, work and (if it fails) note.
  void verify(DeviceContext& device, gp_run_result& result) const;

 private:
  uint64_t m_, n_, k_;
  bool half_;
  uint32_t seed_;
  // Host copies as the device sees them (fp16 inputs: the rounded values).
  std::vector<float> host_a_, host_b_;
  Mem a_, b_, c_;
};

std::string fp16_matmul_reason(const DeviceContext& device, const gp_run_params& params);

}  // namespace gpuprobe::opencl
