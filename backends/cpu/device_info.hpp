// The CPU as a gpuprobe device: typed capability keys, named like the other backends'
// where they mean the same thing; keys that have no CPU meaning are left out.
#pragma once

#include "cpu_facts.hpp"
#include "gpuprobe/plugin_support.hpp"
#include "isa/isa_kernels.hpp"

namespace gpuprobe::cpu {

plugin::InfoList describe_device(const CpuFacts& facts, const isa::IsaKernels& kernels);

}  // namespace gpuprobe::cpu
