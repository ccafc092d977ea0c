// Everything a CPU kernel run needs: the machine's facts, the thread pool, and the loop
// variants chosen for this CPU. Created by init(), destroyed by shutdown().
#pragma once

#include <mutex>
#include <string>

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
  // The pool runs one launch at a time, so runs are serialised.
  std::mutex run_mutex;
};

// GP_OK, or GP_ERR_UNSUPPORTED / GP_ERR_INVALID_ARGUMENT with the reason in *reason.
gp_status check_support(const Context& context, const gp_run_params& params, std::string* reason);

}  // namespace gpuprobe::cpu
