// The CPU as a gpuprobe device: typed capability keys, named like the other backends'
// where they mean the same thing; keys that have no CPU meaning are left out.
#pragma once

#include "cpu_facts.hpp"
#include "gpuprobe/plugin_support.hpp"
#include "isa/isa_kernels.hpp"

namespace gpuprobe::cpu {

// `native_fp16`: the AVX512-FP16 code is in use (the CPU has it and it is not capped off).
plugin::InfoList describe_device(const CpuFacts& facts, const isa::IsaKernels& kernels,
                                 bool native_fp16);

}  // namespace gpuprobe::cpu
