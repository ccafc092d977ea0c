// Shared by the matmul kernels (naive, tiled, vendor): the shape, the inputs in device
// buffers (fp32, or fp16 storage), the poison of C, and the check of C by the kit's recipe
// (kit::fill_matmul_inputs, C = kit::matmul_alpha(last key) x A x B, kit::check_matmul).
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
  // kit::fill_matmul_inputs (exact in fp16 too), uploads them and poisons C.
  MatmulProblem(DeviceContext& device, const gp_run_params& params, gp_run_result& result);

  uint64_t m() const { return m_; }
  uint64_t n() const { return n_; }
  uint64_t k() const { return k_; }
  bool half() const { return half_; }
  size_t element_bytes() const { return half_ ? 2 : 4; }
  cl_mem a() const { return a_.get(); }
  cl_mem b() const { return b_.get(); }
  cl_mem c() const { return c_.get(); }

  // C set to NaN: an entry no launch wrote fails the check.
  void poison(DeviceContext& device) const;
  // alpha as the kernels take it (fp32, or fp16 bits in the low half of the word).
  cl_float alpha_float(uint32_t key) const;
  cl_half alpha_half(uint32_t key) const;

  // Reads C back, checks it with kit::check_matmul against alpha = kit::matmul_alpha(
  // last_key), and fills the result's verification, size, work and (if it fails) note.
  void verify(DeviceContext& device, uint32_t last_key, gp_run_result& result) const;

 private:
  uint64_t m_, n_, k_;
  bool half_;
  uint32_t seed_;
  // Host copies as the device sees them (exact in fp16 as well).
  std::vector<float> host_a_, host_b_;
  Mem a_, b_, c_;
};

std::string fp16_matmul_reason(const DeviceContext& device, const gp_run_params& params);

}  // namespace gpuprobe::opencl
