#include "context.hpp"

#include <cstdlib>

#include "device_info.hpp"
#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/precision.hpp"
#include "gpuprobe/printable.hpp"

namespace gpuprobe::cpu {
namespace {

// GPUPROBE_CPU_ISA=generic|avx2|avx512 caps the code path below what the CPU could run:
// to compare paths on one machine, and so the tests exercise the fallbacks here too.
// Any cap also turns the AVX512-FP16 code off.
// Another value is a mistake to report, not to ignore: the backend is unavailable, saying why.
std::string isa_cap() {
  const char* cap = std::getenv("GPUPROBE_CPU_ISA");
  const std::string value = cap ? cap : "";
  if (value.empty() || value == "generic" || value == "avx2" || value == "avx512") return value;
  throw plugin::Error(GP_ERR_UNAVAILABLE, "GPUPROBE_CPU_ISA='" + printable(value) +
                                              "' is not generic, avx2 or avx512; fix or unset it");
}

const isa::IsaKernels& select_kernels(const CpuFacts& facts, const std::string& cap) {
  const bool allow_avx512 = cap.empty() || cap == "avx512";
  const bool allow_avx2 = allow_avx512 || cap == "avx2";
  if (allow_avx512 && facts.avx512f && isa::avx512_kernels()) return *isa::avx512_kernels();
  if (allow_avx2 && facts.avx2 && facts.fma && isa::avx2_kernels()) return *isa::avx2_kernels();
  return isa::generic_kernels();
}

const isa::Fp16Kernels* select_fp16(const CpuFacts& facts, const std::string& cap) {
  return facts.avx512fp16 && cap.empty() ? isa::avx512fp16_kernels() : nullptr;
}

bool is_vector_width(uint32_t width) {
  return width == 0 || width == 1 || width == 2 || width == 4 || width == 8 || width == 16;
}

bool uses_vector_width(uint32_t kernel) {
  return kernel == GP_KERNEL_READ || kernel == GP_KERNEL_WRITE || kernel == GP_KERNEL_COPY ||
         kernel == GP_KERNEL_LATENCY_HIDING;
}

bool is_matmul(uint32_t kernel) {
  return kernel == GP_KERNEL_MATMUL_NAIVE || kernel == GP_KERNEL_MATMUL_TILED ||
         kernel == GP_KERNEL_MATMUL_VENDOR;
}

}  // namespace

Context::Context()
    : facts(detect_cpu_facts()),
      pool(facts.threads),
      kernels(select_kernels(facts, isa_cap())),
      fp16(select_fp16(facts, isa_cap())),
      info(describe_device(facts, kernels, fp16 != nullptr)) {}

void check_support(const Context& context, const gp_run_params& params) {
  auto invalid = [](const char* why) { return plugin::Error(GP_ERR_INVALID_ARGUMENT, why); };
  auto unsupported = [](const char* why) { return plugin::Error(GP_ERR_UNSUPPORTED, why); };
  if (params.struct_size < sizeof(gp_run_params))
    throw invalid("gp_run_params.struct_size is smaller than this plugin's gp_run_params");
  if (uses_vector_width(params.kernel) && !is_vector_width(params.vector_width))
    throw invalid("vector_width must be 1, 2, 4, 8 or 16");
  if (params.kernel == GP_KERNEL_COMPUTE_FP16 && !context.fp16) {
    throw unsupported(
        context.facts.avx512fp16
            ? "AVX512-FP16 code not in this build or turned off by GPUPROBE_CPU_ISA"
            : "no native fp16 arithmetic on this CPU (needs AVX512-FP16; F16C only converts)");
  }
  if (is_matmul(params.kernel) && params.precision != GP_PRECISION_FP32) {
    if (precision_name(params.precision).empty()) throw invalid("unknown matmul precision");
    if (params.precision != GP_PRECISION_FP16)
      throw plugin::Error(GP_ERR_UNSUPPORTED,
                          precision_unsupported_reason("CPU backend", params.precision));
    if (params.kernel == GP_KERNEL_MATMUL_VENDOR)
      throw unsupported("OpenBLAS has no fp16 GEMM (only bf16)");
    if (!context.fp16)
      throw unsupported(
          "no native fp16 arithmetic on this CPU (needs AVX512-FP16) for an fp16 matmul");
  }
}

}  // namespace gpuprobe::cpu
