// The test plugins' simulated device: a batch "runs" for as long as it would take at 1 GB/s,
// slept in 1 ms steps so a cancel is seen within a millisecond or two.
#pragma once

#include <chrono>
#include <thread>

#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::test {

inline void sleep_unless_cancelled(double seconds, const gp_run_params* params) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() <
             seconds &&
         !plugin::cancelled(params))
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

}  // namespace gpuprobe::test
