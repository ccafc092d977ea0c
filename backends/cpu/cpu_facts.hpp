// What the CPU backend knows about the machine it runs on, read once at init from
// /proc/cpuinfo, /proc/meminfo, /sys/devices/system/cpu and the CPUID feature bits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gpuprobe::cpu {

struct CpuFacts {
  std::string model_name;               // "model name" of /proc/cpuinfo
  std::string vendor;                   // "Intel", "AMD", or the raw vendor_id
  unsigned threads = 1;                 // hardware threads this process may run on (the pool size)
  std::optional<double> max_clock_mhz;  // cpufreq cpuinfo_max_freq, absent in most VMs
  std::optional<double> current_clock_mhz;  // "cpu MHz" of /proc/cpuinfo
  uint64_t mem_total_bytes = 0;
  uint64_t max_alloc_bytes =
      0;  // per-buffer cap: RAM / 4, or GPUPROBE_CPU_MAX_ALLOC_BYTES if lower
  uint64_t l1d_bytes = 0, l2_bytes = 0, llc_bytes = 0;  // as seen by one core
  // Instruction sets the kernels dispatch on (CPUID + OS support, via the compiler).
  bool avx2 = false, fma = false, avx512f = false, avx512fp16 = false;
  bool int8_dot = false;         // VNNI (avx512_vnni or avx_vnni): int8 dot products
  unsigned simd_width_bits = 0;  // widest vector register the kernels use
  std::string extensions;        // the relevant /proc/cpuinfo flags, space separated
};

CpuFacts detect_cpu_facts();

}  // namespace gpuprobe::cpu
