#include "gemm_precisions.hpp"

#include <stdexcept>

#include "gpuprobe/precision.hpp"

namespace gpuprobe::cuda {
namespace {

// fp32: SGEMM-equivalent on CUDA cores, any architecture this build targets.
// tf32: fp32 data, tensor cores round inputs to tf32 (10-bit mantissa): Ampere (sm_80).
// fp16: HMMA tensor cores since Volta (sm_70), fp32 accumulate and fp32 C.
// bf16: bf16 tensor-core MMA since Ampere (sm_80), fp32 accumulate.
// int8: IMMA tensor cores since Turing (sm_75), int32 accumulate; cuBLAS's int8 GemmEx
//       wants leading dimensions that are multiples of 4 (lda = k, ldb = ldc = n here, and
//       m too so that the transposed view keeps the rule).
// The grid inputs of kit::fill_matmul_inputs are exact in fp16, bf16 and tf32; int8 runs on
// the same values times 8 (4..7), so every product is exact and C / 64 is the fp32 answer.
const GemmPrecision kRows[] = {
    {GP_PRECISION_FP32, CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F, 4, 4, 0, "CUDA cores", 1, 24,
     24},
    {GP_PRECISION_TF32, CUDA_R_32F, CUDA_R_32F, CUBLAS_COMPUTE_32F_FAST_TF32, 4, 4, 80,
     "tensor cores (tf32)", 1, 24, 24},
    {GP_PRECISION_FP16, CUDA_R_16F, CUDA_R_32F, CUBLAS_COMPUTE_32F, 2, 4, 70, "tensor cores (HMMA)",
     1, 24, 24},
    {GP_PRECISION_BF16, CUDA_R_16BF, CUDA_R_32F, CUBLAS_COMPUTE_32F, 2, 4, 80,
     "tensor cores (bf16)", 1, 24, 24},
    {GP_PRECISION_INT8, CUDA_R_8I, CUDA_R_32I, CUBLAS_COMPUTE_32I, 1, 4, 75, "tensor cores (IMMA)",
     4, 24, 24},  // int32 C, checked as fp32 after C / 64
};

std::string sm(int number) { return "sm_" + std::to_string(number); }

std::string sm_with_name(int number) {
  const char* name = architecture_name({number / 10, number % 10});
  return *name ? sm(number) + " (" + name + ")" : sm(number);
}

}  // namespace

const GemmPrecision& gemm_precision(uint32_t precision) {
  for (const auto& row : kRows)
    if (uint32_t(row.precision) == precision) return row;
  throw std::invalid_argument("unknown matmul precision " + std::to_string(precision));
}

const char* architecture_name(ComputeCapability cc) {
  switch (cc.major) {
    case 5:
      return "Maxwell";
    case 6:
      return "Pascal";
    case 7:
      return cc.minor >= 5 ? "Turing" : "Volta";
    case 8:
      return cc.minor == 9 ? "Ada" : "Ampere";
    case 9:
      return "Hopper";
    case 10:
    case 11:
    case 12:
      return "Blackwell";
    default:
      return "";
  }
}

std::string gemm_unsupported_reason(uint32_t precision, ComputeCapability cc, uint64_t m,
                                    uint64_t n, uint64_t k) {
  const GemmPrecision& row = gemm_precision(precision);
  const std::string name(precision_name(precision));
  if (cc.number() < row.min_compute_capability)
    return name + " GEMM needs " + row.units + " (" + sm_with_name(row.min_compute_capability) +
           " and newer); this device is " + sm_with_name(cc.number());
  const uint32_t q = row.dimension_multiple;
  if (q > 1 && (m % q || n % q || k % q))
    return name + " GEMM through cuBLAS needs m, n and k that are multiples of " +
           std::to_string(q) + " (leading dimensions of int8 matrices); asked for " +
           std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k);
  return {};
}

}  // namespace gpuprobe::cuda
