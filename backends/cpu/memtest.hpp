// The VRAM test's CPU reference: the same patterns (kit/memtest.hpp) on host RAM, so the
// test and its fault injection can be checked on a machine with no accelerator at all.
#pragma once

#include "gpuprobe/memtest.h"
#include "kit/memtest.hpp"

namespace gpuprobe::cpu {

// MemTotal / MemAvailable from /proc/meminfo (0 where absent).
kit::MemtestMemory host_memtest_memory();

void run_host_memtest(const gp_memtest_params& params, gp_memtest_result& result);

}  // namespace gpuprobe::cpu
