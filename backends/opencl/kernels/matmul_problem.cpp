#include "matmul_problem.hpp"

#include "../buffers.hpp"
#include "../cl_error.hpp"
#include "../half_float.hpp"
#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/precision.hpp"
#include "kit/checks.hpp"
#include "kit/sizes.hpp"

namespace gpuprobe::opencl {
namespace {

constexpr uint64_t kDefaultDimension = 1024;
// Significand bits of the kernels' accumulator and of C: fp32, or fp16 storage and
// arithmetic (naive and tiled accumulate in T; CLBlast HGEMM in half as well).
constexpr int kFp32Bits = 24;
constexpr int kFp16Bits = 11;
// A quiet NaN in fp16 (the fp32 poison is kit::kPoisonFloatBits).
constexpr uint16_t kPoisonHalfBits = 0x7E01;

uint64_t dimension(uint64_t requested) { return requested ? requested : kDefaultDimension; }

Mem upload(DeviceContext& device, const std::vector<float>& values, bool half, const char* what) {
  const uint64_t bytes = values.size() * (half ? 2 : 4);
  if (bytes > device.caps().max_alloc_bytes)
    throw plugin::Error(GP_ERR_OUT_OF_MEMORY,
                        std::string("matrix ") + what + " needs " + kit::format_bytes(bytes) +
                            ", more than CL_DEVICE_MAX_MEM_ALLOC_SIZE (" +
                            kit::format_bytes(device.caps().max_alloc_bytes) + ")");
  Mem buffer = create_buffer(device, CL_MEM_READ_WRITE, bytes, what);
  if (half) {
    std::vector<uint16_t> bits(values.size());
    for (size_t i = 0; i < values.size(); ++i) bits[i] = half_float::to_bits(values[i]);
    write_buffer(device, buffer.get(), bits.data(), bytes);
  } else {
    write_buffer(device, buffer.get(), values.data(), bytes);
  }
  return buffer;
}

}  // namespace

std::string fp16_matmul_reason(const DeviceContext& device, const gp_run_params& params) {
  if (params.precision == GP_PRECISION_FP16 && !device.caps().fp16)
    return "no fp16 on this device (cl_khr_fp16 not reported)";
  if (params.precision != GP_PRECISION_FP32 && params.precision != GP_PRECISION_FP16)
    return precision_unsupported_reason("OpenCL", params.precision);
  return {};
}

MatmulProblem::MatmulProblem(DeviceContext& device, const gp_run_params& params,
                             gp_run_result& result)
    : m_(dimension(params.m)),
      n_(dimension(params.n)),
      k_(dimension(params.k)),
      half_(params.precision == GP_PRECISION_FP16),
      seed_(params.seed) {
  if (!params.m || !params.n || !params.k)
    plugin::append_note(&result, "m, n or k not given: 1024 used");
  // Before the host matrices are filled: a shape the device cannot hold is unsupported,
  // never a std::bad_alloc. The host keeps fp32 copies of A and B and reads C back.
  const DeviceCaps& caps = device.caps();
  kit::check_matmul_fits(m_, n_, k_, element_bytes(), element_bytes(),
                         {{caps.max_alloc_bytes, "CL_DEVICE_MAX_MEM_ALLOC_SIZE", true},
                          {caps.global_mem_bytes, "CL_DEVICE_GLOBAL_MEM_SIZE", false}});
  kit::check_matmul_fits(m_, n_, k_, sizeof(float), sizeof(float),
                         {{kit::host_memory_bytes(), "host memory", false}});
  host_a_.resize(m_ * k_);
  host_b_.resize(k_ * n_);
  kit::fill_matmul_inputs(host_a_.data(), host_a_.size(), seed_);
  kit::fill_matmul_inputs(host_b_.data(), host_b_.size(), seed_ + 1);
  a_ = upload(device, host_a_, half_, "A");
  b_ = upload(device, host_b_, half_, "B");
  const uint64_t c_bytes = m_ * n_ * element_bytes();
  if (c_bytes > device.caps().max_alloc_bytes)
    throw plugin::Error(GP_ERR_OUT_OF_MEMORY, "matrix C needs " + kit::format_bytes(c_bytes) +
                                                  ", more than CL_DEVICE_MAX_MEM_ALLOC_SIZE");
  c_ = create_buffer(device, CL_MEM_READ_WRITE, c_bytes, "C");
  poison(device);
}

void MatmulProblem::poison(DeviceContext& device) const {
  const uint64_t bytes = m_ * n_ * element_bytes();
  if (half_) {
    const uint16_t nan = kPoisonHalfBits;
    fill_buffer(device, c_.get(), &nan, sizeof nan, bytes);
  } else {
    const uint32_t nan = kit::kPoisonFloatBits;
    fill_buffer(device, c_.get(), &nan, sizeof nan, bytes);
  }
}

cl_float MatmulProblem::alpha_float(uint32_t key) const { return kit::matmul_alpha(key); }

cl_half MatmulProblem::alpha_half(uint32_t key) const {
  return half_float::to_bits(kit::matmul_alpha(key));
}

void MatmulProblem::verify(DeviceContext& device, uint32_t last_key, gp_run_result& result) const {
  std::vector<float> c(m_ * n_);
  if (half_) {
    std::vector<uint16_t> bits(c.size());
    read_buffer(device, c_.get(), bits.data(), bits.size() * 2);
    for (size_t i = 0; i < c.size(); ++i) c[i] = static_cast<float>(half_float::from_bits(bits[i]));
  } else {
    read_buffer(device, c_.get(), c.data(), c.size() * 4);
  }
  const int bits = half_ ? kFp16Bits : kFp32Bits;
  kit::begin_checks(result);
  kit::check_matmul(result, host_a_.data(), host_b_.data(), c.data(), m_, n_, k_,
                    kit::matmul_alpha(last_key), bits, bits, seed_);
  if (half_) plugin::append_note(&result, "fp16");
  result.size_bytes = (m_ * k_ + k_ * n_ + m_ * n_) * element_bytes();
  result.work_per_iteration =
      2.0 * static_cast<double>(m_) * static_cast<double>(n_) * static_cast<double>(k_);
}

}  // namespace gpuprobe::opencl
