// Everything a CPU kernel run needs: the machine's facts, the thread pool, and the loop
// variants chosen for this CPU. Created by init(), destroyed by shutdown().
#pragma once

#include "cpu_facts.hpp"
#include "gpuprobe/plugin_support.hpp"
#include "isa/isa_kernels.hpp"
#include "thread_pool.hpp"

namespace gpuprobe::cpu {

struct Context {
  Context();

  CpuFacts facts;
  ThreadPool pool;
  // The widest loop variant this CPU can execute (AVX-512, AVX2+FMA or generic).
  const isa::IsaKernels& kernels;
  const isa::Fp16Kernels* fp16;  // nullptr without AVX512-FP16
  plugin::InfoList info;
};

// Checks what depends on this CPU and on the parameters (the kernel table has already
// ruled out kernels the CPU never runs); throws plugin::Error with GP_ERR_UNSUPPORTED or
// GP_ERR_INVALID_ARGUMENT and the reason.
void check_support(const Context& context, const gp_run_params& params);

}  // namespace gpuprobe::cpu
