#include "device_info.hpp"

#ifndef GPUPROBE_CPU_VERSION
#define GPUPROBE_CPU_VERSION "unknown"
#endif

namespace gpuprobe::cpu {

plugin::InfoList describe_device(const CpuFacts& facts, const isa::IsaKernels& kernels,
                                 bool native_fp16) {
  plugin::InfoList info;
  info.add_string("name", facts.model_name);
  info.add_string("vendor", facts.vendor);
  info.add_string("device_type", "CPU");
  info.add_string("driver_version", std::string("gpuprobe-cpu ") + GPUPROBE_CPU_VERSION);
  info.add_int("compute_units", facts.threads);  // hardware threads the pool runs on
  // A VM rarely exposes cpufreq; then only the current clock is known, and the key says so.
  if (facts.max_clock_mhz) {
    info.add_float("max_clock_mhz", *facts.max_clock_mhz, "MHz");
  } else if (facts.current_clock_mhz) {
    info.add_float("current_clock_mhz", *facts.current_clock_mhz, "MHz");
  }
  info.add_int("global_mem_bytes", static_cast<int64_t>(facts.mem_total_bytes), "bytes");
  info.add_int("max_alloc_bytes", static_cast<int64_t>(facts.max_alloc_bytes), "bytes");
  if (facts.l1d_bytes)
    info.add_int("cache_l1d_bytes", static_cast<int64_t>(facts.l1d_bytes), "bytes");
  if (facts.l2_bytes) info.add_int("cache_l2_bytes", static_cast<int64_t>(facts.l2_bytes), "bytes");
  if (facts.llc_bytes)
    info.add_int("cache_llc_bytes", static_cast<int64_t>(facts.llc_bytes), "bytes");
  info.add_int("simd_width_bits", kernels.vector_bits, "bits");
  info.add_string("simd_code_path", kernels.name);
  info.add_bool("fp16", native_fp16);  // fp16 arithmetic (AVX512-FP16), not F16C conversion
  info.add_bool("fp64", true);
  info.add_bool("int8", facts.int8_dot);  // VNNI int8 dot products
  info.add_string("extensions", facts.extensions);
  return info;
}

}  // namespace gpuprobe::cpu
