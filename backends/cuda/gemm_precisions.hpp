// How each gpuprobe matmul precision runs through cuBLAS (cublasGemmEx): the input, output
// and compute types, the oldest architecture with the matrix units it needs, the shape
// rules, and the reason a device cannot run it. Host-only data: no GPU, no CUDA runtime.
#pragma once

#include <cublas_api.h>
#include <library_types.h>

#include <cstdint>
#include <string>

#include "gpuprobe/plugin.h"

namespace gpuprobe::cuda {

struct ComputeCapability {
  int major = 0, minor = 0;
  int number() const { return major * 10 + minor; }  // sm_80 -> 80
};

struct GemmPrecision {
  gp_precision precision;
  cudaDataType input_type;      // A and B
  cudaDataType output_type;     // C
  cublasComputeType_t compute;  // accumulation (and, for tf32, the input rounding)
  uint32_t input_bytes;         // per element of A and B
  uint32_t output_bytes;        // per element of C
  int min_compute_capability;   // 70 = sm_70
  const char* units;            // what executes it: "tensor cores (HMMA)", "CUDA cores", ...
  uint32_t dimension_multiple;  // m, n and k must be multiples of this (1: any)
  // Significand bits of the accumulator and of the stored C, for kit::check_matmul (24 for
  // fp32; int8 accumulates exactly in int32 and C is converted on the host).
  int accumulator_bits;
  int output_bits;
};

// The row for `precision`; throws std::invalid_argument for a value the ABI does not define.
const GemmPrecision& gemm_precision(uint32_t precision);

// "" when a device of `cc` can run `precision` at m x n x k through cuBLAS; else why not,
// naming the precision, the architecture it needs and the device's:
// "bf16 GEMM needs tensor cores with bf16 (sm_80, Ampere, and newer); this device is sm_75
// (Turing)".
std::string gemm_unsupported_reason(uint32_t precision, ComputeCapability cc, uint64_t m,
                                    uint64_t n, uint64_t k);

// "Volta", "Turing", "Ampere", ... for messages ("" for an unknown major).
const char* architecture_name(ComputeCapability cc);

}  // namespace gpuprobe::cuda
